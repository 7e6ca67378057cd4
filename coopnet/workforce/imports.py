"""Import of employment periods (and, with the right, disadvantaged status) from CSV or XLSX.

One row per employment period. A dry run and a real import follow the same path inside one
transaction: every bad row is reported with its line and an Italian reason, and the
transaction is rolled back when there is any error or when it is a dry run, so a broken file
changes nothing. Rows are matched on (codice fiscale, data_inizio): importing the same file
twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale

from coopnet.core.models import Organization, User
from coopnet.members.imports import (
    ImportFileError,
    ImportReport,
    TemplateColumn,
    csv_rows,
    parse_date,
    parse_decimal,
)
from coopnet.members.models import Person, PersonKind
from coopnet.members.services import person_create

from . import services, vault
from .models import Branch, ContractType, DisadvantageCategory, Employment

COLUMNS = (
    "codice_fiscale",
    "cognome",
    "nome",
    "tipo_contratto",
    "ramo",
    "ore_settimanali",
    "data_inizio",
    "data_fine",
    "retribuzione_annua_lorda",
    "svantaggiato",
    "categoria_svantaggio",
    "ente_certificatore",
    "valido_dal",
    "valido_al",
)
SENSITIVE_COLUMNS = (
    "svantaggiato",
    "categoria_svantaggio",
    "ente_certificatore",
    "valido_dal",
    "valido_al",
)
MAX_ROWS = 20_000
# Which column a service's error refers to, for the report.
FIELD_COLUMNS = {
    "branch": "ramo",
    "contract_type": "tipo_contratto",
    "weekly_hours": "ore_settimanali",
    "start_date": "data_inizio",
    "end_date": "data_fine",
    "gross_annual_pay": "retribuzione_annua_lorda",
    "category": "categoria_svantaggio",
    "certifying_body": "ente_certificatore",
    "valid_from": "valido_dal",
    "valid_to": "valido_al",
    "surname": "cognome",
    "given_name": "nome",
    "codice_fiscale": "codice_fiscale",
}


def template_columns() -> list[TemplateColumn]:
    """The columns of the file, each with an example and the values it accepts; every
    column is in the header (the special-category ones may stay empty)."""
    sensitive = _("Dato particolare: solo con il permesso e la verifica in due passaggi.")
    return [
        TemplateColumn(
            "codice_fiscale", "BNCLCU85M41A944E", _("16 caratteri di una persona fisica."), True
        ),
        TemplateColumn("cognome", "Bianchi", _("Testo."), True),
        TemplateColumn("nome", "Lucia", _("Testo."), True),
        TemplateColumn(
            "tipo_contratto",
            ContractType.PERMANENT.value,
            _("Uno di: %(v)s.") % {"v": ", ".join(ContractType.values)},
            True,
        ),
        TemplateColumn(
            "ramo",
            None,
            _(
                "Solo nelle cooperative sociali miste A+B, dove è obbligatorio: A o B. "
                "Altrimenti vuoto."
            ),
        ),
        TemplateColumn(
            "ore_settimanali", Decimal("30"), _("Ore settimanali (30 oppure 17,5)."), True
        ),
        TemplateColumn(
            "data_inizio",
            dt.date(2024, 9, 2),
            _("gg/mm/aaaa; con il codice fiscale identifica il rapporto di lavoro."),
            True,
        ),
        TemplateColumn("data_fine", None, _("gg/mm/aaaa, vuota se il rapporto è in corso.")),
        TemplateColumn(
            "retribuzione_annua_lorda",
            Decimal("21500.00"),
            _("Euro lordi l'anno (21.500,00 oppure 21500.00), facoltativa."),
        ),
        TemplateColumn("svantaggiato", "no", _("si o no (R-381-4a).") + " " + sensitive),
        TemplateColumn(
            "categoria_svantaggio",
            None,
            _("Con svantaggiato = si, uno di: %(v)s.")
            % {"v": ", ".join(DisadvantageCategory.values)},
        ),
        TemplateColumn(
            "ente_certificatore",
            None,
            _("Con svantaggiato = si: l'ente pubblico che certifica (R-381-4d)."),
        ),
        TemplateColumn("valido_dal", None, _("Con svantaggiato = si: gg/mm/aaaa.")),
        TemplateColumn("valido_al", None, _("gg/mm/aaaa, vuota se senza scadenza.")),
    ]


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


# --- reading the file ----------------------------------------------------------------------


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float | int) and not isinstance(value, bool):
        return Decimal(str(value))
    if value is None:
        return ""
    return str(value).strip()


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError(_("Il file non è un foglio XLSX leggibile.")) from error
    sheet = workbook.worksheets[0]
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, [_cell(v) for v in values]
    workbook.close()


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    for line, values in csv_rows(text, delimiter):
        yield line, [v.strip() for v in values]


def read_table(content: bytes, filename: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, row by column) for each non-empty data row, after checking the header."""
    is_xlsx = filename.lower().endswith(".xlsx") or content[:2] == b"PK"
    rows = _xlsx_rows(content) if is_xlsx else _csv_rows(content)
    header: list[str] | None = None
    for line, values in rows:
        if header is None:
            header = [str(v).strip().lower() for v in values]
            while header and not header[-1]:
                header.pop()
            _check_header(header)
            continue
        if not any(v not in ("", None) for v in values):
            continue
        padded = list(values) + [""] * (len(header) - len(values))
        yield line, dict(zip(header, padded, strict=False))
    if header is None:
        raise ImportFileError(_("Il file è vuoto."))


