"""The family's link: a secret read-only page of a beneficiary's visits of the coming week."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coopnet.care.models import HealthNote
from coopnet.care.services import care, family, visits
from coopnet.core.models import AuditEntry
from coopnet.core.tokens import hash_token

from .conftest import at
from .factories import BeneficiaryFactory, LineFactory, PlanFactory, VisitFactory, paid_carer

pytestmark = pytest.mark.django_db


def page(token):
    return reverse("care:family", kwargs={"token": token})


def visit_of(beneficiary, day, carer=None, hour=9):
    """A visit of ``beneficiary`` on ``day``, assigned to ``carer`` at ``hour`` when given."""
    plan = PlanFactory.create(organization=beneficiary.organization, beneficiary=beneficiary)
    visit = VisitFactory.create(
        line=LineFactory.create(organization=beneficiary.organization, plan=plan), date=day
    )
    if carer is not None:
        visits.visit_assign(actor=None, visit=visit, carer=carer, planned_start=at(day, hour))
    return visit


@pytest.fixture
def beneficiary(org):
    return BeneficiaryFactory.create(
        organization=org,
        person__given_name="Giuseppina",
        person__surname="Bertolini",
        person__phone="051 123456",
        needs="Chiave sotto il vaso",
        family_contacts="Figlia Marta 333 1234567",
    )


def test_the_page_shows_todays_visit_with_its_state_and_the_carers_given_name(
    client, org, beneficiary, carer
):
    # given a visit today assigned to Ada Operatrice at 9:00, and a health note
    today = timezone.localdate()
    visit = visit_of(beneficiary, today, carer)
    HealthNote.objects.create(organization=org, beneficiary=beneficiary, text="Diabete tipo 2")
    token = family.family_link_regenerate(actor=None, beneficiary=beneficiary)
    # when the family opens the link, without logging in
    response = client.get(page(token))
    # then it sees the cooperative, the given name, the visit, its state and the carer's name
    assert response.status_code == 200
    html = response.content.decode()
    for shown in ("La Ginestra", "Giuseppina", "09:00", visit.service_type.name, "Programmata"):
        assert shown in html, shown
    assert "Operatore: Ada" in html
    # and nothing else about anyone
    for hidden in (
        "Operatrice",
        "Bertolini",
        "051 123456",
        "Chiave sotto il vaso",
        "Marta",
        "Diabete",
        beneficiary.address,
    ):
        assert hidden not in html, hidden


def test_the_page_is_private_and_read_only(client, beneficiary):
    token = family.family_link_regenerate(actor=None, beneficiary=beneficiary)
    response = client.get(page(token))
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert client.post(page(token)).status_code == 405


def test_only_the_coming_week_without_cancelled_visits_nor_other_beneficiaries(
    client, org, beneficiary, carer
):
    today = timezone.localdate()
    shown = [visit_of(beneficiary, today), visit_of(beneficiary, today + dt.timedelta(days=6))]
    visit_of(beneficiary, today - dt.timedelta(days=1))
    visit_of(beneficiary, today + dt.timedelta(days=7))
    cancelled = visit_of(beneficiary, today)
    visits.visit_cancel(actor=None, visit=cancelled, reason="Ricovero")
    visit_of(BeneficiaryFactory.create(organization=org), today)
    token = family.family_link_regenerate(actor=None, beneficiary=beneficiary)
    response = client.get(page(token))
    assert [row.date for row in response.context["visits"]] == [v.date for v in shown]
    assert "Ricovero" not in response.content.decode()


def test_in_progress_done_and_missed_visits_say_so(client, beneficiary, carer):
    # given three visits today: one started at 9:05, one finished at 10:40, one missed
    today = timezone.localdate()
    started = visit_of(beneficiary, today, carer, hour=9)
    visits.visit_check_in(actor=None, visit=started, at=at(today, 9, 5))
    finished = visit_of(beneficiary, today, paid_carer(beneficiary.organization), hour=10)
    visits.visit_check_in(actor=None, visit=finished, at=at(today, 10))
    visits.visit_check_out(actor=None, visit=finished, at=at(today, 10, 40), notes="Tosse")
    missed = visit_of(beneficiary, today)
    visits.visit_mark_missed(actor=None, visit=missed, reason="Non era in casa")
    token = family.family_link_regenerate(actor=None, beneficiary=beneficiary)
    # when the family looks
    html = client.get(page(token)).content.decode()
    # then the states read in words, without the visit's notes or the reason
    assert "In corso dalle 09:05" in html
    assert "Conclusa alle 10:40" in html
    assert "Non effettuata" in html
    assert "Tosse" not in html
    assert "Non era in casa" not in html


def test_a_new_link_disables_the_old_and_revoking_disables_it(client, beneficiary):
    assert client.get(page("unknown")).status_code == 404
    old = family.family_link_regenerate(actor=None, beneficiary=beneficiary)
    new = family.family_link_regenerate(actor=None, beneficiary=beneficiary)
    assert client.get(page(old)).status_code == 404
    assert client.get(page(new)).status_code == 200
    beneficiary.refresh_from_db()
    assert new not in beneficiary.family_token_hash
    family.family_link_revoke(actor=None, beneficiary=beneficiary)
    assert client.get(page(new)).status_code == 404
    actions = AuditEntry.objects.filter(object_id=str(beneficiary.pk)).values_list(
        "action", flat=True
    )
    assert sorted(actions) == [
        "care.beneficiary.family_link",
        "care.beneficiary.family_link",
        "care.beneficiary.family_revoke",
    ]


def test_a_discharge_ends_the_link(client, beneficiary):
    token = family.family_link_regenerate(actor=None, beneficiary=beneficiary)
    assert client.get(page(token)).status_code == 200
    care.beneficiary_update(actor=None, beneficiary=beneficiary, data={"active": False})
    assert client.get(page(token)).status_code == 404


def test_the_coordinator_creates_and_revokes_the_link_from_the_beneficiary_page(
    client, org, coordinator, beneficiary
):
    client.force_login(coordinator)
    kwargs = {"org_slug": org.slug, "pk": beneficiary.pk}
    detail = client.get(reverse("care:beneficiary", kwargs=kwargs)).content.decode()
    assert "Link per la famiglia" in detail
    # when they create the link, its address is shown once
    response = client.post(reverse("care:family_link", kwargs=kwargs))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    url = response.context["family_url"]
    assert 'data-testid="family-url"' in response.content.decode()
    assert "/family/" in url
    assert "/family/" not in client.get(reverse("care:beneficiary", kwargs=kwargs)).content.decode()
    path = url.split("testserver")[1]
    assert client.get(path).status_code == 200
    audit = AuditEntry.objects.get(action="care.beneficiary.family_link")
    assert (audit.actor, audit.organization) == (coordinator, org)
    # when they revoke it, the page is gone
    response = client.post(reverse("care:family_link_revoke", kwargs=kwargs))
    assert response.status_code == 302
    assert client.get(path).status_code == 404
    assert AuditEntry.objects.filter(action="care.beneficiary.family_revoke").exists()


@pytest.mark.parametrize("persona", ["carer_user", "member_user", "outsider"])
def test_only_who_edits_beneficiaries_manages_the_link(client, org, beneficiary, persona, request):
    client.force_login(request.getfixturevalue(persona))
    kwargs = {"org_slug": org.slug, "pk": beneficiary.pk}
    assert client.post(reverse("care:family_link", kwargs=kwargs)).status_code == 404
    token = family.family_link_regenerate(actor=None, beneficiary=beneficiary)
    assert client.post(reverse("care:family_link_revoke", kwargs=kwargs)).status_code == 404
    beneficiary.refresh_from_db()
    assert beneficiary.family_token_hash == hash_token(token)
    assert client.get(reverse("care:family_link", kwargs=kwargs)).status_code == 405


def test_the_page_has_a_fixed_query_count(client, org, beneficiary):
    today = timezone.localdate()
    token = family.family_link_regenerate(actor=None, beneficiary=beneficiary)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page(token)).status_code == 200
        return len(captured)

    visit_of(beneficiary, today, paid_carer(org))
    few = queries()
    for day in range(1, 6):
        visit_of(beneficiary, today + dt.timedelta(days=day), paid_carer(org))
    assert queries() == few
