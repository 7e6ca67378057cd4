"""Importing exchanges from a CSV file (a notebook copied into a spreadsheet, an old web app).

Columns (header on the first line, `;` or `,`, UTF-8 with or without BOM, or Windows-1252):
``data`` (dd/mm/yyyy or yyyy-mm-dd), ``riceve`` (who received the help and pays), ``aiuta``
(who gave it), ``minuti``, ``categoria``, optional ``nota`` and ``chiave``. An account is named
by its number or by the person's codice fiscale. All or nothing: one refused line refuses the
file, and every refused line is named with its reason. A line without ``chiave`` gets one made
of the file's fingerprint and the line, so importing the same file again writes nothing new.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action
from coopnet.core.models import Organization, User
from coopnet.members.imports.reading import csv_rows
from coopnet.members.imports.report import ImportFileError

from ..models import Account, Category, Transfer
from .ledger import Leg, record

COLUMNS = ("data", "riceve", "aiuta", "minuti", "categoria")
OPTIONAL = ("nota", "chiave")
MAX_LINES = 5000


def _text(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _rows(content: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    text = _text(content)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    header: list[str] = []
    for line, values in csv_rows(text, delimiter):
        cells = [v.strip() for v in values]
        if not header:
            header = [c.lower() for c in cells]
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise ImportFileError(
                    _("Mancano le colonne: %(cols)s.") % {"cols": ", ".join(missing)}
                )
            continue
        if any(cells):
            yield line, dict(zip(header, cells, strict=False))


def _date(value: str) -> dt.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007  a calendar date
        except ValueError:
            continue
    raise ValueError(_("data «%(v)s» non valida (gg/mm/aaaa)") % {"v": value})


def _minutes(value: str) -> int:
    if not value.isdigit() or int(value) == 0:
        raise ValueError(
            _("minuti «%(v)s»: serve un numero intero maggiore di zero") % {"v": value}
        )
    return int(value)


class _Lookup:
    """The organization's accounts and categories, read once per file."""

    def __init__(self, organization: Organization) -> None:
        accounts = list(Account.objects.for_org(organization).select_related("person"))
        self.by_number = {str(a.pk): a for a in accounts}
        self.by_cf = {
            a.person.codice_fiscale.upper(): a
            for a in accounts
            if a.person is not None and a.person.codice_fiscale
        }
        self.categories = {c.name.lower(): c for c in Category.objects.for_org(organization)}

    def account(self, value: str, column: str) -> Account:
        found = self.by_number.get(value) or self.by_cf.get(value.upper())
        if found is None:
            raise ValueError(_("%(col)s: nessun conto «%(v)s»") % {"col": column, "v": value})
        return found

    def category(self, value: str) -> Category:
        found = self.categories.get(value.lower())
        if found is None:
            raise ValueError(_("categoria «%(v)s» sconosciuta") % {"v": value})
        return found


def _reason(error: ValidationError) -> str:
    return " ".join(error.messages)


@transaction.atomic
def transfers_import(
    *, actor: User | None, organization: Organization, content: bytes
) -> list[Transfer]:
    """Write every line of the file as a transfer, or none (ValidationError listing each
    refused line with its reason)."""
    fingerprint = hashlib.sha256(content).hexdigest()[:16]
    lookup = _Lookup(organization)
    written: list[Transfer] = []
    errors: list[str] = []
    try:
        rows = list(_rows(content))
    except ImportFileError as error:
        raise ValidationError({"file": str(error)}) from error
    if not rows:
        raise ValidationError({"file": _("Il file non contiene scambi.")})
    if len(rows) > MAX_LINES:
        raise ValidationError({"file": _("Al massimo %(n)s righe per file.") % {"n": MAX_LINES}})
    for line, row in rows:
        try:
            minutes = _minutes(row["minuti"])
            parts = [
                Leg(lookup.account(row["riceve"], "riceve"), -minutes),
                Leg(lookup.account(row["aiuta"], "aiuta"), minutes),
            ]
            transfer, _new = record(
                actor=actor,
                organization=organization,
                parts=parts,
                category=lookup.category(row["categoria"]),
                performed_on=_date(row["data"]),
                note=row.get("nota", "")[:255],
                idempotency_key=row.get("chiave") or f"csv-{fingerprint}-{line}",
            )
        except ValueError as error:
            errors.append(_("Riga %(line)s: %(reason)s.") % {"line": line, "reason": error})
        except ValidationError as error:
            errors.append(_("Riga %(line)s: %(reason)s") % {"line": line, "reason": _reason(error)})
        else:
            written.append(transfer)
    if errors:
        raise ValidationError({"file": errors})
    log_action(
        actor=actor,
        organization=organization,
        action="community.transfer.import",
        obj=organization,
        after={"transfers": [t.pk for t in written], "file": fingerprint},
    )
    return written
