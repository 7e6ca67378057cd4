"""Applying an import of employment periods (and, with the right, disadvantaged status).

A dry run and a real import follow the same path inside one transaction: every bad row is
reported with its line and an Italian reason, and the transaction is rolled back when there is
any error or when it is a dry run, so a broken file changes nothing. Rows are matched on
(codice fiscale, data_inizio): importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet.core.models import Organization, User
from coopnet.members.imports import ImportFileError, ImportReport
from coopnet.members.models import Person, PersonKind
from coopnet.members.services import person_create

from .. import services
from ..models import Employment
from ..services.vault import status_import
from .columns import FIELD_COLUMNS
from .reading import read_table
from .rows import ParsedRow, RowError, parse_row

MAX_ROWS = 20_000


@dataclass
class WorkforceImportReport(ImportReport):
    """The members import's report (same lines, same guarantees) plus what only this one does."""

    persons_created: int = 0
    sensitive_changed: int = 0
    sensitive_refused: bool = False

    def lines(self) -> list[str]:
        out = super().lines()
        if self.ok:
            out.insert(
                len(self.errors) + 1,
                _(
                    "Persone nuove: %(persons)s · condizioni di svantaggio nuove o aggiornate: "
                    "%(sensitive)s"
                )
                % {"persons": self.persons_created, "sensitive": self.sensitive_changed},
            )
        return out


def _row_error(report: ImportReport, line: int, column: str, message: str) -> None:
    report.error(line, f"{column}: {message}" if column else message)


# --- applying ------------------------------------------------------------------------------


def _errors_of(error: ValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            (FIELD_COLUMNS.get(name, ""), message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [("", message) for message in error.messages]


class _Importer:
    def __init__(
        self, organization: Organization, actor: User | None, report: WorkforceImportReport
    ) -> None:
        self.organization = organization
        self.actor = actor
        self.report = report
        self.persons: dict[str, Person] = {
            p.codice_fiscale: p
            for p in Person.objects.filter(organization=organization).exclude(codice_fiscale="")
        }
        self.new_persons: set[str] = set()

    def forget_new_person(self, row: ParsedRow) -> None:
        """A failed row's savepoint was rolled back, and the person it created with it."""
        if row.codice_fiscale in self.new_persons:
            self.new_persons.discard(row.codice_fiscale)
            self.persons.pop(row.codice_fiscale, None)

    def person(self, row: ParsedRow) -> Person:
        person = self.persons.get(row.codice_fiscale)
        if person is None:
            person = person_create(
                actor=self.actor,
                organization=self.organization,
                data={
                    "kind": PersonKind.NATURAL,
                    "surname": row.surname,
                    "given_name": row.given_name,
                    "codice_fiscale": row.codice_fiscale,
                },
            )
            self.persons[row.codice_fiscale] = person
            self.new_persons.add(row.codice_fiscale)
            self.report.persons_created += 1
        return person

    def apply(self, row: ParsedRow) -> None:
        self.new_persons.clear()
        person = self.person(row)
        existing = (
            Employment.objects.for_org(self.organization)
            .filter(person=person, start_date=row.employment["start_date"])
            .first()
        )
        if existing is None:
            services.employment_create(
                actor=self.actor, organization=self.organization, person=person, data=row.employment
            )
            self.report.created += 1
        elif any(getattr(existing, k) != v for k, v in row.employment.items()):
            services.employment_update(actor=self.actor, employment=existing, data=row.employment)
            self.report.updated += 1
        else:
            self.report.unchanged += 1
        if row.status is not None:
            outcome = status_import(
                actor=self.actor, organization=self.organization, person=person, data=row.status
            )
            if outcome != "unchanged":
                self.report.sensitive_changed += 1


def _sensitive_refusal() -> str:
    return _(
        "i dati sulla condizione di svantaggio si importano solo con il permesso "
        "«Registrare la condizione di svantaggio» e la verifica in due passaggi: "
        "lascia vuote le ultime quattro colonne e «svantaggiato»."
    )


def run_import(
    *,
    organization: Organization,
    content: bytes,
    filename: str,
    actor: User | None,
    dry_run: bool,
    sensitive_allowed: bool,
) -> WorkforceImportReport:
    """Import ``content`` into ``organization``; nothing is saved on error or in a dry run.

    ``sensitive_allowed`` is True for the command line (the system operator) and, on the
    upload page, for a user with ``workforce.sensitive:write`` who verified a second factor.
    """
    report = WorkforceImportReport(dry_run=dry_run)
    try:
        table = list(read_table(content, filename))
    except ImportFileError as error:
        report.error(None, str(error))
        return report
    report.rows = len(table)
    if not table:
        report.error(None, _("Il file non contiene righe di dati."))
        return report
    if len(table) > MAX_ROWS:
        report.error(None, _("Troppe righe: al massimo %(n)s per file.") % {"n": MAX_ROWS})
        return report
    parsed = _parse_all(table, report, sensitive_allowed=sensitive_allowed)
    with transaction.atomic():
        importer = _Importer(organization, actor, report)
        for row in parsed:
            try:
                with transaction.atomic():
                    importer.apply(row)
            except ValidationError as error:
                for column, message in _errors_of(error):
                    _row_error(report, row.line, column, message)
                importer.forget_new_person(row)
        if report.errors or dry_run:
            transaction.set_rollback(True)
    report.sort_errors()
    report.saved = not report.errors and not dry_run
    if report.errors:
        report.created = report.updated = report.unchanged = 0
        report.persons_created = report.sensitive_changed = 0
    return report


def _parse_all(
    table: list[tuple[int, dict[str, Any]]],
    report: WorkforceImportReport,
    *,
    sensitive_allowed: bool,
) -> list[ParsedRow]:
    parsed: list[ParsedRow] = []
    seen: dict[tuple[str, Any], int] = {}
    for line, raw in table:
        try:
            row = parse_row(line, raw)
        except RowError as bad:
            for column, message in bad.errors:
                _row_error(report, line, column, message)
            continue
        if row.has_sensitive and not sensitive_allowed:
            report.sensitive_refused = True
            _row_error(report, line, "svantaggiato", _sensitive_refusal())
            continue
        key = (row.codice_fiscale, row.employment["start_date"])
        if key in seen:
            report.error(
                line,
                _("stesso codice fiscale e stessa data di inizio della riga %(n)s.")
                % {"n": seen[key]},
            )
            continue
        seen[key] = line
        parsed.append(row)
    return parsed
