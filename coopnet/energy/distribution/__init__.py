"""The distribution of a settlement's money among the community's members, by the
community's rules (issue 13 item 5): no Django, like ``settlement``. See docs/energy.md."""

from .distribute import FUND, Balance, Outcome, Recipient, Rule, Share, distribute, true_up
from .reconcile import Figures, Line, reconcile

__all__ = [
    "FUND",
    "Balance",
    "Figures",
    "Line",
    "Outcome",
    "Recipient",
    "Rule",
    "Share",
    "distribute",
    "reconcile",
    "true_up",
]
