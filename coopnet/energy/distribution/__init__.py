"""The distribution of a settlement's money among the community's members, by the
community's rules (issue 13 item 5): no Django, like ``settlement``. See docs/energy.md."""

from .distribute import (
    FUND,
    Balance,
    Configuration,
    Outcome,
    Pot,
    Recipient,
    Rule,
    Share,
    distribute,
    pots,
    true_up,
)
from .reconcile import Figures, Line, reconcile

__all__ = [
    "FUND",
    "Balance",
    "Configuration",
    "Figures",
    "Line",
    "Outcome",
    "Pot",
    "Recipient",
    "Rule",
    "Share",
    "distribute",
    "pots",
    "reconcile",
    "true_up",
]
