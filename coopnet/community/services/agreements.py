"""Writes of agreements on the commons: the agreement and its renewal, its parties, the
volunteers active in it, the reports it owes.

A renewal is a new agreement linked to the one it renews, starting after it ends: the old
period is never edited. An active volunteer must be insured (R-381-2c; CTS art. 18 for
volunteers of third-sector bodies, R-IS-4): the cover is read from workforce's insurance
records, and a volunteer without one in force is refused with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import OrganizationKind, User
from coopnet.core.services import save_audited
from coopnet.workforce.models import Volunteer, VolunteerInsurance

from ..models import (
    AGREEMENT_FIELDS,
    AGREEMENT_TEXT_FIELDS,
    PARTY_FIELDS,
    Agreement,
    AgreementKind,
    AgreementParty,
    Asset,
    AssetKind,
    PactVolunteer,
    PartyRole,
    ReportDuty,
)
from .commons import _event


def day(value: dt.date) -> str:
    return date_format(value, "d/m/Y")


def insured_until(volunteer: Volunteer, on: dt.date) -> dt.date | None:
    """The last day of the volunteer's cover in force on ``on`` (None: not insured then)."""
    latest: dt.date | None = (
        VolunteerInsurance.objects.for_org(volunteer.organization_id)
        .filter(volunteer=volunteer, valid_from__lte=on, valid_to__gte=on)
        .aggregate(until=Max("valid_to"))["until"]
    )
    return latest


def _check_agreement(agreement: Agreement) -> None:
    errors: dict[str, str] = {}
    if agreement.start_date and agreement.end_date and agreement.end_date < agreement.start_date:
        errors["end_date"] = _("La fine non può precedere l'inizio.")
    if (
        agreement.kind == AgreementKind.CONFISCATED
        and agreement.asset.kind != AssetKind.CONFISCATED
    ):
        errors["kind"] = _(
            "L'assegnazione gratuita riguarda solo i beni confiscati alla criminalità."
        )
    if errors:
        raise ValidationError(errors)
    agreement.full_clean(exclude=["organization", "asset", "previous"])


@transaction.atomic
def agreement_create(*, actor: User | None, asset: Asset, data: Mapping[str, Any]) -> Agreement:
    """An agreement on ``asset``; the asset's history says it was signed."""
    agreement = save_audited(
        actor=actor,
        instance=Agreement(organization_id=asset.organization_id, asset=asset),
        data=data,
        fields=AGREEMENT_FIELDS,
        clean=_check_agreement,
        action="community.agreement.create",
    )
    _signed(agreement, actor)
    return agreement


def _signed(agreement: Agreement, actor: User | None) -> None:
    note = _("%(kind)s «%(title)s» dal %(start)s al %(end)s.") % {
        "kind": agreement.get_kind_display(),
        "title": agreement.title,
        "start": day(agreement.start_date),
        "end": day(agreement.end_date),
    }
    _event(agreement.asset, actor, note, date=min(agreement.start_date, timezone.localdate()))


@transaction.atomic
def agreement_update(
    *, actor: User | None, agreement: Agreement, data: Mapping[str, Any]
) -> Agreement:
    """Correct an agreement's texts; its kind and period stay as signed."""
    return save_audited(
        actor=actor,
        instance=agreement,
        data=data,
        fields=AGREEMENT_TEXT_FIELDS,
        clean=_check_agreement,
        action="community.agreement.update",
    )


@transaction.atomic
def agreement_renew(
    *, actor: User | None, agreement: Agreement, start_date: dt.date, end_date: dt.date
) -> Agreement:
    """A new period of ``agreement``, with its texts and parties; the volunteers and the
    reports due are added to the new period again (their insurance checked anew)."""
    agreement = (
        Agreement.objects.for_org(agreement.organization_id)
        .select_for_update()
        .get(pk=agreement.pk)
    )
    if Agreement.objects.for_org(agreement.organization_id).filter(previous=agreement).exists():
        raise ValidationError(_("Questo accordo è già stato rinnovato: rinnova l'ultimo."))
    if start_date <= agreement.end_date:
        raise ValidationError(
            {
                "start_date": _("Il rinnovo deve iniziare dopo la fine dell'accordo (%(end)s).")
                % {"end": day(agreement.end_date)}
            }
        )
    renewal = Agreement(
        organization_id=agreement.organization_id,
        asset=agreement.asset,
        previous=agreement,
        start_date=start_date,
        end_date=end_date,
        **{name: getattr(agreement, name) for name in AGREEMENT_FIELDS if "date" not in name},
    )
    _check_agreement(renewal)
    renewal.save()
    AgreementParty.objects.bulk_create(
        AgreementParty(
            organization_id=party.organization_id,
            agreement=renewal,
            **{name: getattr(party, name) for name in PARTY_FIELDS},
        )
        for party in agreement.parties.all()
    )
    _signed(renewal, actor)
    log_action(
        actor=actor,
        action="community.agreement.renew",
        obj=renewal,
        after={**snapshot(renewal), "previous": agreement.pk},
    )
    return renewal


