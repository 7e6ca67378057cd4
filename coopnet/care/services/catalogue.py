"""Service types, funding contracts, their hourly rates and an organization's solver weights."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, OrganizationKind, User
from coopnet.core.services import assign, save_audited

from ..models import (
    ContractRate,
    FundingContract,
    FundingKind,
    SchedulingSettings,
    ServiceType,
)
from ..selectors import scheduling_settings
from ._common import Audited, dates_ordered, same_organization

SERVICE_TYPE_FIELDS = (
    "name",
    "code",
    "required_qualification",
    "default_duration",
    "volunteer_allowed",
    "active",
)
CONTRACT_FIELDS = (
    "kind",
    "public_body",
    "payer_name",
    "reference",
    "start_date",
    "end_date",
    "notes",
)
SETTINGS_FIELDS = (
    "travel_weight",
    "total_tardiness_weight",
    "highest_tardiness_weight",
    "lost_continuity_weight",
    "non_preferred_weight",
    "workload_balance_weight",
    "waiting_weight",
    "idle_weight",
    "overtime_allowed",
    "overtime_weight",
    "optional_visit_weight",
    "missed_lunch_weight",
    "time_limit_seconds",
    "check_in_tolerance_minutes",
)


def _clean_service_type(service_type: ServiceType) -> None:
    service_type.name = (service_type.name or "").strip()
    service_type.code = (service_type.code or "").strip().lower()
    service_type.required_qualification = service_type.required_qualification or ""
    if not service_type.name:
        raise ValidationError({"name": _("Scrivi il nome del servizio.")})
    if service_type.required_qualification and service_type.volunteer_allowed:
        raise ValidationError(
            {
                "volunteer_allowed": _(
                    "Un servizio che richiede una qualifica non può essere affidato a "
                    "volontari: i volontari integrano, non sostituiscono, il personale "
                    "qualificato (R-381-2d)."
                )
            }
        )
    taken = ServiceType.objects.filter(
        organization_id=service_type.organization_id, code=service_type.code
    ).exclude(pk=service_type.pk)
    if taken.exists():
        raise ValidationError({"code": _("C'è già un servizio con questo codice.")})
    service_type.full_clean(exclude=["organization"])


SERVICE_TYPE = Audited(SERVICE_TYPE_FIELDS, _clean_service_type, "care.service_type")


@transaction.atomic
def service_type_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> ServiceType:
    """Add a service to the catalogue; R-381-2d keeps qualified services away from volunteers."""
    return SERVICE_TYPE.save(actor, ServiceType(organization=organization), data)


@transaction.atomic
def service_type_update(
    *, actor: User | None, service_type: ServiceType, data: Mapping[str, Any]
) -> ServiceType:
    return SERVICE_TYPE.save(actor, service_type, data)


def _clean_contract(contract: FundingContract) -> None:
    contract.reference = (contract.reference or "").strip()
    contract.payer_name = (contract.payer_name or "").strip()
    if not contract.reference:
        raise ValidationError({"reference": _("Scrivi il riferimento del contratto.")})
    if contract.kind == FundingKind.PUBLIC:
        body = contract.public_body
        if body is None and not contract.payer_name:
            raise ValidationError(
                {"public_body": _("Indica l'ente pubblico che finanzia il servizio.")}
            )
        if body is not None and body.kind != OrganizationKind.PUBLIC_BODY:
            raise ValidationError(
                {"public_body": _("L'organizzazione scelta non è un ente pubblico.")}
            )
    else:
        contract.public_body = None
    dates_ordered(contract.start_date, contract.end_date)
    contract.full_clean(exclude=["organization", "public_body"])


CONTRACT = Audited(CONTRACT_FIELDS, _clean_contract, "care.funding")


@transaction.atomic
def funding_contract_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> FundingContract:
    """Record who pays for care: a public body's contract or a private agreement."""
    return CONTRACT.save(actor, FundingContract(organization=organization), data)


@transaction.atomic
def funding_contract_update(
    *, actor: User | None, contract: FundingContract, data: Mapping[str, Any]
) -> FundingContract:
    return CONTRACT.save(actor, contract, data)


@transaction.atomic
def contract_rate_set(
    *,
    actor: User | None,
    contract: FundingContract,
    service_type: ServiceType,
    price_per_hour: Decimal,
) -> ContractRate:
    """Set (or change) the hourly price of a service under a contract."""
    same_organization(contract.organization, service_type, "service_type")
    rate = ContractRate.objects.select_for_update().filter(
        contract=contract, service_type=service_type
    ).first() or ContractRate(
        organization_id=contract.organization_id, contract=contract, service_type=service_type
    )
    return save_audited(
        actor=actor,
        instance=rate,
        data={"price_per_hour": price_per_hour.quantize(Decimal("0.01"))},
        fields=("price_per_hour",),
        clean=_clean_rate,
        action="care.rate.set",
    )


def _clean_rate(rate: ContractRate) -> None:
    if rate.price_per_hour < 0:
        raise ValidationError({"price_per_hour": _("Il prezzo non può essere negativo.")})


@transaction.atomic
def scheduling_settings_update(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> SchedulingSettings:
    settings = scheduling_settings(organization)
    before = None if settings._state.adding else snapshot(settings)
    assign(settings, data, SETTINGS_FIELDS)
    if not 1 <= settings.time_limit_seconds <= 600:
        raise ValidationError(
            {"time_limit_seconds": _("Il tempo di calcolo va da 1 a 600 secondi.")}
        )
    settings.full_clean(exclude=["organization"])
    settings.save()
    log_action(
        actor=actor,
        organization=organization,
        action="care.scheduling_settings.update",
        obj=settings,
        before=before,
        after=snapshot(settings),
    )
    return settings
