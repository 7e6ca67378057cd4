"""Many new members at once, as an imported libro soci brings them: a few queries, all audited.

``register_bulk_import`` records what the per-row services would record (persons, the
application, the admission with its register number, a past exit, the subscription and the
payment) with the same checks, but writes each kind of row with one ``bulk_create`` and one
audit entry per created object (the per-row services write one per step). The caller has
checked the rows already (the importer does it in memory); the checks here guard the
invariants again, under the register lock, and the database constraints a third time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.it import codicefiscale, iva

from coopnet.core.audit import user_or_none
from coopnet.core.formatting import money
from coopnet.core.models import Organization, User

from .. import deadlines
from ..models import (
    ExitCause,
    MemberCategory,
    Membership,
    MembershipStatus,
    Person,
    PersonKind,
    RegisterCounter,
    Statute,
)
from .bulk_writes import (
    ImportedMember,
    _write_audit,
    _write_events,
    _write_ledger,
    _write_memberships,
)
from .exits import check_exit_terms
from .lifecycle import _lock_register
from .persons import PERSON_FIELDS
from .shares import _check_holding, _check_min_shares
from .statute import _check_nominal_value, statute_for

PARAMETER_KEYS = (
    "cc.share_min_value",
    "cc.share_max_value",
    "cc.holding_max",
    "r381.volunteer_max_share",
    *deadlines.DEADLINE_KEYS,
)


class _Problems:
    """Errors collected over all rows, each carrying its row's ``line`` in its params."""

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def add(self, row: ImportedMember | None, problem: str | ValidationError) -> None:
        messages = problem.messages if isinstance(problem, ValidationError) else [problem]
        line = row.line if row is not None else None
        for message in messages:
            # the message is already formatted: escape it for the second formatting with params
            self.errors.append(ValidationError(message.replace("%", "%%"), params={"line": line}))


@transaction.atomic
def register_bulk_import(
    *,
    actor: User | None,
    organization: Organization,
    rows: Sequence[ImportedMember],
    reference: str,
    exit_note: str = "",
) -> list[Membership]:
    """Record new applications and members, with their past exits and share capital.

    ``reference`` names the source (the application note, the admission decision, the
    ledger lines); ``exit_note`` explains the exits. All or nothing: a ValidationError lists
    every problem, each with ``params["line"]`` of its row. The register counter is locked
    and moved once; blank register numbers follow the highest number used or given, in the
    order of ``rows``. R-381-2a is checked on the register as it is after the import.
    """
    today = timezone.localdate()
    lookup = deadlines.preloaded_parameters(PARAMETER_KEYS)
    statute = statute_for(organization)
    counter = _lock_register(organization)
    problems = _Problems()
    persons = _persons(organization, rows, problems)
    for row, person in zip(rows, persons, strict=True):
        _check_row(row, person, statute, today, lookup, problems)
    numbers = _register_numbers(counter.organization_id, counter.last_number, rows, problems)
    if not problems.errors:
        _check_volunteer_share(organization, rows, today, lookup, problems)
    if problems.errors:
        raise ValidationError(problems.errors)
    if numbers and max(numbers) > counter.last_number:
        RegisterCounter.objects.filter(pk=counter.pk).update(last_number=max(numbers))
    written = _write_memberships(
        organization, rows, persons, numbers, statute, reference, exit_note, lookup
    )
    creator = user_or_none(actor)
    _write_events(written, creator, reference, exit_note)
    lines = _write_ledger(written, creator, reference)
    _write_audit(organization, creator, written, lines)
    return [w.membership for w in written]


# --- checks ----------------------------------------------------------------------------------


def _persons(
    organization: Organization, rows: Sequence[ImportedMember], problems: _Problems
) -> list[Person]:
    """The person of each row: the known record, or a new unsaved one, checked."""
    stored = Person.objects.for_org(organization).values_list("codice_fiscale", "partita_iva")
    taken_cf = {cf for cf, _piva in stored if cf}
    taken_piva = {piva for _cf, piva in stored if piva}
    open_persons = set(
        Membership.objects.filter(
            organization=organization,
            status__in=(MembershipStatus.APPLIED, MembershipStatus.ACTIVE),
        ).values_list("person_id", flat=True)
    )
    persons = []
    for row in rows:
        if row.person is None:
            person = _new_person(organization, row, problems)
            cf_taken = _("C'è già una persona con questo codice fiscale.")
            piva_taken = _("C'è già una persona con questa partita IVA.")
            _check_identifier(row, person.codice_fiscale, taken_cf, cf_taken, problems)
            _check_identifier(row, person.partita_iva, taken_piva, piva_taken, problems)
        else:
            person = row.person
            if person.organization_id != organization.pk:
                problems.add(row, _("La persona non appartiene a questa organizzazione."))
            elif person.pk in open_persons:
                problems.add(
                    row,
                    _("%(person)s è già socio o ha già una domanda aperta.") % {"person": person},
                )
            elif row.ended_on is None:
                open_persons.add(person.pk)
        persons.append(person)
    return persons


def _check_identifier(
    row: ImportedMember, code: str, taken: set[str], message: str, problems: _Problems
) -> None:
    """One person per codice fiscale and per partita IVA in an organization."""
    if code and code in taken:
        problems.add(row, f"{code}: {message}")
    taken.add(code)