def _check_party(party: AgreementParty) -> None:
    errors: dict[str, str] = {}
    if party.body is None and not party.name.strip():
        errors["name"] = _("Indica un'organizzazione della rete oppure il nome della parte.")
    if party.body is not None and party.name.strip():
        errors["name"] = _("Indica un'organizzazione della rete oppure un nome, non entrambi.")
    if (
        party.role == PartyRole.MUNICIPALITY
        and party.body is not None
        and party.body.kind != OrganizationKind.PUBLIC_BODY
    ):
        errors["body"] = _("Il comune o l'ente dev'essere un ente pubblico.")
    if party.role == PartyRole.RESIDENT and party.body is not None:
        errors["body"] = _("Un residente è una persona: scrivine il nome.")
    if errors:
        raise ValidationError(errors)
    party.full_clean(exclude=["organization", "agreement", "body"])


@transaction.atomic
def party_add(
    *, actor: User | None, agreement: Agreement, data: Mapping[str, Any]
) -> AgreementParty:
    """A party to an agreement (municipality, cooperative, association, resident)."""
    return save_audited(
        actor=actor,
        instance=AgreementParty(organization_id=agreement.organization_id, agreement=agreement),
        data=data,
        fields=PARTY_FIELDS,
        clean=_check_party,
        action="community.agreement.party",
    )


def _refuse_if_ended(agreement: Agreement, field: str | None = None) -> None:
    if timezone.localdate() > agreement.end_date:
        message = _("L'accordo è terminato il %(end)s.") % {"end": day(agreement.end_date)}
        raise ValidationError({field: message} if field else message)


@transaction.atomic
def pact_volunteer_save(
    *, actor: User | None, agreement: Agreement, volunteer: Volunteer, active: bool
) -> PactVolunteer:
    """Add a volunteer of the register to an agreement, or change whether they are active.
    An active volunteer must be in the register and insured from today (or from the
    agreement's start, when later)."""
    _refuse_if_ended(agreement, "volunteer")
    if volunteer.organization_id != agreement.organization_id:
        raise ValidationError({"volunteer": _("Il volontario non è di questa cooperativa.")})
    if active:
        on = max(timezone.localdate(), agreement.start_date)
        if volunteer.start_date > on or (volunteer.end_date and volunteer.end_date < on):
            raise ValidationError(
                {
                    "volunteer": _("%(name)s non è nel registro dei volontari il %(day)s.")
                    % {"name": volunteer, "day": day(on)}
                }
            )
        if insured_until(volunteer, on) is None:
            raise ValidationError(
                {
                    "volunteer": _(
                        "%(name)s non è assicurato il %(day)s: registra la sua copertura nel "
                        "registro dei volontari prima di renderlo attivo."
                    )
                    % {"name": volunteer, "day": day(on)}
                }
            )
    row = (
        PactVolunteer.objects.for_org(agreement.organization_id)
        .filter(agreement=agreement, volunteer=volunteer)
        .first()
    )
    before = snapshot(row, fields=["active"]) if row else None
    if row is None:
        row = PactVolunteer(
            organization_id=agreement.organization_id, agreement=agreement, volunteer=volunteer
        )
    row.active = active
    row.save()
    log_action(
        actor=actor,
        action="community.agreement.volunteer",
        obj=agreement,
        before=before,
        after={"volunteer": volunteer.pk, "active": active},
    )
    return row


@transaction.atomic
def duty_add(
    *, actor: User | None, agreement: Agreement, title: str, due_date: dt.date
) -> ReportDuty:
    """A report the agreement owes by ``due_date`` (within the agreement's period)."""
    if not agreement.start_date <= due_date <= agreement.end_date:
        raise ValidationError(
            {
                "due_date": _("La scadenza dev'essere tra il %(start)s e il %(end)s.")
                % {"start": day(agreement.start_date), "end": day(agreement.end_date)}
            }
        )
    if not title.strip():
        raise ValidationError({"title": _("Scrivi che cosa va rendicontato.")})
    duty = ReportDuty.objects.create(
        organization_id=agreement.organization_id,
        agreement=agreement,
        title=title.strip(),
        due_date=due_date,
    )
    log_action(actor=actor, action="community.agreement.duty", obj=duty, after=snapshot(duty))
    return duty
