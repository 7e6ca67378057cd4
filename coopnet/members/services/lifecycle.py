"""The membership lifecycle: application, admission or refusal, appeal, and the exits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import user_or_none
from coopnet.core.models import Organization, User
from coopnet.core.services import save_audited

from .. import deadlines
from ..models import (
    ExitCause,
    MemberCategory,
    Membership,
    MembershipEvent,
    MembershipEventKind,
    MembershipStatus,
    Person,
    PersonKind,
    RegisterCounter,
    ShareAccount,
)
from .persons import _known_person, person_create
from .statute import statute_for


def _event(
    membership: Membership,
    kind: str,
    date: dt.date,
    actor: User | None,
    reference: str = "",
    note: str = "",
) -> None:
    MembershipEvent.objects.create(
        organization_id=membership.organization_id,
        membership=membership,
        kind=kind,
        date=date,
        reference=reference,
        note=note,
        created_by=user_or_none(actor),
    )


def _record(
    actor: User | None,
    membership: Membership,
    action: str,
    changes: Mapping[str, Any],
    event: tuple[str, dt.date],
    reference: str = "",
    note: str = "",
) -> Membership:
    """Save a step of the lifecycle (its checks done): the membership's ``changes``, audited as
    ``members.membership.<action>``, and the ``event`` (kind, date) the libro soci shows."""
    save_audited(
        actor=actor,
        instance=membership,
        data=changes,
        fields=tuple(changes),
        clean=_checked,
        action=f"members.membership.{action}",
    )
    _event(membership, *event, actor, reference, note)
    return membership


def _checked(membership: Membership) -> None:
    """Each step checks its own rules before ``_record``: nothing is left to check here."""


def _check_not_future(day: dt.date, field: str) -> None:
    """The libro soci records what has happened: a step dated after today is refused."""
    if day > timezone.localdate():
        raise ValidationError(
            {
                field: _("La data %(d)s è nel futuro: si registra solo ciò che è già avvenuto.")
                % {"d": f"{day:%d/%m/%Y}"}
            }
        )


def _require_status(membership: Membership, *allowed: str) -> None:
    if membership.status not in allowed:
        raise ValidationError(
            _("Operazione non possibile: il socio è nello stato «%(status)s».")
            % {"status": membership.get_status_display()}
        )


def _check_category_allowed(organization: Organization, category: str) -> None:
    statute = statute_for(organization)
    if category not in statute.allowed_categories:
        raise ValidationError(
            {
                "category": _("Lo statuto di %(org)s non prevede la categoria «%(category)s».")
                % {"org": organization.short_name, "category": MemberCategory(category).label}
            }
        )


def _check_volunteer_ratio(organization: Organization, on: dt.date) -> None:
    """R-381-2a: volunteer members may be at most half of all members, counting the new one."""
    active = Membership.objects.filter(organization=organization, status=MembershipStatus.ACTIVE)
    volunteers = active.filter(category=MemberCategory.VOLONTARIO).count() + 1
    total = active.count() + 1
    share = deadlines.legal_value("r381.volunteer_max_share", on, field="category")
    if volunteers > share * total:
        raise ValidationError(
            {
                "category": _(
                    "R-381-2a: con questa ammissione i soci volontari sarebbero %(v)s su "
                    "%(t)s, oltre il %(pct)s%% consentito dall'art. 2 della legge 381/1991."
                )
                % {"v": volunteers, "t": total, "pct": int(share * 100)}
            }
        )


def _lock_register(organization: Organization) -> RegisterCounter:
    """Lock the organization's register counter: admissions then happen one at a time, so
    two of them never get the same number nor break R-381-2a together."""
    RegisterCounter.objects.bulk_create(
        [RegisterCounter(organization=organization)], ignore_conflicts=True
    )
    return RegisterCounter.objects.select_for_update().get(organization=organization)


def _next_register_number(counter: RegisterCounter, wanted: int | None) -> int:
    """Allocate a register number (highest ever used + 1 unless one is given): a number stays
    with its member after they leave and is never given to anyone else."""
    numbers = Membership.objects.for_org(counter.organization_id)
    highest = max(counter.last_number, numbers.aggregate(n=Max("register_number"))["n"] or 0)
    if wanted is None:
        number = highest + 1
    elif wanted < 1:
        raise ValidationError(
            {"register_number": _("Il numero del libro soci deve essere maggiore di zero.")}
        )
    elif numbers.filter(register_number=wanted).exists():
        raise ValidationError(
            {
                "register_number": _("Il numero %(n)s del libro soci è già stato usato.")
                % {"n": wanted}
            }
        )
    else:
        number = wanted
    if number > counter.last_number:
        RegisterCounter.objects.filter(pk=counter.pk).update(last_number=number)
    return number


@transaction.atomic
def membership_apply(
    *,
    actor: User | None,
    organization: Organization,
    person: Person,
    category: str,
    applied_on: dt.date,
    note: str = "",
) -> Membership:
    """Record an application for membership; it waits for the board's decision."""
    _check_not_future(applied_on, "applied_on")
    if person.organization_id != organization.pk:
        raise ValidationError({"person": _("La persona non appartiene a questa organizzazione.")})
    _check_category_allowed(organization, category)
    if category == MemberCategory.PERSONA_GIURIDICA and person.kind != PersonKind.LEGAL:
        raise ValidationError(
            {"category": _("Solo una persona giuridica può essere socio persona giuridica.")}
        )
    open_membership = Membership.objects.filter(
        organization=organization,
        person=person,
        status__in=[MembershipStatus.APPLIED, MembershipStatus.ACTIVE],
    )
    if open_membership.exists():
        raise ValidationError(
            _("%(person)s è già socio o ha già una domanda aperta.") % {"person": person}
        )
    return _record(
        actor,
        Membership(organization=organization, person=person),
        "apply",
        {"category": category, "applied_on": applied_on},
        (MembershipEventKind.APPLICATION, applied_on),
        note=note,
    )


