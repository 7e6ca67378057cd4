"""Writes of the members app: persons, the membership lifecycle and the share-capital ledger.

Every function is atomic, validates with Italian messages that name the rule, and writes one
audit entry. Legal numbers come from ``core.parameters`` (dated), never from literals here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from codicefiscale import codicefiscale as cf_decoder
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.it import codicefiscale, iva

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, User
from coopnet.core.parameters import parameter_value

from . import deadlines
from .models import (
    ExitCause,
    MemberCategory,
    Membership,
    MembershipEvent,
    MembershipEventKind,
    MembershipStatus,
    Person,
    PersonKind,
    PublishedDocument,
    RegisterCounter,
    ShareAccount,
    ShareTransaction,
    ShareTransactionKind,
    Statute,
)

PERSON_FIELDS = (
    "kind",
    "surname",
    "given_name",
    "denomination",
    "codice_fiscale",
    "partita_iva",
    "linked_organization",
    "address",
    "comune",
    "email",
    "pec",
    "phone",
    "privacy_consent_on",
)
STATUTE_FIELDS = (
    "allowed_categories",
    "share_nominal_value",
    "min_shares",
    "shares_are_azioni",
    "public_admission_form",
)


# --- persons -------------------------------------------------------------------------------


def _decode_codice_fiscale(person: Person) -> None:
    """Fill birth date, sex and birthplace from a natural person's codice fiscale."""
    if person.kind != PersonKind.NATURAL or len(person.codice_fiscale) != 16:
        return
    try:
        decoded = cf_decoder.decode(person.codice_fiscale)
    except ValueError:
        return  # stdnum already validated it; an unknown birthplace code is not an error
    person.birth_date = decoded["birthdate"].date()
    person.sex = decoded["gender"]
    place = decoded.get("birthplace") or {}
    if place:
        province = place.get("province") or ""
        name = place.get("name") or ""
        person.birthplace = f"{name} ({province})" if province and province != "EE" else name


