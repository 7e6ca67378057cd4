"""The catalogue of the social report's indicators: data, not tables.

Each indicator serves a section of DM Lavoro 4/7/2019 §6 (R-IS-5), maps to VSME and GRI, and is
``COMPUTED`` (``compute.py``), ``MANUAL`` (with its source; ``manual_fallback``: also computed)
or ``DERIVED`` (``formula.py``); ``people``: a count of persons, hidden when small if published.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import Origin
from . import formula
from .definition import SECTIONS, Indicator, Unit

__all__ = ["CATALOGUE", "DERIVED", "INDICATORS", "SECTIONS", "Indicator", "Unit", "check_catalogue"]

C, M, D = Origin.COMPUTED, Origin.MANUAL, Origin.DERIVED

INDICATORS: tuple[Indicator, ...] = (
    # 3. structure, governance and administration
    Indicator(
        "members_total",
        _("Soci al 31 dicembre"),
        "Members at 31 December",
        Unit.COUNT,
        3,
        people=True,
    ),
    Indicator(
        "members_by_category",
        _("Soci per categoria"),
        "Members by category",
        Unit.COUNT,
        3,
        breakdown=_("categoria"),
        people=True,
    ),
    Indicator(
        "members_by_sex",
        _("Soci per genere"),
        "Members by gender",
        Unit.COUNT,
        3,
        breakdown=_("genere"),
        people=True,
    ),
    Indicator(
        "members_admitted",
        _("Soci ammessi nell'anno"),
        "Members admitted",
        Unit.COUNT,
        3,
        people=True,
    ),
    Indicator(
        "members_exited", _("Soci usciti nell'anno"), "Members who left", Unit.COUNT, 3, people=True
    ),
    Indicator(
        "capital_subscribed",
        _("Capitale sociale sottoscritto"),
        "Subscribed share capital",
        Unit.EUR,
        3,
    ),
    Indicator("capital_paid", _("Capitale sociale versato"), "Paid-up share capital", Unit.EUR, 3),
    Indicator(
        "board_members",
        _("Componenti dell'organo di amministrazione"),
        "Members of the board",
        Unit.COUNT,
        3,
        gri="2-9",
    ),
    Indicator(
        "board_members_by_sex",
        _("Amministratori per genere"),
        "Board members by gender",
        Unit.COUNT,
        3,
        breakdown=_("genere"),
        gri="405-1",
    ),
    Indicator(
        "control_body_members",
        _("Componenti dell'organo di controllo"),
        "Members of the control body",
        Unit.COUNT,
        3,
    ),
    Indicator(
        "offices_by_workers_users",
        _("Cariche nominate da lavoratori o utenti (art. 11)"),
        "Offices appointed by workers or users (art. 11)",
        Unit.COUNT,
        3,
        rule="R-IS-3",
    ),
    Indicator("assemblies_held", _("Assemblee tenute"), "General meetings held", Unit.COUNT, 3),
    Indicator(
        "assembly_on_roll", _("Soci convocati alle assemblee"), "Members called", Unit.COUNT, 3
    ),
    Indicator(
        "assembly_present",
        _("Soci presenti alle assemblee"),
        "Members present at general meetings",
        Unit.COUNT,
        3,
    ),
    Indicator(
        "assembly_attendance",
        _("Partecipazione alle assemblee"),
        "Attendance at general meetings",
        Unit.PERCENT,
        3,
        origin=D,
        formula="assembly_present / assembly_on_roll * 100",
    ),
    Indicator(
        "assembly_decisions",
        _("Delibere votate in assemblea"),
        "Motions voted by general meetings",
        Unit.COUNT,
        3,
    ),
    # 4. people
    Indicator(
        "workers_total",
        _("Lavoratori al 31 dicembre"),
        "Workers at 31 December",
        Unit.COUNT,
        4,
        vsme="B8",
        gri="2-7",
        people=True,
    ),
    Indicator(
        "workers_by_sex",
        _("Lavoratori per genere"),
        "Workers by gender",
        Unit.COUNT,
        4,
        breakdown=_("genere"),
        vsme="B8",
        gri="405-1",
        people=True,
    ),
    Indicator(
        "workers_by_age",
        _("Lavoratori per età"),
        "Workers by age band",
        Unit.COUNT,
        4,
        breakdown=_("fascia d'età"),
        gri="405-1",
        people=True,
    ),
    Indicator(
        "workers_by_contract",
        _("Lavoratori per tipo di contratto"),
        "Workers by contract",
        Unit.COUNT,
        4,
        breakdown=_("contratto"),
        vsme="B8",
        gri="2-7",
        people=True,
    ),
    Indicator(
        "workers_by_ccnl",
        _("Lavoratori per CCNL applicato"),
        "Workers by collective agreement",
        Unit.COUNT,
        4,
        breakdown=_("CCNL"),
        vsme="B10",
        gri="2-30",
        people=True,
    ),
    Indicator(
        "workers_average",
        _("Lavoratori in media nell'anno (R-381-4b)"),
        "Average workers in the year",
        Unit.COUNT,
        4,
        rule="R-381-4b",
        people=True,
    ),
    Indicator(
        "disadvantaged_average",
        _("Lavoratori svantaggiati in media nell'anno"),
        "Average disadvantaged workers in the year",
        Unit.COUNT,
        4,
        rule="R-381-4b",
        people=True,
    ),
    Indicator(
        "disadvantaged_share",
        _("Quota di lavoratori svantaggiati sul totale"),
        "Disadvantaged share of workers",
        Unit.PERCENT,
        4,
        origin=D,
        formula="disadvantaged_average / workers_average * 100",
        rule="R-381-4b",
    ),
    Indicator(
        "disadvantaged_share_inps",
        _("Svantaggiati sui lavoratori non svantaggiati (lettura INPS)"),
        "Disadvantaged per non-disadvantaged workers (INPS reading)",
        Unit.PERCENT,
        4,
        origin=D,
        formula="disadvantaged_average / (workers_average - disadvantaged_average) * 100",
        rule="R-381-4b",
    ),
    Indicator(
        "pay_highest",
        _("Retribuzione annua lorda più alta"),
        "Highest gross annual pay",
        Unit.EUR,
        4,
        manual_fallback=True,
        rule="R-IS-4",
    ),
    Indicator(
        "pay_lowest",
        _("Retribuzione annua lorda più bassa"),
        "Lowest gross annual pay",
        Unit.EUR,
        4,
        manual_fallback=True,
        rule="R-IS-4",
    ),
    Indicator(
        "pay_ratio",
        _("Rapporto tra retribuzione massima e minima"),
        "Highest to lowest pay ratio",
        Unit.RATIO,
        4,
        origin=D,
        formula="pay_highest / pay_lowest",
        gri="2-21",
        rule="R-IS-4",
    ),
    Indicator(
        "training_hours",
        _("Ore di formazione del personale"),
        "Training hours of the staff",
        Unit.HOURS,
        4,
        origin=M,
        vsme="B10",
        gri="404-1",
    ),
    Indicator(
        "volunteers_total",
        _("Volontari iscritti nell'anno"),
        "Volunteers registered in the year",
        Unit.COUNT,
        4,
        gri="2-8",
        people=True,
    ),
    Indicator(
        "volunteer_hours", _("Ore di volontariato"), "Volunteer hours", Unit.HOURS, 4, gri="2-8"
    ),
    Indicator(
        "volunteer_reimbursements",
        _("Rimborsi spese ai volontari"),
        "Expenses reimbursed to volunteers",
        Unit.EUR,
        4,
    ),
    Indicator(
        "volunteer_self_certified",
        _("di cui rimborsi autocertificati"),
        "of which self-certified",
        Unit.EUR,
        4,
    ),
    Indicator(
        "volunteers_reimbursed",
        _("Volontari che hanno avuto rimborsi"),
        "Volunteers reimbursed",
        Unit.COUNT,
        4,
        people=True,
    ),
    # 5. objectives and activities
    Indicator(
        "commons_reports",
        _("Relazioni sulle attività dei beni comuni"),
        "Activity reports on the commons",
        Unit.COUNT,
        5,
    ),
    Indicator(
        "commons_volunteer_hours",
        _("Ore di volontariato nei patti sui beni comuni"),
        "Volunteer hours under pacts on the commons",
        Unit.HOURS,
        5,
    ),
    Indicator(
        "commons_worker_hours",
        _("Ore di lavoro nei patti sui beni comuni"),
        "Worker hours under pacts on the commons",
        Unit.HOURS,
        5,
    ),
    Indicator(
        "commons_participants",
        _("Partecipanti alle attività sui beni comuni"),
        "Participants in activities on the commons",
        Unit.COUNT,
        5,
    ),
    Indicator(
        "beneficiaries_total",
        _("Utenti dei servizi di assistenza"),
        "Beneficiaries of care services",
        Unit.COUNT,
        5,
        people=True,
    ),
    Indicator(
        "beneficiaries_by_service",
        _("Utenti per servizio"),
        "Beneficiaries by service",
        Unit.COUNT,
        5,
        breakdown=_("servizio"),
        people=True,
    ),
    Indicator(
        "care_visits_by_service",
        _("Interventi svolti per servizio"),
        "Visits by service",
        Unit.COUNT,
        5,
        breakdown=_("servizio"),
    ),
    Indicator(
        "care_hours_by_service",
        _("Ore di assistenza per servizio"),
        "Hours of care by service",
        Unit.HOURS,
        5,
        breakdown=_("servizio"),
    ),
    Indicator("care_hours_total", _("Ore di assistenza"), "Hours of care", Unit.HOURS, 5),
    Indicator(
        "indirect_beneficiaries",
        _("Beneficiari indiretti (stima)"),
        "Indirect beneficiaries (estimate)",
        Unit.COUNT,
        5,
        origin=M,
        people=True,
    ),
    Indicator(
        "users_satisfied_share",
        _("Utenti soddisfatti (indagine di soddisfazione)"),
        "Satisfied users (satisfaction survey)",
        Unit.PERCENT,
        5,
        origin=M,
    ),
    # 6. economic and financial situation
    Indicator(
        "revenue_public",
        _("Fatturato verso enti pubblici"),
        "Revenue from public bodies",
        Unit.EUR,
        6,
        gri="201-1",
    ),
    Indicator(
        "revenue_private",
        _("Fatturato verso privati"),
        "Revenue from private customers",
        Unit.EUR,
        6,
        gri="201-1",
    ),
    Indicator(
        "revenue_invoiced",
        _("Fatturato totale"),
        "Total invoiced revenue",
        Unit.EUR,
        6,
        origin=D,
        formula="revenue_public + revenue_private",
    ),
    Indicator(
        "revenue_public_share",
        _("Quota del fatturato verso enti pubblici"),
        "Public share of revenue",
        Unit.PERCENT,
        6,
        origin=D,
        formula="revenue_public / revenue_invoiced * 100",
    ),
    Indicator(
        "production_value",
        _("Valore della produzione (bilancio d'esercizio)"),
        "Value of production (annual accounts)",
        Unit.EUR,
        6,
        origin=M,
        vsme="B1",
        gri="201-1",
    ),
    Indicator(
        "net_result",
        _("Risultato d'esercizio"),
        "Net result of the year",
        Unit.EUR,
        6,
        origin=M,
        signed=True,
    ),
    Indicator(
        "public_contributions",
        _("Contributi pubblici ricevuti"),
        "Public grants received",
        Unit.EUR,
        6,
        origin=M,
        gri="201-4",
    ),
    Indicator(
        "donations",
        _("Erogazioni liberali e raccolta fondi"),
        "Donations and fundraising",
        Unit.EUR,
        6,
        origin=M,
    ),
    # 7. other information: the governing body's meetings
    Indicator(
        "board_meetings",
        _("Riunioni del consiglio di amministrazione"),
        "Board meetings",
        Unit.COUNT,
        7,
        gri="2-9",
    ),
    Indicator(
        "board_on_roll",
        _("Convocati alle riunioni del consiglio"),
        "Called to board meetings",
        Unit.COUNT,
        7,
    ),
    Indicator(
        "board_present",
        _("Presenti alle riunioni del consiglio"),
        "Present at board meetings",
        Unit.COUNT,
        7,
    ),
    Indicator(
        "board_attendance",
        _("Partecipazione alle riunioni del consiglio"),
        "Attendance at board meetings",
        Unit.PERCENT,
        7,
        origin=D,
        formula="board_present / board_on_roll * 100",
    ),
    Indicator(
        "board_decisions",
        _("Delibere votate dal consiglio"),
        "Motions voted by the board",
        Unit.COUNT,
        7,
    ),
)
CATALOGUE: dict[str, Indicator] = {i.key: i for i in INDICATORS}
DERIVED = [i for i in INDICATORS if i.origin == Origin.DERIVED]


def check_catalogue() -> None:
    """Keys unique; every formula safe and reading only indicators defined before it."""
    if len(CATALOGUE) != len(INDICATORS):
        raise ValueError("indicator keys repeat")
    seen: set[str] = set()
    for indicator in INDICATORS:
        if indicator.origin == Origin.DERIVED:
            unknown = formula.names(indicator.formula) - seen
            if unknown:
                raise ValueError(f"{indicator.key} reads {sorted(unknown)} before they exist")
        seen.add(indicator.key)


check_catalogue()