@transaction.atomic
def application_submit(
    *,
    actor: User | None,
    organization: Organization,
    person_data: Mapping[str, Any],
    category: str,
    applied_on: dt.date,
    note: str = "",
) -> tuple[Membership, bool]:
    """An application together with the applicant's record, all or nothing.

    A person already known by codice fiscale (or partita IVA) keeps their record unchanged;
    returns the application and whether a new person record was created.
    """
    person = _known_person(organization, person_data)
    created = person is None
    if person is None:
        person = person_create(actor=actor, organization=organization, data=person_data)
    membership = membership_apply(
        actor=actor,
        organization=organization,
        person=person,
        category=category,
        applied_on=applied_on,
        note=note,
    )
    return membership, created


@transaction.atomic
def membership_admit(
    *,
    actor: User | None,
    membership: Membership,
    admitted_on: dt.date,
    decision_ref: str,
    register_number: int | None = None,
) -> Membership:
    """Admit an applicant by board decision (R-CC-2528): a register number is assigned."""
    _check_not_future(admitted_on, "admitted_on")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _require_status(membership, MembershipStatus.APPLIED, MembershipStatus.REFUSED)
    if admitted_on < membership.applied_on:
        raise ValidationError(
            {"admitted_on": _("La data di ammissione non può precedere la data della domanda.")}
        )
    _check_category_allowed(membership.organization, membership.category)
    counter = _lock_register(membership.organization)
    if membership.category == MemberCategory.VOLONTARIO:
        _check_volunteer_ratio(membership.organization, admitted_on)
    changes = {
        "register_number": _next_register_number(counter, register_number),
        "status": MembershipStatus.ACTIVE,
        "admitted_on": admitted_on,
        "admission_decision_ref": decision_ref,
    }
    ShareAccount.objects.get_or_create(
        membership=membership, defaults={"organization_id": membership.organization_id}
    )
    event = (MembershipEventKind.ADMISSION, admitted_on)
    return _record(actor, membership, "admit", changes, event, reference=decision_ref)


