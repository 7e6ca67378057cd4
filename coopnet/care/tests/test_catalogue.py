"""Service catalogue, funding contracts and rates, scheduling settings."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from coopnet.care.models import ServiceType
from coopnet.care.services import catalogue
from coopnet.core.models import AuditEntry, OrganizationKind
from coopnet.core.tests.factories import OrganizationFactory

from .factories import ServiceTypeFactory

pytestmark = pytest.mark.django_db

HOME_CARE = {
    "name": "Assistenza domiciliare",
    "code": "sad",
    "required_qualification": "oss",
    "default_duration": 60,
    "volunteer_allowed": False,
    "active": True,
}


def test_a_service_type_is_created_and_audited(org, admin_user):
    service_type = catalogue.service_type_create(actor=admin_user, organization=org, data=HOME_CARE)
    assert service_type.organization == org
    entry = AuditEntry.objects.get(action="care.service_type.create")
    assert entry.actor == admin_user
    assert entry.after is not None
    assert entry.after["code"] == "sad"


def test_a_qualified_service_cannot_be_given_to_volunteers_r381_2d(org, admin_user):
    # given a service that requires a nurse
    data = {**HOME_CARE, "required_qualification": "infermiere", "volunteer_allowed": True}
    # when someone marks it as open to volunteers, then the service refuses with the rule
    with pytest.raises(ValidationError) as caught:
        catalogue.service_type_create(actor=admin_user, organization=org, data=data)
    assert "R-381-2d" in caught.value.message_dict["volunteer_allowed"][0]
    assert not ServiceType.objects.exists()


def test_the_database_also_refuses_a_volunteer_qualified_service(org):
    with pytest.raises(IntegrityError):
        ServiceType.objects.create(
            organization=org,
            name="x",
            code="x",
            required_qualification="oss",
            volunteer_allowed=True,
        )


def test_codes_are_unique_per_organization(org, other_org, admin_user):
    catalogue.service_type_create(actor=admin_user, organization=org, data=HOME_CARE)
    with pytest.raises(ValidationError) as caught:
        catalogue.service_type_create(actor=admin_user, organization=org, data=HOME_CARE)
    assert "code" in caught.value.message_dict
    # another cooperative may use the same code
    catalogue.service_type_create(actor=None, organization=other_org, data=HOME_CARE)


def test_a_public_contract_needs_a_public_body(org, admin_user):
    data = {"kind": "pubblico", "reference": "CIG 123", "start_date": dt.date(2025, 1, 1)}
    with pytest.raises(ValidationError) as caught:
        catalogue.funding_contract_create(actor=admin_user, organization=org, data=data)
    assert "public_body" in caught.value.message_dict
    coop = OrganizationFactory.create(kind=OrganizationKind.SOCIAL_COOP_B)
    with pytest.raises(ValidationError):
        catalogue.funding_contract_create(
            actor=admin_user, organization=org, data={**data, "public_body": coop}
        )
    comune = OrganizationFactory.create(
        kind=OrganizationKind.PUBLIC_BODY, short_name="Comune di Bologna"
    )
    contract = catalogue.funding_contract_create(
        actor=admin_user, organization=org, data={**data, "public_body": comune}
    )
    assert str(contract) == "CIG 123 · Comune di Bologna"


def test_contract_dates_are_ordered(org, admin_user):
    data = {
        "kind": "privato",
        "payer_name": "Famiglia Rossi",
        "reference": "Accordo 1",
        "start_date": dt.date(2025, 2, 1),
        "end_date": dt.date(2025, 1, 1),
    }
    with pytest.raises(ValidationError) as caught:
        catalogue.funding_contract_create(actor=admin_user, organization=org, data=data)
    assert "end_date" in caught.value.message_dict


@pytest.fixture
def contract(org, admin_user):
    """A private agreement of ``org``."""
    return catalogue.funding_contract_create(
        actor=admin_user,
        organization=org,
        data={
            "kind": "privato",
            "payer_name": "F.",
            "reference": "A1",
            "start_date": dt.date(2025, 1, 1),
        },
    )


def test_a_rate_is_set_then_changed_once_per_service(client, org, admin_user, contract):
    service_type = ServiceTypeFactory.create(organization=org)
    catalogue.contract_rate_set(
        actor=admin_user,
        contract=contract,
        service_type=service_type,
        price_per_hour=Decimal("21.5"),
    )
    rate = catalogue.contract_rate_set(
        actor=admin_user, contract=contract, service_type=service_type, price_per_hour=Decimal("22")
    )
    assert contract.rates.count() == 1
    assert rate.price_per_hour == Decimal("22.00")
    # and the contract page writes the price as Italian money
    client.force_login(admin_user)
    page = client.get(reverse("care:contract", args=[org.slug, contract.pk]))
    assert "22,00 €" in page.content.decode()
    with pytest.raises(ValidationError):
        catalogue.contract_rate_set(
            actor=admin_user,
            contract=contract,
            service_type=service_type,
            price_per_hour=Decimal("-1"),
        )


def test_a_rate_for_another_organizations_service_is_refused(org, other_org, admin_user, contract):
    with pytest.raises(ValidationError):
        catalogue.contract_rate_set(
            actor=admin_user,
            contract=contract,
            service_type=ServiceTypeFactory.create(organization=other_org),
            price_per_hour=Decimal("20"),
        )


def test_scheduling_settings_have_defaults_and_are_saved(org, admin_user):
    assert catalogue.scheduling_settings(org).lost_continuity_weight == 30
    catalogue.scheduling_settings_update(
        actor=admin_user, organization=org, data={"travel_weight": 2, "time_limit_seconds": 5}
    )
    settings = catalogue.scheduling_settings(org)
    assert (settings.travel_weight, settings.time_limit_seconds) == (2, 5)
    with pytest.raises(ValidationError):
        catalogue.scheduling_settings_update(
            actor=admin_user, organization=org, data={"time_limit_seconds": 0}
        )
