"""Checking rows against each other and the stored register; ``services.import_register``
then writes them all or none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from coopnet.core.models import Comune

from ..models import (
    MemberCategory,
    Membership,
    MembershipStatus,
    Person,
    PersonKind,
    RegisterCounter,
    ShareAccount,
)
from .rows import MemberRow, RowReader

IMPORT_REFERENCE = "Importazione del libro soci"
HISTORICAL_NOTE = "Uscita storica registrata con l'importazione del libro soci."


@dataclass
class Plan:
    """What the import does with one row."""

    row: MemberRow
    outcome: str = "created"  # created | updated | unchanged
    person: Person | None = None
    membership: Membership | None = None
    person_changes: dict[str, Any] = field(default_factory=dict)
    admit: bool = False
    new_shares: int = 0
    new_payment: Decimal = Decimal("0")
    exit: bool = False
    error: bool = False


class MemberImporter(RowReader):
    """Checks a file against one organization's libro soci (``services.import_register``
    writes what it planned)."""

    # -- checking the rows against each other and the stored register --

    def plan(self, rows: list[MemberRow]) -> list[Plan]:
        org = self.organization
        persons = {
            (("piva", p.partita_iva) if p.kind == PersonKind.LEGAL else ("cf", p.codice_fiscale)): p
            for p in Person.objects.for_org(org)
        }
        memberships_of: dict[int, list[Membership]] = {}
        holder_of: dict[int, Membership] = {}
        stored = Membership.objects.for_org(org).select_related("person")
        accounts = {a.membership_id: a for a in ShareAccount.objects.for_org(org)}
        for membership in stored:
            memberships_of.setdefault(membership.person_id, []).append(membership)
            if membership.register_number is not None:
                holder_of[membership.register_number] = membership
        first_line_of_key: dict[tuple[str, str], int] = {}
        first_line_of_number: dict[int, int] = {}
        plans: list[Plan] = []
        for row in rows:
            plan = Plan(row=row, person=persons.get(row.key))
            if row.key in first_line_of_key:
                code = row.key[1]
                self.fail(
                    plan,
                    _("%(code)s è già alla riga %(line)s del file")
                    % {"code": code, "line": first_line_of_key[row.key]},
                )
            first_line_of_key.setdefault(row.key, row.line)
            number = row.register_number
            if number is not None:
                if number in first_line_of_number:
                    self.fail(
                        plan,
                        _("il numero %(n)s del libro soci è già alla riga %(line)s")
                        % {"n": number, "line": first_line_of_number[number]},
                    )
                first_line_of_number.setdefault(number, row.line)
                holder = holder_of.get(number)
                if holder is not None and (
                    plan.person is None or holder.person_id != plan.person.pk
                ):
                    self.fail(
                        plan,
                        _("il numero %(n)s del libro soci è già di %(who)s")
                        % {"n": number, "who": holder.person},
                    )
            if plan.person is not None and not plan.error:
                self._match(plan, memberships_of.get(plan.person.pk, []), accounts)
            plans.append(plan)
        self._assign_numbers(plans, holder_of)
        return plans

    def fail(self, plan: Plan, message: str) -> None:
        plan.error = True
        self.report.error(plan.row.line, message)

    def _match(
        self, plan: Plan, memberships: list[Membership], accounts: dict[int, ShareAccount]
    ) -> None:
        """Compare a row with the person's stored membership, if it is the same one."""
        row = plan.row
        assert plan.person is not None
        plan.person_changes = {
            k: v for k, v in row.person_data().items() if _stored(plan.person, k) != v
        }
        same = [m for m in memberships if row.register_number in (None, m.register_number)]
        if not same or row.register_number is None:
            same = [
                m
                for m in memberships
                if m.applied_on == row.applied_on
                and m.category == row.category
                and None in (m.register_number, row.register_number)
            ]
        if not same:
            current = [
                m
                for m in memberships
                if m.status in (MembershipStatus.APPLIED, MembershipStatus.ACTIVE)
            ]
            if current:
                m = current[0]
                what = (
                    _("è già socio con il numero %(n)s") % {"n": m.register_number}
                    if m.status == MembershipStatus.ACTIVE
                    else _("ha già una domanda aperta del %(d)s")
                    % {"d": f"{m.applied_on:%d/%m/%Y}"}
                )
                self.fail(plan, f"{plan.person}: {what}")
            return
        membership = plan.membership = same[0]
        self._compare(plan, membership, accounts.get(membership.pk))

    def _compare(self, plan: Plan, m: Membership, account: ShareAccount | None) -> None:
        row = plan.row
        differences = []
        if m.category != row.category:
            differences.append(_("categoria %(s)s") % {"s": m.get_category_display()})
        if m.applied_on != row.applied_on:
            differences.append(_("domanda del %(d)s") % {"d": f"{m.applied_on:%d/%m/%Y}"})
        if m.status == MembershipStatus.REFUSED:
            differences.append(_("domanda respinta"))
        if m.admitted_on is not None and m.admitted_on != row.admitted_on:
            differences.append(_("ammesso il %(d)s") % {"d": f"{m.admitted_on:%d/%m/%Y}"})
        if m.ended_on is not None and (
            m.ended_on != row.ended_on or m.exit_cause != row.exit_cause
        ):
            differences.append(
                _("uscito il %(d)s per %(c)s")
                % {"d": f"{m.ended_on:%d/%m/%Y}", "c": m.get_exit_cause_display()}
            )
        shares = account.shares if account else 0
        subscribed = account.subscribed if account else Decimal("0")
        paid = account.paid if account else Decimal("0")
        extra = row.shares - shares
        if extra < 0 or row.paid < paid or subscribed + extra * row.nominal_value != row.subscribed:
            differences.append(
                _("capitale registrato %(n)s azioni, %(s)s sottoscritti, %(p)s versati")
                % {"n": shares, "s": subscribed, "p": paid}
            )
        if differences:
            self.fail(
                plan,
                _(
                    "%(who)s è già nel libro soci con dati diversi (%(diff)s): correggi il file "
                    "o la scheda del socio in coopnet"
                )
                % {"who": m.person, "diff": "; ".join(differences)},
            )
            return
        plan.admit = m.status == MembershipStatus.APPLIED and row.admitted_on is not None
        plan.new_shares = extra
        plan.new_payment = row.paid - paid
        plan.exit = m.ended_on is None and row.ended_on is not None
        changed = plan.person_changes or plan.admit or extra or plan.new_payment or plan.exit
        plan.outcome = "updated" if changed else "unchanged"
        if row.register_number is None and m.register_number is not None:
            row.register_number = m.register_number

    def _assign_numbers(self, plans: list[Plan], holder_of: dict[int, Membership]) -> None:
        """Blank numbers get the next ones, after every number used in the file or stored."""
        counter = RegisterCounter.objects.filter(organization=self.organization).first()
        used = [p.row.register_number for p in plans if p.row.register_number is not None]
        last = max([counter.last_number if counter else 0, *holder_of, *used])
        waiting = [
            p
            for p in plans
            if not p.error and p.row.admitted_on is not None and p.row.register_number is None
        ]
        for plan in sorted(waiting, key=lambda p: (p.row.admitted_on, p.row.line)):
            last += 1
            plan.row.register_number = last

    # -- the order of writes and R-381-2a --

    def timeline(self, plans: list[Plan]) -> list[tuple[tuple[Any, ...], str, Plan]]:
        """Admissions and exits in date order, as they happened: the order of the writes.

        On the same day non-volunteers are admitted before volunteers and exits come last,
        so the R-381-2a check that each admission makes sees the register as it was.
        """
        events: list[tuple[tuple[Any, ...], str, Plan]] = []
        for plan in plans:
            if plan.error or plan.outcome == "unchanged":
                continue
            row = plan.row
            volunteer = row.category == MemberCategory.VOLONTARIO
            if plan.outcome == "updated":
                day = row.admitted_on if plan.admit else row.ended_on if plan.exit else dt.date.min
                events.append(((day, 1 if volunteer else 0, row.line), "update", plan))
                continue
            assert row.applied_on is not None
            day = row.admitted_on or row.applied_on
            events.append(((day, 1 if volunteer else 0, row.line), "create", plan))
            if row.ended_on is not None:
                events.append(((row.ended_on, 2, row.line), "exit", plan))
        events.sort(key=lambda e: e[0])
        return events

    def check_volunteer_ratio(self, events: list[tuple[tuple[Any, ...], str, Plan]]) -> None:
        """R-381-2a at every admission (as ``membership_admit`` checks it) and at the end."""
        active = Membership.objects.filter(
            organization=self.organization, status=MembershipStatus.ACTIVE
        )
        total = active.count()
        volunteers = active.filter(category=MemberCategory.VOLONTARIO).count()
        for _key, kind, plan in events:
            row = plan.row
            volunteer = row.category == MemberCategory.VOLONTARIO
            admits = (kind == "create" and row.admitted_on is not None) or plan.admit
            exits = kind == "exit" or (kind == "update" and plan.exit)
            if admits and not plan.error:
                assert row.admitted_on is not None
                if volunteer:
                    problems: list[str] = []
                    share = self.legal_value("r381.volunteer_max_share", row.admitted_on, problems)
                    if share is None:  # volunteer members exist since L. 381/1991
                        self.fail(plan, "R-381-2a: " + problems[0])
                        continue
                    if volunteers + 1 > share * (total + 1):
                        self.fail(
                            plan,
                            _(
                                "R-381-2a: con l'ammissione del %(d)s i soci volontari sarebbero "
                                "%(v)s su %(t)s, oltre il %(pct)s%% consentito dall'art. 2 della "
                                "legge 381/1991"
                            )
                            % {
                                "d": f"{row.admitted_on:%d/%m/%Y}",
                                "v": volunteers + 1,
                                "t": total + 1,
                                "pct": int(share * 100),
                            },
                        )
                        continue
                    volunteers += 1
                total += 1
            if exits and not plan.error:
                total -= 1
                volunteers -= 1 if volunteer else 0
        share = self.parameter("r381.volunteer_max_share", self.today)
        if volunteers and volunteers > share * total:
            self.report.error(
                None,
                _(
                    "R-381-2a: dopo l'importazione i soci volontari sarebbero %(v)s su %(t)s, "
                    "oltre il %(pct)s%% consentito dall'art. 2 della legge 381/1991"
                )
                % {"v": volunteers, "t": total, "pct": int(share * 100)},
            )


def _stored(person: Person, name: str) -> Any:
    """A person's stored value, without loading the comune (compared by its key)."""
    if name == "comune":
        return Comune(istat_code=person.comune_id) if person.comune_id else None
    return getattr(person, name)
