"""The rules the engine runs, in the order the dashboard shows them.

Each rule is declared once, as a ``Rule`` in its law's module (``common.py`` tells how);
``Rule.check(organization, as_of, facts=None)`` gives its finding: the engine passes facts
it preloaded for many organizations, a direct call loads them for one.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import civil_code, enterprise, law381
from .common import Rule

RULES: tuple[Rule, ...] = (
    law381.r381_1b,
    law381.r381_2a,
    law381.r381_2c,
    law381.r381_4b,
    law381.r381_4c,
    law381.r381_4d,
    law381.r381_8,
    civil_code.cc_2522,
    civil_code.cc_2525,
    civil_code.cc_2528,
    civil_code.cc_2532,
    enterprise.is_4,
    enterprise.net_1,
    enterprise.net_3,
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
