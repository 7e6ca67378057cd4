"""The real import of a checked libro soci: new members in one bulk write, changes to stored
members row by row through the services, in one transaction a failed row rolls back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from coopnet.core.models import Organization, User

from ..imports import HISTORICAL_NOTE, IMPORT_REFERENCE, ImportFileError, ImportReport
from ..imports.importer import MemberImporter, Plan
from ..models import Membership
from .bulk import ImportedMember, register_bulk_import
from .exits import membership_record_exit
from .lifecycle import membership_admit
from .persons import person_update
from .shares import shares_pay, shares_subscribe

PROGRESS_EVERY = 200


class RegisterWriter:
    """Writes the rows an importer checked, as ``actor``; a refused row becomes its error."""

    def __init__(self, importer: MemberImporter, actor: User | None) -> None:
        self.importer = importer
        self.actor = actor
        self.organization = importer.organization
        self.report = importer.report

    def write(
        self,
        events: list[tuple[tuple[Any, ...], str, Plan]],
        progress: Callable[[int, int], None] | None,
    ) -> None:
        """New members in one bulk write, then changes to stored members row by row in date
        order (a file imported again brings only a few of those)."""
        created = [plan for _key, kind, plan in events if kind == "create" and not plan.error]
        updates = [plan for _key, kind, plan in events if kind == "update" and not plan.error]
        total = len(created) + len(updates)
        if progress is not None:
            progress(0, total)
        if created:
            self._create_all(created)
        for done, plan in enumerate(updates, start=len(created) + 1):
            self._guarded(plan, self._update)
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total)
        if progress is not None:
            progress(total, total)

    def _guarded(self, plan: Plan, write: Callable[[Plan], None]) -> None:
        """Run one row's writes; a refusal of the services becomes that row's error."""
        try:
            write(plan)
        except (ValidationError, IntegrityError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            self.importer.fail(plan, " ".join(messages))

    def _create_all(self, plans: list[Plan]) -> None:
        """Every new membership through ``register_bulk_import``: same checks, same audit."""
        members = []
        for plan in plans:
            row = plan.row
            assert row.applied_on is not None
            if plan.person is not None and plan.person_changes:
                self._guarded(plan, self._update_person)
            data = {
                "kind": row.kind,
                "codice_fiscale": row.codice_fiscale,
                "partita_iva": row.partita_iva,
                **row.person_data(),
            }
            members.append(
                ImportedMember(
                    category=row.category,
                    applied_on=row.applied_on,
                    person=plan.person,
                    person_data={} if plan.person else data,
                    admitted_on=row.admitted_on,
                    register_number=row.register_number,
                    shares=row.shares,
                    nominal_value=row.nominal_value,
                    paid=row.paid,
                    ended_on=row.ended_on,
                    exit_cause=row.exit_cause,
                    line=row.line,
                )
            )
        try:
            register_bulk_import(
                actor=self.actor,
                organization=self.organization,
                rows=members,
                reference=IMPORT_REFERENCE,
                exit_note=HISTORICAL_NOTE,
            )
        except ValidationError as error:
            for item in error.error_list:
                params = item.params or {}
                self.report.error(params.get("line"), str(item.message) % params)
        except IntegrityError as error:
            self.report.error(None, str(error))

    def _update_person(self, plan: Plan) -> None:
        assert plan.person is not None
        person_update(actor=self.actor, person=plan.person, data=plan.person_changes)

    def _admit(self, plan: Plan, membership: Membership, shares: int, paid: Decimal) -> None:
        row = plan.row
        assert row.admitted_on is not None
        assert plan.person is not None
        membership = plan.membership = membership_admit(
            actor=self.actor,
            membership=membership,
            admitted_on=row.admitted_on,
            decision_ref=IMPORT_REFERENCE,
            register_number=row.register_number,
        )
        membership.organization = self.organization
        membership.person = plan.person
        self._post_shares(membership, row.admitted_on, shares, paid, row.nominal_value)

    def _post_shares(
        self, membership: Membership, on: dt.date, shares: int, paid: Decimal, nominal: Decimal
    ) -> None:
        line: dict[str, Any] = {"actor": self.actor, "membership": membership, "date": on}
        if shares:
            shares_subscribe(
                **line, shares=shares, nominal_value=nominal, reference=IMPORT_REFERENCE
            )
        if paid:
            shares_pay(**line, amount=paid, reference=IMPORT_REFERENCE)

    def _update(self, plan: Plan) -> None:
        row = plan.row
        assert plan.membership is not None
        if plan.person_changes:
            self._update_person(plan)
        membership = plan.membership
        membership.organization = self.organization
        if plan.admit:
            self._admit(plan, membership, plan.new_shares, plan.new_payment)
        elif plan.new_shares or plan.new_payment:
            self._post_shares(
                membership,
                self.importer.today,
                plan.new_shares,
                plan.new_payment,
                row.nominal_value,
            )
        if plan.exit:
            assert row.ended_on is not None
            membership_record_exit(
                actor=self.actor,
                membership=plan.membership,
                cause=row.exit_cause,
                ended_on=row.ended_on,
                reference=IMPORT_REFERENCE,
                note=HISTORICAL_NOTE,
            )


class _RollbackError(Exception):
    """Raised inside the import transaction to undo every write when a row failed."""


def import_register(
    *,
    organization: Organization,
    path: Path,
    actor: User | None,
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Check (``dry_run``) or import a libro soci file; the report lists every bad row.

    A real import is all or nothing: when any row fails nothing is saved. Importing the same
    file again changes nothing (rows equal to the stored register are counted unchanged).
    """
    importer = MemberImporter(organization)
    report = importer.report
    report.dry_run = dry_run
    try:
        rows = importer.parse(path)
        if progress is not None:
            progress(0, len(rows))  # a background run renews its lease after reading the file
        plans = importer.plan(rows)
    except ImportFileError as error:
        report.error(None, str(error))
        return report
    events = importer.timeline(plans)
    importer.check_volunteer_ratio(events)
    for plan in plans:
        if not plan.error:
            setattr(report, plan.outcome, getattr(report, plan.outcome) + 1)
    report.sort_errors()
    if dry_run:
        return report
    if not report.errors:
        try:
            with transaction.atomic():
                RegisterWriter(importer, actor).write(events, progress)
                if report.errors:
                    raise _RollbackError
        except _RollbackError:
            report.sort_errors()
        else:
            report.saved = True
    if not report.saved:
        report.created = report.updated = report.unchanged = 0
    return report