def _check_header(header: list[str]) -> None:
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        parts = []
        if missing:
            parts.append(_("mancano le colonne %(c)s") % {"c": ", ".join(missing)})
        if unknown:
            parts.append(_("colonne sconosciute %(c)s") % {"c": ", ".join(unknown)})
        if len(set(header)) != len(header):
            parts.append(_("ci sono colonne ripetute"))
        raise ImportFileError(
            _("Intestazione non valida: %(p)s. Le colonne devono essere: %(cols)s.")
            % {"p": "; ".join(parts), "cols": ", ".join(COLUMNS)}
        )


# --- parsing one row -----------------------------------------------------------------------


class _RowError(Exception):
    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass
class ParsedRow:
    line: int
    codice_fiscale: str
    surname: str
    given_name: str
    employment: dict[str, Any]
    status: dict[str, Any] | None
    has_sensitive: bool


def _parse(line: int, raw: dict[str, Any]) -> ParsedRow:
    errors: list[tuple[str, str]] = []

    def text(column: str) -> str:
        value = raw.get(column, "")
        if isinstance(value, Decimal):
            return format(value, "f")
        return str(value or "").strip()

    def date(column: str, *, required: bool) -> dt.date | None:
        try:
            value = parse_date(raw.get(column))
        except ValueError:
            errors.append((column, _("data non valida: scrivila come gg/mm/aaaa.")))
            return None
        if value is None and required:
            errors.append((column, _("la data è obbligatoria.")))
        return value

    def number(column: str, *, required: bool) -> Decimal | None:
        try:
            value = parse_decimal(raw.get(column))
        except ValueError:
            errors.append((column, _("numero non valido.")))
            return None
        if value is None and required:
            errors.append((column, _("il valore è obbligatorio.")))
        return value

    cf = codicefiscale.compact(text("codice_fiscale"))
    try:
        codicefiscale.validate(cf)
        if len(cf) != 16:
            raise StdnumError
    except StdnumError:
        errors.append(("codice_fiscale", _("codice fiscale di persona fisica non valido.")))
    surname, given_name = text("cognome"), text("nome")
    if not surname:
        errors.append(("cognome", _("il cognome è obbligatorio.")))
    if not given_name:
        errors.append(("nome", _("il nome è obbligatorio.")))
    contract = text("tipo_contratto").lower()
    if contract not in ContractType.values:
        errors.append(
            (
                "tipo_contratto",
                _("tipo di contratto sconosciuto: usa uno di %(v)s.")
                % {"v": ", ".join(ContractType.values)},
            )
        )
    branch = text("ramo").upper()
    if branch and branch not in Branch.values:
        errors.append(("ramo", _("il ramo è A, B o vuoto.")))
    employment = {
        "contract_type": contract,
        "branch": branch,
        "weekly_hours": number("ore_settimanali", required=True),
        "start_date": date("data_inizio", required=True),
        "end_date": date("data_fine", required=False),
        "gross_annual_pay": number("retribuzione_annua_lorda", required=False),
    }
    flag = text("svantaggiato").lower()
    sensitive_values = [text(c) for c in SENSITIVE_COLUMNS[1:]]
    has_sensitive = flag in ("si", "sì") or any(sensitive_values)
    status = None
    if flag in ("si", "sì"):
        category = text("categoria_svantaggio").lower()
        if category not in DisadvantageCategory.values:
            errors.append(
                (
                    "categoria_svantaggio",
                    _("categoria mancante o sconosciuta: usa uno dei codici di R-381-4a."),
                )
            )
        if not text("ente_certificatore"):
            errors.append(("ente_certificatore", _("indica l'ente che certifica (R-381-4d).")))
        status = {
            "category": category,
            "certifying_body": text("ente_certificatore"),
            "valid_from": date("valido_dal", required=True),
            "valid_to": date("valido_al", required=False),
        }
    elif flag in ("no", ""):
        if any(sensitive_values):
            errors.append(
                (
                    "svantaggiato",
                    _("i dati di svantaggio sono compilati ma svantaggiato non è «si»."),
                )
            )
    else:
        errors.append(("svantaggiato", _("scrivi «si» o «no».")))
    if errors:
        raise _RowError(errors)
    return ParsedRow(line, cf, surname, given_name, employment, status, has_sensitive)


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
        existing = Employment.objects.filter(
            organization=self.organization, person=person, start_date=row.employment["start_date"]
        ).first()
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
            outcome = vault.status_import(
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
            row = _parse(line, raw)
        except _RowError as bad:
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