def _new_person(organization: Organization, row: ImportedMember, problems: _Problems) -> Person:
    unknown = set(row.person_data) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    person = Person(organization=organization, **row.person_data)
    person.codice_fiscale = codicefiscale.compact(person.codice_fiscale or "")
    person.partita_iva = iva.compact(person.partita_iva or "")
    if person.kind == PersonKind.NATURAL:
        person.denomination = ""
        if not person.surname.strip():
            problems.add(row, _("Scrivi il cognome."))
    elif not person.denomination.strip():
        problems.add(row, _("Scrivi la denominazione."))
    try:
        # foreign keys are left to the database: checking them here costs a query per row
        person.clean_fields(exclude=["organization", "comune", "linked_organization", "user"])
    except ValidationError as error:
        problems.add(row, error)
    return person


def _check_row(
    row: ImportedMember,
    person: Person,
    statute: Statute,
    today: dt.date,
    lookup: deadlines.ParameterLookup,
    problems: _Problems,
) -> None:
    """What ``membership_apply``, ``membership_admit``, ``membership_record_exit``,
    ``shares_subscribe`` and ``shares_pay`` would check for this row."""
    if row.category not in MemberCategory.values or row.category not in statute.allowed_categories:
        label = MemberCategory(row.category).label if row.category in MemberCategory.values else ""
        problems.add(
            row,
            _("Lo statuto di %(org)s non prevede la categoria «%(category)s».")
            % {"org": statute.organization.short_name, "category": label or row.category},
        )
    elif row.category == MemberCategory.PERSONA_GIURIDICA and person.kind != PersonKind.LEGAL:
        problems.add(row, _("Solo una persona giuridica può essere socio persona giuridica."))
    admitted, ended = row.admitted_on, row.ended_on
    if admitted is None:
        if ended is not None or row.register_number is not None or row.shares or row.paid:
            problems.add(
                row, _("Solo un socio ammesso ha un numero, un capitale e una data di uscita.")
            )
        return
    if admitted < row.applied_on:
        problems.add(row, _("La data di ammissione non può precedere la data della domanda."))
    if ended is not None:
        if row.exit_cause not in ExitCause.values:
            problems.add(row, _("Causa di uscita sconosciuta."))
        if ended > today:
            problems.add(row, _("Un'uscita già avvenuta non può avere una data futura."))
        if ended < admitted:
            problems.add(row, _("La data di uscita non può precedere la data di ammissione."))
        if row.exit_cause in ExitCause.values:
            try:
                check_exit_terms(row.exit_cause, ended, lookup)
            except ValidationError as error:
                problems.add(row, error)
    elif row.exit_cause:
        problems.add(row, _("C'è una causa di uscita ma manca la data di uscita."))
    _check_capital(row, person, statute, lookup, problems)


def _check_capital(
    row: ImportedMember,
    person: Person,
    statute: Statute,
    lookup: deadlines.ParameterLookup,
    problems: _Problems,
) -> None:
    assert row.admitted_on is not None
    if row.shares < 0 or row.paid < 0:
        problems.add(row, _("Il saldo del capitale non può diventare negativo."))
        return
    value = statute.share_nominal_value if row.nominal_value is None else row.nominal_value
    subscribed = value * row.shares
    if row.paid > subscribed:
        problems.add(
            row,
            _("Il versamento supera il capitale sottoscritto: restano da versare %(left)s.")
            % {"left": money(subscribed)},
        )
    if not row.shares:
        return
    try:
        _check_min_shares(statute, 0, row.shares)
        _check_nominal_value(statute, value, row.admitted_on, lookup)
        _check_holding(person, subscribed, row.admitted_on, lookup)
    except ValidationError as error:
        problems.add(row, error)


def _register_numbers(
    organization_id: int, last_number: int, rows: Sequence[ImportedMember], problems: _Problems
) -> list[int]:
    """A register number for each admitted row; numbers are never reused (as
    ``_next_register_number``): a given one must be free, blank ones come after all."""
    stored = Membership.objects.for_org(organization_id).values_list("register_number", flat=True)
    used = {n for n in stored if n is not None}
    given = [r.register_number for r in rows if r.register_number is not None]
    highest = max([last_number, *used, *given])
    numbers = []
    for row in rows:
        number = row.register_number
        if row.admitted_on is None:
            continue
        if number is None:
            highest += 1
            number = highest
        elif number < 1:
            problems.add(row, _("Il numero del libro soci deve essere maggiore di zero."))
        elif number in used:
            problems.add(
                row, _("Il numero %(n)s del libro soci è già stato usato.") % {"n": number}
            )
        used.add(number)
        numbers.append(number)
    return numbers


def _check_volunteer_share(
    organization: Organization,
    rows: Sequence[ImportedMember],
    today: dt.date,
    lookup: deadlines.ParameterLookup,
    problems: _Problems,
) -> None:
    """R-381-2a on the register as the import leaves it: volunteers at most half."""
    counts = Membership.objects.filter(
        organization=organization, status=MembershipStatus.ACTIVE
    ).aggregate(
        total=Count("pk"), volunteers=Count("pk", filter=Q(category=MemberCategory.VOLONTARIO))
    )
    active = [r for r in rows if r.active]
    total = counts["total"] + len(active)
    volunteers = counts["volunteers"] + sum(
        1 for r in active if r.category == MemberCategory.VOLONTARIO
    )
    share = lookup("r381.volunteer_max_share", today)
    if volunteers > share * total:
        problems.add(
            None,
            _(
                "R-381-2a: dopo l'importazione i soci volontari sarebbero %(v)s su %(t)s, oltre "
                "il %(pct)s%% consentito dall'art. 2 della legge 381/1991."
            )
            % {"v": volunteers, "t": total, "pct": int(share * 100)},
        )


# --- writes ----------------------------------------------------------------------------------
