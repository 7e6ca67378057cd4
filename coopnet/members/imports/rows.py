"""One line of a libro soci file: read, checked on its own, as a :class:`MemberRow`."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coopnet.core.formatting import money
from coopnet.core.models import Comune, Organization, Parameter
from coopnet.core.parameters import ParameterMissingError
from coopnet.core.validators import clean_codice_fiscale, clean_partita_iva

from ..models import ExitCause, MemberCategory, PersonKind, Statute
from ..services.exits import check_exit_terms
from .reading import Cell, ComuneIndex, _text, parse_date, parse_decimal, parse_int, read_records
from .report import ImportFileError, ImportReport

NATURAL_COLUMNS = ("codice_fiscale", "cognome", "nome")
LEGAL_COLUMNS = ("partita_iva", "denominazione")
COMMON_COLUMNS = (
    "email",
    "telefono",
    "indirizzo",
    "comune",
    "categoria",
    "data_domanda",
    "data_ammissione",
    "numero_libro_soci",
    "azioni_sottoscritte",
    "valore_nominale",
    "importo_versato",
    "data_uscita",
    "causa_uscita",
)
KNOWN_COLUMNS = frozenset(NATURAL_COLUMNS + LEGAL_COLUMNS + COMMON_COLUMNS)
EXTENSIONS = (".xlsx", ".csv")
# Field names in messages, translated only when a message needs them (not once per row).
LABELS = {
    "cognome": gettext_lazy("cognome"),
    "nome": gettext_lazy("nome"),
    "denominazione": gettext_lazy("denominazione"),
    "telefono": gettext_lazy("telefono"),
    "indirizzo": gettext_lazy("indirizzo"),
}


@dataclass
class MemberRow:
    line: int
    kind: str
    codice_fiscale: str = ""
    partita_iva: str = ""
    surname: str = ""
    given_name: str = ""
    denomination: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    comune: Comune | None = None
    category: str = ""
    applied_on: dt.date | None = None
    admitted_on: dt.date | None = None
    register_number: int | None = None
    shares: int = 0
    nominal_value: Decimal = Decimal("0")
    paid: Decimal = Decimal("0")
    ended_on: dt.date | None = None
    exit_cause: str = ""

    @property
    def key(self) -> tuple[str, str]:
        if self.kind == PersonKind.LEGAL:
            return ("piva", self.partita_iva)
        return ("cf", self.codice_fiscale)

    @property
    def subscribed(self) -> Decimal:
        return self.nominal_value * self.shares

    def person_data(self) -> dict[str, Any]:
        """The person's fields the file gives (blank cells leave stored values alone)."""
        data: dict[str, Any] = {
            "surname": self.surname,
            "given_name": self.given_name,
            "denomination": self.denomination,
            "email": self.email,
            "phone": self.phone,
            "address": self.address,
        }
        data = {k: v for k, v in data.items() if v}
        if self.comune is not None:
            data["comune"] = self.comune
        return data


def _cleaned(code: str, clean: Callable[[str], str], missing: str, problems: list[str]) -> str:
    """``code`` as ``clean`` writes it; "" with a problem noted when it is missing or wrong."""
    if not code:
        problems.append(missing)
        return ""
    try:
        return clean(code)
    except ValidationError as error:
        problems.append(f"{code}: {error.messages[0]}")
        return ""


