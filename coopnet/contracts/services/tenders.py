"""Tenders, their lots and documents."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from coopnet.core.models import Organization, OrganizationKind, User
from coopnet.core.parameters import ParameterMissingError, parameter_value
from coopnet.core.services import save_audited

from .. import rules
from ..models import Lot, Procedure, Tender, TenderDocument

TENDER_FIELDS = (
    "authority",
    "title",
    "reference",
    "procedure",
    "subject",
    "central_government",
    "health_body",
    "published_on",
    "questions_deadline",
    "bid_deadline",
    "notes",
)
LOT_FIELDS = ("number", "title", "cig", "cup", "base_value")


def _clean_tender(tender: Tender) -> None:
    tender.full_clean()
    errors: dict[str, list[str]] = {}
    if tender.authority.kind != OrganizationKind.PUBLIC_BODY:
        errors["authority"] = [_("La stazione appaltante deve essere un ente pubblico.")]
    if tender.bid_deadline < tender.published_on:
        errors["bid_deadline"] = [_("Il termine per le offerte viene dopo la pubblicazione.")]
    q = tender.questions_deadline
    if q is not None and not tender.published_on <= q <= tender.bid_deadline:
        errors["questions_deadline"] = [
            _("Il termine per i chiarimenti cade tra la pubblicazione e il termine per le offerte.")
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def tender_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> Tender:
    """Record a tender the organization follows."""
    return save_audited(
        actor=actor,
        instance=Tender(organization=organization),
        data=data,
        fields=TENDER_FIELDS,
        clean=_clean_tender,
        action="contracts.tender.create",
    )


def convention_threshold(tender: Tender) -> Decimal:
    """R-381-5a: the EU threshold in force when the tender was published (central or not)."""
    key = (
        "r381.eu_threshold_central" if tender.central_government else "r381.eu_threshold_subcentral"
    )
    return parameter_value(key, tender.published_on)


def check_convention(tender: Tender, value: Decimal, field: str) -> None:
    """Refuse an art. 5 convention whose value reaches the EU threshold, with the reason."""
    if tender.procedure != Procedure.CONVENTION:
        return
    try:
        reason = rules.convention_error(value, convention_threshold(tender))
    except ParameterMissingError as error:
        reason = error.user_message()
    if reason:
        raise ValidationError({field: [reason]})


def _clean_lot(lot: Lot) -> None:
    lot.cig = lot.cig.strip().upper()
    lot.cup = lot.cup.strip().upper()
    lot.full_clean()
    others = Lot.objects.for_org(lot.organization).filter(tender=lot.tender).exclude(pk=lot.pk)
    total = others.aggregate(total=Sum("base_value"))["total"] or Decimal(0)
    check_convention(lot.tender, total + lot.base_value, "base_value")


@transaction.atomic
def lot_create(*, actor: User | None, tender: Tender, data: Mapping[str, Any]) -> Lot:
    """Add a lot; a convention's lots together stay below the EU threshold (R-381-5a). The
    tender is locked so that two lots added at once are checked against each other."""
    Tender.objects.for_org(tender.organization).select_for_update().filter(pk=tender.pk).first()
    return save_audited(
        actor=actor,
        instance=Lot(organization=tender.organization, tender=tender),
        data=data,
        fields=LOT_FIELDS,
        clean=_clean_lot,
        action="contracts.lot.create",
    )


@transaction.atomic
def document_add(
    *, actor: User | None, tender: Tender, title: str, file: UploadedFile
) -> TenderDocument:
    """Attach a document (notice, specifications, forms) to a tender."""
    return save_audited(
        actor=actor,
        instance=TenderDocument(organization=tender.organization, tender=tender),
        data={"title": title, "file": file},
        fields=("title", "file"),
        clean=lambda d: d.full_clean(),
        action="contracts.document.create",
    )