@transaction.atomic
def membership_refuse(
    *, actor: User | None, membership: Membership, refused_on: dt.date, reason: str
) -> Membership:
    """Refuse an application with a reason (R-CC-2528); the applicant may appeal in 60 days."""
    _check_not_future(refused_on, "refused_on")
    _require_status(membership, MembershipStatus.APPLIED)
    if not reason.strip():
        raise ValidationError({"reason": _("Il rigetto deve essere motivato (art. 2528 c.c.).")})
    if refused_on < membership.applied_on:
        raise ValidationError({"refused_on": _("La data non può precedere la domanda.")})
    changes = {
        "status": MembershipStatus.REFUSED,
        "refused_on": refused_on,
        "refusal_reason": reason,
    }
    event = (MembershipEventKind.REFUSAL, refused_on)
    return _record(actor, membership, "refuse", changes, event, note=reason)


@transaction.atomic
def membership_appeal(
    *, actor: User | None, membership: Membership, filed_on: dt.date
) -> Membership:
    """The refused applicant asks the assembly to decide (within 60 days, R-CC-2528)."""
    _check_not_future(filed_on, "filed_on")
    _require_status(membership, MembershipStatus.REFUSED)
    assert membership.refused_on is not None
    deadline = deadlines.appeal_deadline(membership)
    if filed_on < membership.refused_on or (deadline and filed_on > deadline):
        raise ValidationError(
            {
                "filed_on": _(
                    "R-CC-2528: il ricorso va presentato entro il %(deadline)s "
                    "(60 giorni dal rigetto)."
                )
                % {"deadline": deadline.strftime("%d/%m/%Y") if deadline else "—"}
            }
        )
    if membership.appeal_filed_on is not None:
        raise ValidationError(_("Il ricorso è già stato presentato."))
    changes = {"appeal_filed_on": filed_on}
    return _record(actor, membership, "appeal", changes, (MembershipEventKind.APPEAL, filed_on))


@transaction.atomic
def membership_appeal_decide(
    *,
    actor: User | None,
    membership: Membership,
    decided_on: dt.date,
    upheld: bool,
    reference: str,
) -> Membership:
    """Record the assembly's decision on an appeal; upheld means the applicant is admitted."""
    _check_not_future(decided_on, "decided_on")
    _require_status(membership, MembershipStatus.REFUSED)
    if membership.appeal_filed_on is None:
        raise ValidationError(_("Non c'è un ricorso da decidere."))
    if membership.appeal_decided_on is not None:
        raise ValidationError(_("Il ricorso è già stato deciso."))
    if decided_on < membership.appeal_filed_on:
        raise ValidationError(
            {"decided_on": _("La decisione non può precedere la presentazione del ricorso.")}
        )
    outcome = _("accolto") if upheld else _("respinto")
    _record(
        actor,
        membership,
        "appeal_decide",
        {"appeal_decided_on": decided_on, "appeal_upheld": upheld},
        (MembershipEventKind.APPEAL_OUTCOME, decided_on),
        reference,
        str(outcome),
    )
    if upheld:
        return membership_admit(
            actor=actor, membership=membership, admitted_on=decided_on, decision_ref=reference
        )
    return membership


@transaction.atomic
def withdrawal_request(
    *, actor: User | None, membership: Membership, requested_on: dt.date
) -> Membership:
    """A member asks to withdraw (R-CC-2532); the board must decide within 60 days."""
    _check_not_future(requested_on, "requested_on")
    _require_status(membership, MembershipStatus.ACTIVE)
    if membership.exit_requested_on is not None:
        raise ValidationError(_("C'è già una richiesta di recesso in attesa di decisione."))
    assert membership.admitted_on is not None
    if requested_on < membership.admitted_on:
        raise ValidationError({"requested_on": _("La richiesta non può precedere l'ammissione.")})
    changes = {"exit_requested_on": requested_on}
    event = (MembershipEventKind.WITHDRAWAL_REQUEST, requested_on)
    return _record(actor, membership, "withdrawal_request", changes, event)


