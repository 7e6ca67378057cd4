"""The columns of the workforce import file and its downloadable template."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from coopnet.members.imports import TemplateColumn

from ..models import ContractType, DisadvantageCategory

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
