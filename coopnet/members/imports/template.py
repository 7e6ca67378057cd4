"""Downloadable import templates: the header row and one example row, as CSV or XLSX.

Each import describes its columns once (``TemplateColumn``: name, example, accepted values);
the import page shows that table and the download writes the same header and example, so the
file a user starts from is one the import accepts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from coopnet.core.exports import FORMATS, csv_response, xlsx_response

from ..models import ExitCause, MemberCategory

Example = str | int | Decimal | dt.date | None


@dataclass(frozen=True)
class TemplateColumn:
    """One column of an import file, with an example value and what it accepts."""

    name: str
    example: Example
    accepts: str | Promise
    required: bool = False


def template_response(
    columns: Sequence[TemplateColumn], *, fmt: str, basename: str
) -> HttpResponse:
    """The template as a CSV (``;``, UTF-8 with BOM) or XLSX download; 404 for another format."""
    if fmt not in FORMATS:
        raise Http404
    header = [c.name for c in columns]
    example = [c.example for c in columns]
    write = csv_response if fmt == "csv" else xlsx_response
    return write(basename, header, [example])


def _choices(values: Sequence[str]) -> str:
    return ", ".join(values)


def register_columns() -> list[TemplateColumn]:
    """The libro soci import's columns (a natural person; a legal person is explained)."""
    return [
        TemplateColumn(
            "codice_fiscale",
            "RSSMRA80E52A944A",
            _(
                "16 caratteri. Per una persona giuridica usa invece le colonne partita_iva e "
                "denominazione."
            ),
            required=True,
        ),
        TemplateColumn("cognome", "Rossi", _("Testo, al massimo 120 caratteri."), required=True),
        TemplateColumn("nome", "Maria", _("Testo, al massimo 120 caratteri."), required=True),
        TemplateColumn("email", "maria.rossi@example.org", _("Facoltativo.")),
        TemplateColumn("telefono", "051 123456", _("Facoltativo.")),
        TemplateColumn("indirizzo", "Via Saragozza 12", _("Facoltativo.")),
        TemplateColumn(
            "comune",
            "Bologna",
            _(
                "Il nome del comune; con la sigla della provincia se ce ne sono più con lo "
                "stesso nome: Castro (LE)."
            ),
        ),
        TemplateColumn(
            "categoria",
            MemberCategory.LAVORATORE.value,
            _("Una di: %(v)s (tra quelle dello statuto).") % {"v": _choices(MemberCategory.values)},
            required=True,
        ),
        TemplateColumn(
            "data_domanda", dt.date(2019, 3, 4), _("gg/mm/aaaa, non nel futuro."), required=True
        ),
        TemplateColumn(
            "data_ammissione",
            dt.date(2019, 4, 10),
            _("gg/mm/aaaa. Vuota: la riga è una domanda in attesa del consiglio."),
        ),
        TemplateColumn("numero_libro_soci", 12, _("Numero intero. Vuoto: il primo numero libero.")),
        TemplateColumn("azioni_sottoscritte", 4, _("Numero intero di quote o azioni.")),
        TemplateColumn(
            "valore_nominale",
            Decimal("25.00"),
            _(
                "Euro (1.234,50 o 1234.50); vuoto: il valore dello statuto. Importi in lire "
                "convertiti in euro (1 euro = 1.936,27 lire)."
            ),
        ),
        TemplateColumn(
            "importo_versato", Decimal("100.00"), _("Euro versati, non più del sottoscritto.")
        ),
        TemplateColumn(
            "data_uscita", None, _("gg/mm/aaaa di un'uscita già avvenuta; vuota per chi è socio.")
        ),
        TemplateColumn(
            "causa_uscita",
            None,
            _("Con data_uscita: una di %(v)s.") % {"v": _choices(ExitCause.values)},
        ),
    ]