@transaction.atomic
def withdrawal_decide(
    *,
    actor: User | None,
    membership: Membership,
    decided_on: dt.date,
    accepted: bool,
    reference: str,
    reason: str = "",
) -> Membership:
    """The board accepts or rejects a withdrawal; dates follow R-CC-2532."""
    _check_not_future(decided_on, "decided_on")
    _require_status(membership, MembershipStatus.ACTIVE)
    if membership.exit_requested_on is None:
        raise ValidationError(_("Non c'è una richiesta di recesso da decidere."))
    if decided_on < membership.exit_requested_on:
        raise ValidationError({"decided_on": _("La decisione non può precedere la richiesta.")})
    if accepted:
        changes: dict[str, Any] = {
            "status": MembershipStatus.WITHDRAWN,
            "exit_cause": ExitCause.WITHDRAWAL,
            "exit_decided_on": decided_on,
            "exit_decision_ref": reference,
            "ended_on": decided_on,
            "mutual_relation_ends_on": deadlines.mutual_relation_end(membership.exit_requested_on),
        }
        kind = MembershipEventKind.WITHDRAWAL_ACCEPTED
    else:
        if not reason.strip():
            raise ValidationError({"reason": _("Il rigetto del recesso deve essere motivato.")})
        changes = {
            "exit_requested_on": None,
            "opposition_deadline": deadlines.opposition_deadline(
                decided_on, "cc.withdrawal_opposition_days"
            ),
        }
        kind = MembershipEventKind.WITHDRAWAL_REFUSED
    event = (kind, decided_on)
    return _record(actor, membership, "withdrawal_decide", changes, event, reference, reason)


@transaction.atomic
def membership_exclude(
    *,
    actor: User | None,
    membership: Membership,
    decided_on: dt.date,
    reason: str,
    reference: str,
) -> Membership:
    """Exclude a member by board decision (R-CC-2533); the member may oppose within 60 days."""
    _check_not_future(decided_on, "decided_on")
    _require_status(membership, MembershipStatus.ACTIVE)
    if not reason.strip():
        raise ValidationError({"reason": _("L'esclusione deve essere motivata (art. 2533 c.c.).")})
    assert membership.admitted_on is not None
    if decided_on < membership.admitted_on:
        raise ValidationError({"decided_on": _("L'esclusione non può precedere l'ammissione.")})
    changes = {
        "status": MembershipStatus.EXCLUDED,
        "exit_cause": ExitCause.EXCLUSION,
        "exit_reason": reason,
        "exit_decided_on": decided_on,
        "exit_decision_ref": reference,
        "ended_on": decided_on,
        "opposition_deadline": deadlines.opposition_deadline(decided_on),
    }
    event = (MembershipEventKind.EXCLUSION, decided_on)
    return _record(actor, membership, "exclude", changes, event, reference, reason)


@transaction.atomic
def membership_record_death(
    *, actor: User | None, membership: Membership, died_on: dt.date
) -> Membership:
    """Close a membership on the member's death."""
    _check_not_future(died_on, "died_on")
    _require_status(membership, MembershipStatus.ACTIVE)
    assert membership.admitted_on is not None
    if died_on < membership.admitted_on:
        raise ValidationError({"died_on": _("La data non può precedere l'ammissione.")})
    changes = {
        "status": MembershipStatus.DECEASED,
        "exit_cause": ExitCause.DEATH,
        "ended_on": died_on,
    }
    return _record(actor, membership, "death", changes, (MembershipEventKind.DEATH, died_on))
