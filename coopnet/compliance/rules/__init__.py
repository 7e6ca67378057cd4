"""The rules the engine runs, in the order the dashboard shows them.

Each rule is a plain function ``(organization, as_of, facts=None) -> Finding``; the engine
passes facts it preloaded for many organizations, a direct call loads them for one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import Organization

from ..findings import Finding
from ..selectors import OrgFacts
from .civil_code import cc_2522, cc_2525, cc_2528, cc_2532
from .enterprise import is_4, net_1, net_3
from .law381 import r381_1b, r381_2a, r381_2c, r381_4b, r381_4c, r381_4d, r381_8

Check = Callable[[Organization, dt.date, OrgFacts | None], Finding]


@dataclass(frozen=True)
class Rule:
    id: str
    title: str | Promise
    law: str
    check: Check


RULES: tuple[Rule, ...] = (
    Rule("R-381-1b", _("Denominazione «cooperativa sociale»"), "L. 381/1991 art. 1 c.3", r381_1b),
    Rule("R-381-2a", _("Soci volontari entro il 50%"), "L. 381/1991 art. 2 c.2", r381_2a),
    Rule("R-381-2c", _("Volontari assicurati"), "L. 381/1991 art. 2 c.3", r381_2c),
    Rule("R-381-4b", _("Lavoratori svantaggiati almeno 30%"), "L. 381/1991 art. 4 c.2", r381_4b),
    Rule("R-381-4c", _("Lavoratori svantaggiati soci"), "L. 381/1991 art. 4 c.2", r381_4c),
    Rule("R-381-4d", _("Certificazioni dello svantaggio"), "L. 381/1991 art. 4 c.2", r381_4d),
    Rule("R-381-8", _("Consorzio: cooperative sociali almeno 70%"), "L. 381/1991 art. 8", r381_8),
    Rule("R-CC-2522", _("Numero minimo di soci"), "c.c. art. 2522", cc_2522),
    Rule("R-CC-2525", _("Quote e limiti di partecipazione"), "c.c. art. 2525", cc_2525),
    Rule("R-CC-2528", _("Domande di ammissione e ricorsi"), "c.c. art. 2528", cc_2528),
    Rule("R-CC-2532", _("Richieste di recesso"), "c.c. art. 2532", cc_2532),
    Rule("R-IS-4", _("Rapporto tra retribuzioni"), "D.Lgs. 112/2017 art. 13", is_4),
    Rule("R-NET-1", _("Dimensione umana"), "principi della rete", net_1),
    Rule("R-NET-3", _("Campi di fragole: incubazione"), "principi della rete", net_3),
)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

# Labels of the numbers in findings' ``data`` (counts, ratios, dates: never names).
DATA_LABELS: dict[str, str | Promise] = {
    "members": _("soci"),
    "volunteer_members": _("soci volontari"),
    "volunteer_share": _("quota di soci volontari"),
    "active_volunteers": _("volontari attivi"),
    "insured": _("volontari assicurati"),
    "uninsured": _("volontari senza assicurazione"),
    "window_start": _("inizio del periodo"),
    "window_end": _("fine del periodo"),
    "window_days": _("giorni del periodo"),
    "worker_days": _("giornate di lavoro nel periodo"),
    "disadvantaged_days": _("giornate di lavoro di persone svantaggiate"),
    "workers": _("lavoratori in media (T)"),
    "disadvantaged": _("lavoratori svantaggiati in media (D)"),
    "share_of_workers": _("D/T"),
    "share_of_non_disadvantaged": _("D/(T-D), lettura INPS"),
    "excluded_trainees_freelancers": _("tirocinanti e collaboratori esclusi"),
    "branch_a_workers": _("lavoratori del ramo A esclusi"),
    "workers_without_branch": _("lavoratori senza ramo indicato"),
    "disadvantaged_workers": _("lavoratori svantaggiati in servizio"),
    "not_members_unjustified": _("non soci senza motivazione"),
    "expired": _("certificazioni scadute"),
    "missing_document": _("senza documento"),
    "missing_issuer": _("senza ente certificatore"),
    "expiring_soon": _("in scadenza entro 60 giorni"),
    "affiliates": _("aderenti"),
    "social_cooperatives": _("cooperative sociali aderenti"),
    "social_share": _("quota di cooperative sociali"),
    "cooperator_members": _("soci cooperatori"),
    "legal_person_members": _("soci persone giuridiche"),
    "minimum": _("minimo di legge"),
    "holding_cap": _("limite di partecipazione"),
    "share_nominal_value": _("valore nominale"),
    "share_min_value": _("valore minimo"),
    "share_max_value": _("valore massimo di un'azione"),
    "holdings_over_cap": _("partecipazioni oltre il limite"),
    "holdings_over_raised_cap": _("oltre il 2% del capitale"),
    "pending": _("in attesa"),
    "overdue": _("oltre il termine"),
    "longest_wait_days": _("attesa più lunga (giorni)"),
    "next_deadline": _("prossima scadenza"),
    "appeals_pending": _("ricorsi da decidere"),
    "employees": _("dipendenti"),
    "pay_ratio": _("rapporto massimo/minimo"),
    "pay_ratio_max": _("limite"),
    "pay_ratio_max_justified": _("limite se giustificato"),
    "incubated": _("cooperative incubate"),
}
# Data keys holding a ratio (shown as a percentage) or a date (shown dd/mm/yyyy).
RATIO_KEYS = frozenset(
    {
        "volunteer_share",
        "share_of_workers",
        "share_of_non_disadvantaged",
        "social_share",
    }
)
DATE_KEYS = frozenset({"window_start", "window_end", "next_deadline"})
EURO_KEYS = frozenset({"holding_cap", "share_nominal_value", "share_min_value", "share_max_value"})