def _clean_person(person: Person, data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    for field, value in data.items():
        setattr(person, field, value)
    person.codice_fiscale = codicefiscale.compact(person.codice_fiscale or "")
    person.partita_iva = iva.compact(person.partita_iva or "")
    if person.kind == PersonKind.NATURAL:
        person.denomination = ""
        if not person.surname.strip():
            raise ValidationError({"surname": _("Scrivi il cognome.")})
    elif not person.denomination.strip():
        raise ValidationError({"denomination": _("Scrivi la denominazione.")})
    _check_unique_identifiers(person)
    person.full_clean()
    _decode_codice_fiscale(person)


def _check_unique_identifiers(person: Person) -> None:
    """One record per codice fiscale and per partita IVA in an organization."""
    others = Person.objects.filter(organization_id=person.organization_id).exclude(pk=person.pk)
    if person.codice_fiscale and others.filter(codice_fiscale=person.codice_fiscale).exists():
        raise ValidationError(
            {"codice_fiscale": _("C'è già una persona con questo codice fiscale.")}
        )
    if person.partita_iva and others.filter(partita_iva=person.partita_iva).exists():
        raise ValidationError({"partita_iva": _("C'è già una persona con questa partita IVA.")})


def _known_person(organization: Organization, data: Mapping[str, Any]) -> Person | None:
    """The organization's record of the person ``data`` describes, found by their identifiers."""
    persons = Person.objects.filter(organization=organization)
    cf = codicefiscale.compact(data.get("codice_fiscale") or "")
    piva = iva.compact(data.get("partita_iva") or "")
    if cf:
        return persons.filter(codice_fiscale=cf).first()
    if piva:
        return persons.filter(partita_iva=piva).first()
    return None


@transaction.atomic
def person_create(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> Person:
    """Record a natural or legal person in ``organization``."""
    person = Person(organization=organization)
    _clean_person(person, data)
    person.save()
    log_action(
        actor=actor,
        organization=organization,
        action="members.person.create",
        obj=person,
        after=snapshot(person),
    )
    return person


@transaction.atomic
def person_update(*, actor: User | None, person: Person, data: Mapping[str, Any]) -> Person:
    """Change a person's record (contacts, address, identity corrections)."""
    before = snapshot(person)
    _clean_person(person, data)
    person.save()
    log_action(
        actor=actor,
        organization=person.organization,
        action="members.person.update",
        obj=person,
        before=before,
        after=snapshot(person),
    )
    return person


@transaction.atomic
def person_link_user(*, actor: User | None, person: Person, user: User | None) -> Person:
    """Link a person record to the login of the person it describes (the member portal uses
    it); ``None`` removes the link."""
    taken = Person.objects.filter(organization_id=person.organization_id, user=user)
    if user is not None and taken.exclude(pk=person.pk).exists():
        raise ValidationError(
            {"email": _("Questo account è già collegato a un'altra persona della cooperativa.")}
        )
    before = snapshot(person, ["user"])
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    log_action(
        actor=actor,
        organization=person.organization,
        action="members.person.link_user",
        obj=person,
        before=before,
        after=snapshot(person, ["user"]),
    )
    return person


# --- statute -------------------------------------------------------------------------------


def statute_for(organization: Organization) -> Statute:
    """The organization's statute settings, created with defaults on first use."""
    statute, _created = Statute.objects.get_or_create(
        organization=organization,
        defaults={"allowed_categories": [c.value for c in MemberCategory]},
    )
    return statute


@transaction.atomic
def statute_update(*, actor: User, organization: Organization, data: Mapping[str, Any]) -> Statute:
    """Change what the statute says about membership and shares (R-CC-2525 checked)."""
    statute = statute_for(organization)
    before = snapshot(statute)
    unknown = set(data) - set(STATUTE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown statute fields: {sorted(unknown)}")
    for field, value in data.items():
        setattr(statute, field, value)
    bad = set(statute.allowed_categories) - {c.value for c in MemberCategory}
    if bad:
        raise ValidationError({"allowed_categories": _("Categoria di socio sconosciuta.")})
    _check_nominal_value(statute, statute.share_nominal_value, timezone.localdate())
    statute.full_clean()
    statute.save()
    log_action(
        actor=actor,
        organization=organization,
        action="members.statute.update",
        obj=statute,
        before=before,
        after=snapshot(statute),
    )
    return statute


def _check_nominal_value(statute: Statute, value: Decimal, on: dt.date) -> None:
    minimum = parameter_value("cc.share_min_value", on)
    if value < minimum:
        raise ValidationError(
            {
                "share_nominal_value": _(
                    "R-CC-2525: il valore nominale di una quota non può essere inferiore a "
                    "%(min)s euro (art. 2525 c.c.)."
                )
                % {"min": minimum}
            }
        )
    if statute.shares_are_azioni:
        maximum = parameter_value("cc.share_max_value", on)
        if value > maximum:
            raise ValidationError(
                {
                    "share_nominal_value": _(
                        "R-CC-2525: il valore nominale di un'azione non può superare %(max)s "
                        "euro (art. 2525 c.c., DM 8/8/2024)."
                    )
                    % {"max": maximum}
                }
            )


# --- membership lifecycle ------------------------------------------------------------------


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
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )


def _audit(
    actor: User | None, membership: Membership, action: str, before: dict[str, Any] | None
) -> None:
    log_action(
        actor=actor,
        organization=membership.organization,
        action=f"members.membership.{action}",
        obj=membership,
        before=before,
        after=snapshot(membership),
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
    share = parameter_value("r381.volunteer_max_share", on)
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
    numbers = Membership.objects.filter(organization_id=counter.organization_id)
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
    membership = Membership.objects.create(
        organization=organization, person=person, category=category, applied_on=applied_on
    )
    _event(membership, MembershipEventKind.APPLICATION, applied_on, actor, note=note)
    _audit(actor, membership, "apply", None)
    return membership


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
    before = snapshot(membership)
    membership.register_number = _next_register_number(counter, register_number)
    membership.status = MembershipStatus.ACTIVE
    membership.admitted_on = admitted_on
    membership.admission_decision_ref = decision_ref
    membership.save()
    ShareAccount.objects.get_or_create(
        membership=membership, defaults={"organization_id": membership.organization_id}
    )
    _event(membership, MembershipEventKind.ADMISSION, admitted_on, actor, reference=decision_ref)
    _audit(actor, membership, "admit", before)
    return membership


@transaction.atomic
def membership_refuse(
    *, actor: User | None, membership: Membership, refused_on: dt.date, reason: str
) -> Membership:
    """Refuse an application with a reason (R-CC-2528); the applicant may appeal in 60 days."""
    _require_status(membership, MembershipStatus.APPLIED)
    if not reason.strip():
        raise ValidationError({"reason": _("Il rigetto deve essere motivato (art. 2528 c.c.).")})
    if refused_on < membership.applied_on:
        raise ValidationError({"refused_on": _("La data non può precedere la domanda.")})
    before = snapshot(membership)
    membership.status = MembershipStatus.REFUSED
    membership.refused_on = refused_on
    membership.refusal_reason = reason
    membership.save()
    _event(membership, MembershipEventKind.REFUSAL, refused_on, actor, note=reason)
    _audit(actor, membership, "refuse", before)
    return membership


@transaction.atomic
def membership_appeal(
    *, actor: User | None, membership: Membership, filed_on: dt.date
) -> Membership:
    """The refused applicant asks the assembly to decide (within 60 days, R-CC-2528)."""
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
    before = snapshot(membership)
    membership.appeal_filed_on = filed_on
    membership.save()
    _event(membership, MembershipEventKind.APPEAL, filed_on, actor)
    _audit(actor, membership, "appeal", before)
    return membership


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
    _require_status(membership, MembershipStatus.REFUSED)
    if membership.appeal_filed_on is None:
        raise ValidationError(_("Non c'è un ricorso da decidere."))
    if membership.appeal_decided_on is not None:
        raise ValidationError(_("Il ricorso è già stato deciso."))
    if decided_on < membership.appeal_filed_on:
        raise ValidationError(
            {"decided_on": _("La decisione non può precedere la presentazione del ricorso.")}
        )
    before = snapshot(membership)
    membership.appeal_decided_on = decided_on
    membership.appeal_upheld = upheld
    membership.save()
    outcome = _("accolto") if upheld else _("respinto")
    _event(
        membership, MembershipEventKind.APPEAL_OUTCOME, decided_on, actor, reference, str(outcome)
    )
    _audit(actor, membership, "appeal_decide", before)
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
    _require_status(membership, MembershipStatus.ACTIVE)
    if membership.exit_requested_on is not None:
        raise ValidationError(_("C'è già una richiesta di recesso in attesa di decisione."))
    assert membership.admitted_on is not None
    if requested_on < membership.admitted_on:
        raise ValidationError({"requested_on": _("La richiesta non può precedere l'ammissione.")})
    before = snapshot(membership)
    membership.exit_requested_on = requested_on
    membership.save()
    _event(membership, MembershipEventKind.WITHDRAWAL_REQUEST, requested_on, actor)
    _audit(actor, membership, "withdrawal_request", before)
    return membership


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
    _require_status(membership, MembershipStatus.ACTIVE)
    if membership.exit_requested_on is None:
        raise ValidationError(_("Non c'è una richiesta di recesso da decidere."))
    if decided_on < membership.exit_requested_on:
        raise ValidationError({"decided_on": _("La decisione non può precedere la richiesta.")})
    before = snapshot(membership)
    if accepted:
        membership.status = MembershipStatus.WITHDRAWN
        membership.exit_cause = ExitCause.WITHDRAWAL
        membership.exit_decided_on = decided_on
        membership.exit_decision_ref = reference
        membership.ended_on = decided_on
        membership.mutual_relation_ends_on = deadlines.mutual_relation_end(
            membership.exit_requested_on
        )
        kind = MembershipEventKind.WITHDRAWAL_ACCEPTED
    else:
        if not reason.strip():
            raise ValidationError({"reason": _("Il rigetto del recesso deve essere motivato.")})
        membership.exit_requested_on = None
        membership.opposition_deadline = deadlines.opposition_deadline(
            decided_on, "cc.withdrawal_opposition_days"
        )
        kind = MembershipEventKind.WITHDRAWAL_REFUSED
    membership.save()
    _event(membership, kind, decided_on, actor, reference, reason)
    _audit(actor, membership, "withdrawal_decide", before)
    return membership


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
    _require_status(membership, MembershipStatus.ACTIVE)
    if not reason.strip():
        raise ValidationError({"reason": _("L'esclusione deve essere motivata (art. 2533 c.c.).")})
    assert membership.admitted_on is not None
    if decided_on < membership.admitted_on:
        raise ValidationError({"decided_on": _("L'esclusione non può precedere l'ammissione.")})
    before = snapshot(membership)
    membership.status = MembershipStatus.EXCLUDED
    membership.exit_cause = ExitCause.EXCLUSION
    membership.exit_reason = reason
    membership.exit_decided_on = decided_on
    membership.exit_decision_ref = reference
    membership.ended_on = decided_on
    membership.opposition_deadline = deadlines.opposition_deadline(decided_on)
    membership.save()
    _event(membership, MembershipEventKind.EXCLUSION, decided_on, actor, reference, reason)
    _audit(actor, membership, "exclude", before)
    return membership


@transaction.atomic
def membership_record_death(
    *, actor: User | None, membership: Membership, died_on: dt.date
) -> Membership:
    """Close a membership on the member's death."""
    _require_status(membership, MembershipStatus.ACTIVE)
    assert membership.admitted_on is not None
    if died_on < membership.admitted_on:
        raise ValidationError({"died_on": _("La data non può precedere l'ammissione.")})
    before = snapshot(membership)
    membership.status = MembershipStatus.DECEASED
    membership.exit_cause = ExitCause.DEATH
    membership.ended_on = died_on
    membership.save()
    _event(membership, MembershipEventKind.DEATH, died_on, actor)
    _audit(actor, membership, "death", before)
    return membership


# --- share capital -------------------------------------------------------------------------


def _locked_account(membership: Membership) -> ShareAccount:
    account, _created = ShareAccount.objects.get_or_create(
        membership=membership, defaults={"organization_id": membership.organization_id}
    )
    return ShareAccount.objects.select_for_update().get(pk=account.pk)


def _post(
    *,
    actor: User | None,
    membership: Membership,
    kind: str,
    date: dt.date,
    shares: int = 0,
    subscribed: Decimal = Decimal("0"),
    paid: Decimal = Decimal("0"),
    counterparty: Membership | None = None,
    reference: str = "",
    note: str = "",
) -> ShareTransaction:
    """Append one ledger line and move the account totals in the same transaction."""
    account = _locked_account(membership)
    new_paid = account.paid + paid
    new_subscribed = account.subscribed + subscribed
    if account.shares + shares < 0 or new_subscribed < 0 or new_paid < 0:
        raise ValidationError(_("Il saldo del capitale non può diventare negativo."))
    if new_paid > new_subscribed:
        raise ValidationError(
            {
                "amount": _(
                    "Il versamento supera il capitale sottoscritto: "
                    "restano da versare %(left)s euro."
                )
                % {"left": account.subscribed - account.paid}
            }
        )
    ShareAccount.objects.filter(pk=account.pk).update(
        shares=F("shares") + shares, subscribed=F("subscribed") + subscribed, paid=F("paid") + paid
    )
    line = ShareTransaction.objects.create(
        organization_id=membership.organization_id,
        membership=membership,
        kind=kind,
        date=date,
        shares_delta=shares,
        subscribed_delta=subscribed,
        paid_delta=paid,
        counterparty=counterparty,
        reference=reference,
        note=note,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    log_action(
        actor=actor,
        organization=membership.organization,
        action=f"members.shares.{kind}",
        obj=line,
        before={
            "shares": account.shares,
            "subscribed": str(account.subscribed),
            "paid": str(account.paid),
        },
        after={
            "shares": account.shares + shares,
            "subscribed": str(new_subscribed),
            "paid": str(new_paid),
        },
    )
    return line


def _check_holding_cap(membership: Membership, extra: Decimal, on: dt.date) -> None:
    """R-CC-2525: a natural person's holding may not exceed the cap (ristorni excluded)."""
    if membership.person.kind != PersonKind.NATURAL:
        return
    cap = parameter_value("cc.holding_max", on)
    held = membership.share_transactions.exclude(kind=ShareTransactionKind.RISTORNO).aggregate(
        total=Sum("subscribed_delta")
    )["total"] or Decimal("0")
    if held + extra > cap:
        raise ValidationError(
            {
                "shares": _(
                    "R-CC-2525: la partecipazione di %(person)s arriverebbe a %(total)s euro, "
                    "oltre il limite di %(cap)s euro per socio (art. 2525 c.c., DM 8/8/2024)."
                )
                % {"person": membership.person, "total": held + extra, "cap": cap}
            }
        )


@transaction.atomic
def shares_subscribe(
    *,
    actor: User | None,
    membership: Membership,
    shares: int,
    date: dt.date,
    nominal_value: Decimal | None = None,
    reference: str = "",
) -> ShareTransaction:
    """Subscribe ``shares`` shares at the statute's nominal value (or the one given)."""
    if shares < 1:
        raise ValidationError({"shares": _("Indica almeno una quota.")})
    _require_status(membership, MembershipStatus.ACTIVE)
    account = _locked_account(membership)  # before the cap check: no concurrent overshoot
    statute = statute_for(membership.organization)
    if account.shares == 0 and shares < statute.min_shares:
        raise ValidationError(
            {
                "shares": _("Lo statuto chiede di sottoscrivere almeno %(n)s quote.")
                % {"n": statute.min_shares}
            }
        )
    value = statute.share_nominal_value if nominal_value is None else nominal_value
    _check_nominal_value(statute, value, date)
    amount = value * shares
    _check_holding_cap(membership, amount, date)
    return _post(
        actor=actor,
        membership=membership,
        kind=ShareTransactionKind.SUBSCRIPTION,
        date=date,
        shares=shares,
        subscribed=amount,
        reference=reference,
    )


@transaction.atomic
def shares_pay(
    *,
    actor: User | None,
    membership: Membership,
    amount: Decimal,
    date: dt.date,
    reference: str = "",
) -> ShareTransaction:
    """Record a payment towards subscribed capital; partial payments are allowed."""
    if amount <= 0:
        raise ValidationError({"amount": _("L'importo deve essere maggiore di zero.")})
    return _post(
        actor=actor,
        membership=membership,
        kind=ShareTransactionKind.PAYMENT,
        date=date,
        paid=amount,
        reference=reference,
    )


@transaction.atomic
def shares_capitalise_ristorno(
    *, actor: User | None, membership: Membership, amount: Decimal, date: dt.date, reference: str
) -> ShareTransaction:
    """Add a ristorno to capital (R-CC-2545-sexies): subscribed and paid; the cap does not apply."""
    if amount <= 0:
        raise ValidationError({"amount": _("L'importo deve essere maggiore di zero.")})
    _require_status(membership, MembershipStatus.ACTIVE)
    return _post(
        actor=actor,
        membership=membership,
        kind=ShareTransactionKind.RISTORNO,
        date=date,
        subscribed=amount,
        paid=amount,
        reference=reference,
    )


@transaction.atomic
def shares_transfer(
    *,
    actor: User | None,
    source: Membership,
    target: Membership,
    shares: int,
    date: dt.date,
    board_approval_ref: str,
) -> tuple[ShareTransaction, ShareTransaction]:
    """Transfer fully paid shares between two members, with the board's approval."""
    if source.organization_id != target.organization_id or source.pk == target.pk:
        raise ValidationError({"target": _("Scegli un altro socio della stessa cooperativa.")})
    if not board_approval_ref.strip():
        raise ValidationError(
            {"board_approval_ref": _("Il trasferimento richiede l'approvazione del consiglio.")}
        )
    _require_status(target, MembershipStatus.ACTIVE)
    # lock both accounts in a fixed order so two opposite transfers cannot deadlock
    first, second = sorted((source, target), key=lambda m: m.pk)
    _locked_account(first)
    _locked_account(second)
    account = _locked_account(source)
    if shares < 1 or shares > account.shares:
        raise ValidationError({"shares": _("Il socio ha %(n)s quote.") % {"n": account.shares}})
    if account.paid < account.subscribed:
        raise ValidationError(
            {"shares": _("Si possono trasferire solo quote interamente versate.")}
        )
    per_share = account.subscribed / account.shares
    amount = (per_share * shares).quantize(Decimal("0.01"))
    _check_holding_cap(target, amount, date)
    out = _post(
        actor=actor,
        membership=source,
        kind=ShareTransactionKind.TRANSFER_OUT,
        date=date,
        shares=-shares,
        subscribed=-amount,
        paid=-amount,
        counterparty=target,
        reference=board_approval_ref,
    )
    into = _post(
        actor=actor,
        membership=target,
        kind=ShareTransactionKind.TRANSFER_IN,
        date=date,
        shares=shares,
        subscribed=amount,
        paid=amount,
        counterparty=source,
        reference=board_approval_ref,
    )
    return out, into


@transaction.atomic
def shares_refund(
    *, actor: User | None, membership: Membership, date: dt.date, reference: str = ""
) -> ShareTransaction:
    """Refund the paid capital of a member who has left and close the account (R-CC-2535)."""
    exited = (MembershipStatus.WITHDRAWN, MembershipStatus.EXCLUDED, MembershipStatus.DECEASED)
    if membership.status not in exited:
        raise ValidationError(_("Il rimborso spetta solo a chi è uscito dalla cooperativa."))
    account = _locked_account(membership)
    if account.shares == 0 and account.subscribed == 0 and account.paid == 0:
        raise ValidationError(_("Non c'è capitale da rimborsare: il conto è già chiuso."))
    return _post(
        actor=actor,
        membership=membership,
        kind=ShareTransactionKind.REFUND,
        date=date,
        shares=-account.shares,
        subscribed=-account.subscribed,
        paid=-account.paid,
        reference=reference,
    )


# --- documents published to members -------------------------------------------------------


@transaction.atomic
def document_publish(
    *,
    actor: User | None,
    organization: Organization,
    title: str,
    file: File[Any],
    published_on: dt.date,
    visible_to_members: bool = True,
) -> PublishedDocument:
    """Publish a document (statute, regulations, minutes) in the members' portal."""
    document = PublishedDocument(
        organization=organization,
        title=title.strip(),
        file=file,
        published_on=published_on,
        visible_to_members=visible_to_members,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    if not document.title:
        raise ValidationError({"title": _("Scrivi il titolo del documento.")})
    document.full_clean()
    document.save()
    log_action(
        actor=actor,
        organization=organization,
        action="members.document.publish",
        obj=document,
        after=snapshot(document),
    )
    return document


@transaction.atomic
def document_delete(*, actor: User | None, document: PublishedDocument) -> None:
    """Withdraw a published document; its file is removed once the deletion is committed."""
    log_action(
        actor=actor,
        organization=document.organization,
        action="members.document.delete",
        obj=document,
        before=snapshot(document),
    )
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
