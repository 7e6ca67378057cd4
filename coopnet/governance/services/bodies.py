"""Writes of the bodies and their offices: a body, an appointment, the end of a term (never a
deletion: the history of the bodies is part of the social report, DM 4/7/2019 §6.3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, User
from coopnet.core.services import save_audited
from coopnet.members.models import Person, PersonKind

from ..models import Body, Office

BODY_FIELDS = ("kind", "name", "note")
OFFICE_FIELDS = (
    "person",
    "role",
    "appointed_by",
    "first_appointed_on",
    "start_date",
    "term_ends_on",
    "term_note",
)


def _clean_body(body: Body) -> None:
    if not body.name.strip():
        raise ValidationError({"name": _("Indica il nome dell'organo.")})


@transaction.atomic
def body_create(*, actor: User | None, organization: Organization, data: dict[str, Any]) -> Body:
    """A new body of the organization (its board, its control body, another office)."""
    return save_audited(
        actor=actor,
        instance=Body(organization=organization),
        data=data,
        fields=BODY_FIELDS,
        clean=_clean_body,
        action="governance.body.create",
    )


def _clean_office(office: Office) -> None:
    person: Person = office.person
    errors: dict[str, str] = {}
    if person.organization_id != office.organization_id:
        errors["person"] = _("La persona non è tra quelle dell'organizzazione.")
    elif person.kind != PersonKind.NATURAL:
        errors["person"] = _("Una carica è tenuta da una persona fisica.")
    elif (
        Office.objects.for_org(office.organization_id)
        .filter(body=office.body, person=person, ended_on__isnull=True)
        .exists()
    ):
        errors["person"] = _("Questa persona ha già una carica in corso in questo organo.")
    if office.first_appointed_on > office.start_date:
        errors["first_appointed_on"] = _(
            "La prima nomina non può essere successiva all'inizio del mandato."
        )
    if office.term_ends_on is not None and office.term_ends_on < office.start_date:
        errors["term_ends_on"] = _("La scadenza non può precedere l'inizio del mandato.")
    if office.start_date > timezone.localdate() + dt.timedelta(days=366):
        errors["start_date"] = _("L'inizio del mandato è troppo lontano nel futuro.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def office_appoint(*, actor: User | None, body: Body, data: dict[str, Any]) -> Office:
    """Record a person's term in ``body``; a person holds one term at a time in a body."""
    return save_audited(
        actor=actor,
        instance=Office(organization=body.organization, body=body),
        data=data,
        fields=OFFICE_FIELDS,
        clean=_clean_office,
        action="governance.office.appoint",
    )


@transaction.atomic
def office_end(*, actor: User, office: Office, ended_on: dt.date, reason: str) -> Office:
    """End a term on ``ended_on`` for ``reason``; the row stays, with its history."""
    office = Office.objects.for_org(office.organization_id).select_for_update().get(pk=office.pk)
    if office.ended_on is not None:
        raise ValidationError(
            {
                "ended_on": _("Questa carica è già cessata il %(day)s.")
                % {"day": f"{office.ended_on:%d/%m/%Y}"}
            }
        )
    if ended_on < office.start_date:
        raise ValidationError(
            {"ended_on": _("La cessazione non può precedere l'inizio del mandato.")}
        )
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("La cessazione non può essere nel futuro.")})
    if not reason:
        raise ValidationError({"reason": _("Indica il motivo della cessazione.")})
    before = snapshot(office, fields=["ended_on", "end_reason"])
    office.ended_on, office.end_reason = ended_on, reason
    office.save(update_fields=["ended_on", "end_reason"])
    log_action(
        actor=actor,
        action="governance.office.end",
        obj=office,
        before=before,
        after=snapshot(office, fields=["ended_on", "end_reason"]),
    )
    return office