class RowReader:
    """Reads a file's rows and checks each one on its own against the statute and the law."""

    def __init__(self, organization: Organization) -> None:
        self.organization = organization
        self.today = timezone.localdate()
        statute = Statute.objects.for_org(organization).first()
        self.statute = statute or Statute(
            organization=organization, allowed_categories=[c.value for c in MemberCategory]
        )
        self.parameters: dict[str, list[Parameter]] = {}
        for parameter in Parameter.objects.filter(region__isnull=True).order_by("valid_from"):
            self.parameters.setdefault(parameter.key, []).append(parameter)
        self.comuni: ComuneIndex | None = None
        self.report = ImportReport(dry_run=True)

    # parameters in force on a day, from the pre-loaded table
    def parameter(self, key: str, on: dt.date) -> Decimal:
        rows = self.parameters.get(key, [])
        value = None
        for parameter in rows:
            if parameter.valid_from <= on and (
                parameter.valid_to is None or on <= parameter.valid_to
            ):
                value = parameter.value
        if value is None:
            raise ParameterMissingError(key, on, rows[0].valid_from if rows else None)
        return value

    def legal_value(self, key: str, on: dt.date, problems: list[str]) -> Decimal | None:
        """The value in force on ``on``; None, with the reason in ``problems``, when coopnet
        has none for that day (a register older than the law's numbers on record)."""
        try:
            return self.parameter(key, on)
        except ParameterMissingError as error:
            problems.append(error.user_message())
            return None

    # -- reading and checking single rows --

    def parse(self, path: Path) -> list[MemberRow]:
        records = read_records(path)
        try:
            header = next(records)
        except StopIteration:
            raise ImportFileError(_("Il file è vuoto.")) from None
        except (UnicodeError, csv.Error) as error:
            raise ImportFileError(_("Il file non si può leggere: %(e)s") % {"e": error}) from error
        columns = [_text(h).lower() for h in header]
        self._check_header(columns)
        self.comuni = ComuneIndex()
        rows: list[MemberRow] = []
        for line, record in enumerate(records, start=2):
            values = {c: record[i] if i < len(record) else None for i, c in enumerate(columns) if c}
            if all(_text(v) == "" for v in values.values()):
                continue
            self.report.rows += 1
            row = self._parse_row(line, values)
            if row is not None:
                rows.append(row)
        return rows

    def _check_header(self, columns: list[str]) -> None:
        present = {c for c in columns if c}
        unknown = sorted(present - KNOWN_COLUMNS)
        if unknown:
            raise ImportFileError(
                _(
                    "Colonne sconosciute nell'intestazione: %(cols)s. "
                    "Le colonne ammesse sono: %(ok)s."
                )
                % {
                    "cols": ", ".join(unknown),
                    "ok": ", ".join(NATURAL_COLUMNS + LEGAL_COLUMNS + COMMON_COLUMNS),
                }
            )
        duplicated = sorted({c for c in present if columns.count(c) > 1})
        if duplicated:
            raise ImportFileError(
                _("Colonne ripetute nell'intestazione: %(cols)s.") % {"cols": ", ".join(duplicated)}
            )
        has_natural = set(NATURAL_COLUMNS) <= present
        has_legal = set(LEGAL_COLUMNS) <= present
        missing = [c for c in ("categoria", "data_domanda") if c not in present]
        if missing or not (has_natural or has_legal):
            if not (has_natural or has_legal):
                missing.append(
                    "codice_fiscale, cognome, nome " + _("oppure") + " partita_iva, denominazione"
                )
            raise ImportFileError(
                _("Mancano colonne obbligatorie: %(cols)s.") % {"cols": "; ".join(missing)}
            )

    def _parse_row(self, line: int, values: dict[str, Cell]) -> MemberRow | None:
        problems: list[str] = []
        text = {k: _text(v) for k, v in values.items()}
        legal = bool(text.get("partita_iva") or text.get("denominazione"))
        natural = bool(text.get("codice_fiscale") or text.get("cognome") or text.get("nome"))
        if legal and natural:
            problems.append(
                _(
                    "compila codice fiscale, cognome e nome (persona fisica) oppure partita IVA e "
                    "denominazione (persona giuridica), non entrambi"
                )
            )
        row = MemberRow(line=line, kind=PersonKind.LEGAL if legal else PersonKind.NATURAL)
        if legal:
            self._parse_legal(row, text, problems)
        else:
            self._parse_natural(row, text, problems)
        self._parse_contacts(row, text, problems)
        self._parse_membership(row, values, text, problems)
        for problem in problems:
            self.report.error(line, problem)
        return None if problems else row

    def _parse_natural(self, row: MemberRow, text: dict[str, str], problems: list[str]) -> None:
        code = text.get("codice_fiscale", "").upper().replace(" ", "")
        row.codice_fiscale = _cleaned(
            code, clean_codice_fiscale, _("manca il codice fiscale"), problems
        )
        if row.codice_fiscale and len(row.codice_fiscale) != 16:
            problems.append(
                _("%(cf)s: il codice fiscale di una persona fisica ha 16 caratteri") % {"cf": code}
            )
        row.surname = text.get("cognome", "")
        row.given_name = text.get("nome", "")
        if not row.surname:
            problems.append(_("manca il cognome"))
        if not row.given_name:
            problems.append(_("manca il nome"))
        self._check_length(row.surname, 120, LABELS["cognome"], problems)
        self._check_length(row.given_name, 120, LABELS["nome"], problems)

    def _parse_legal(self, row: MemberRow, text: dict[str, str], problems: list[str]) -> None:
        number = text.get("partita_iva", "").replace(" ", "")
        if number.isdigit() and len(number) < 11:
            number = number.zfill(11)  # a spreadsheet drops the leading zeros of a number
        row.partita_iva = _cleaned(number, clean_partita_iva, _("manca la partita IVA"), problems)
        row.denomination = text.get("denominazione", "")
        if not row.denomination:
            problems.append(_("manca la denominazione"))
        self._check_length(row.denomination, 255, LABELS["denominazione"], problems)

    def _parse_contacts(self, row: MemberRow, text: dict[str, str], problems: list[str]) -> None:
        row.email = text.get("email", "").lower()
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                problems.append(_("indirizzo e-mail «%(v)s» non valido") % {"v": row.email})
        row.phone = text.get("telefono", "")
        row.address = text.get("indirizzo", "")
        self._check_length(row.phone, 40, LABELS["telefono"], problems)
        self._check_length(row.address, 255, LABELS["indirizzo"], problems)
        if text.get("comune"):
            assert self.comuni is not None
            try:
                row.comune = self.comuni.find(text["comune"])
            except ValueError as error:
                problems.append(str(error))

    @staticmethod
    def _check_length(value: str, limit: int, label: Any, problems: list[str]) -> None:
        if len(value) > limit:
            problems.append(
                _("%(field)s troppo lungo (al massimo %(n)s caratteri)")
                % {"field": label, "n": limit}
            )

    def _date(self, values: dict[str, Cell], column: str, problems: list[str]) -> dt.date | None:
        try:
            value = parse_date(values.get(column))
        except ValueError:
            problems.append(
                _("%(col)s «%(v)s» non è una data valida (gg/mm/aaaa)")
                % {"col": column, "v": _text(values.get(column))}
            )
            return None
        if value is not None and value > self.today:
            problems.append(
                _("%(col)s %(d)s è nel futuro") % {"col": column, "d": value.strftime("%d/%m/%Y")}
            )
            return None
        return value

    def _parse_membership(
        self, row: MemberRow, values: dict[str, Cell], text: dict[str, str], problems: list[str]
    ) -> None:
        category = text.get("categoria", "").lower().replace(" ", "_")
        allowed = [c.value for c in MemberCategory]
        if not category:
            problems.append(_("manca la categoria"))
        elif category not in allowed:
            problems.append(
                _("categoria «%(v)s» sconosciuta: usa %(list)s")
                % {"v": text["categoria"], "list": ", ".join(allowed)}
            )
        elif category not in self.statute.allowed_categories:
            problems.append(
                _("lo statuto di %(org)s non prevede la categoria «%(c)s»")
                % {"org": self.organization.short_name, "c": MemberCategory(category).label}
            )
        elif category == MemberCategory.PERSONA_GIURIDICA and row.kind != PersonKind.LEGAL:
            problems.append(_("solo una persona giuridica può essere socio persona giuridica"))
        row.category = category

        row.applied_on = self._date(values, "data_domanda", problems)
        row.admitted_on = self._date(values, "data_ammissione", problems)
        row.ended_on = self._date(values, "data_uscita", problems)
        if not text.get("data_domanda"):
            problems.append(_("manca la data della domanda"))
        if row.applied_on and row.admitted_on and row.admitted_on < row.applied_on:
            problems.append(
                _("la data di ammissione %(a)s precede la data della domanda %(d)s")
                % {"a": f"{row.admitted_on:%d/%m/%Y}", "d": f"{row.applied_on:%d/%m/%Y}"}
            )
        if row.ended_on and not text.get("data_ammissione"):
            problems.append(_("c'è una data di uscita ma manca la data di ammissione"))
        if row.ended_on and row.admitted_on and row.ended_on < row.admitted_on:
            problems.append(
                _("la data di uscita %(u)s precede la data di ammissione %(a)s")
                % {"u": f"{row.ended_on:%d/%m/%Y}", "a": f"{row.admitted_on:%d/%m/%Y}"}
            )
        self._parse_exit_cause(row, text, problems)
        if row.ended_on and row.exit_cause in ExitCause.values:
            try:
                check_exit_terms(row.exit_cause, row.ended_on, self.parameter)
            except ValidationError as error:
                problems.extend(error.messages)
        self._parse_number_and_shares(row, values, text, problems)

    def _parse_exit_cause(self, row: MemberRow, text: dict[str, str], problems: list[str]) -> None:
        cause = text.get("causa_uscita", "").lower()
        causes = [c.value for c in ExitCause]
        if cause and cause not in causes:
            problems.append(
                _("causa di uscita «%(v)s» sconosciuta: usa %(list)s")
                % {"v": text["causa_uscita"], "list": ", ".join(causes)}
            )
        elif cause and not text.get("data_uscita"):
            problems.append(_("c'è una causa di uscita ma manca la data di uscita"))
        elif text.get("data_uscita") and not cause:
            problems.append(_("c'è una data di uscita ma manca la causa di uscita"))
        row.exit_cause = cause

    def _parse_number_and_shares(
        self, row: MemberRow, values: dict[str, Cell], text: dict[str, str], problems: list[str]
    ) -> None:
        try:
            row.register_number = parse_int(values.get("numero_libro_soci"))
        except ValueError:
            problems.append(
                _("numero_libro_soci «%(v)s» non è un numero intero")
                % {"v": text["numero_libro_soci"]}
            )
        if row.register_number is not None and row.register_number < 1:
            problems.append(_("numero_libro_soci deve essere almeno 1"))
        if row.register_number is not None and not text.get("data_ammissione"):
            problems.append(_("una domanda senza data di ammissione non ha numero nel libro soci"))
        try:
            row.shares = parse_int(values.get("azioni_sottoscritte")) or 0
        except ValueError:
            problems.append(
                _("azioni_sottoscritte «%(v)s» non è un numero intero")
                % {"v": text["azioni_sottoscritte"]}
            )
        nominal = paid = None
        for column in ("valore_nominale", "importo_versato"):
            try:
                amount = parse_decimal(values.get(column))
            except ValueError:
                problems.append(
                    _("%(col)s «%(v)s» non è un importo valido (ad esempio 1.234,50)")
                    % {"col": column, "v": text[column]}
                )
                continue
            if amount is not None and amount < 0:
                problems.append(_("%(col)s non può essere negativo") % {"col": column})
            if column == "valore_nominale":
                nominal = amount
            else:
                paid = amount
        row.nominal_value = nominal if nominal is not None else self.statute.share_nominal_value
        row.paid = paid or Decimal("0")
        if (row.shares or row.paid) and not text.get("data_ammissione"):
            problems.append(_("solo un socio ammesso può sottoscrivere e versare capitale"))
        if row.paid and not row.shares:
            problems.append(_("c'è un importo versato ma nessuna azione sottoscritta"))
        if row.paid > row.subscribed:
            problems.append(
                _("importo_versato %(p)s supera il capitale sottoscritto %(s)s (%(n)s x %(v)s)")
                % {
                    "p": money(row.paid),
                    "s": money(row.subscribed),
                    "n": row.shares,
                    "v": money(row.nominal_value),
                }
            )
        if row.shares and row.admitted_on:
            self._check_share_rules(row, problems)

    def _check_share_rules(self, row: MemberRow, problems: list[str]) -> None:
        """R-CC-2525 as ``shares_subscribe`` applies it, with the values in force on admission."""
        assert row.admitted_on is not None
        on = row.admitted_on
        if row.shares < self.statute.min_shares:
            problems.append(
                _("lo statuto chiede di sottoscrivere almeno %(n)s quote")
                % {"n": self.statute.min_shares}
            )
        minimum = self.legal_value("cc.share_min_value", on, problems)
        if minimum is not None and row.nominal_value < minimum:
            problems.append(
                _("R-CC-2525: il valore nominale %(v)s è inferiore al minimo di %(min)s")
                % {"v": money(row.nominal_value), "min": money(minimum)}
            )
        if self.statute.shares_are_azioni:
            maximum = self.legal_value("cc.share_max_value", on, problems)
            if maximum is not None and row.nominal_value > maximum:
                problems.append(
                    _("R-CC-2525: il valore nominale %(v)s di un'azione supera %(max)s")
                    % {"v": money(row.nominal_value), "max": money(maximum)}
                )
        if row.kind == PersonKind.NATURAL:
            cap = self.legal_value("cc.holding_max", on, problems)
            if cap is not None and row.subscribed > cap:
                problems.append(
                    _(
                        "R-CC-2525: la partecipazione di %(total)s supera il limite di "
                        "%(cap)s per socio (art. 2525 c.c.)"
                    )
                    % {"total": money(row.subscribed), "cap": money(cap)}
                )
