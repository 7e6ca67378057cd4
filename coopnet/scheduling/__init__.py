"""Care scheduling: who visits whom, when, in which order (pure Python, no Django).

A typed problem model (``model``), solvers behind one entry point (``solve``), an
independent checker (``check``), UHHC import/export (``uhhc``) and travel-time providers
(``travel``). See docs/scheduling.md.
"""

from coopnet.scheduling import travel, uhhc
from coopnet.scheduling.checker import CheckResult, check
from coopnet.scheduling.model import (
    Carer,
    LunchSpec,
    Problem,
    Solution,
    Sync,
    Task,
    TimeWindow,
    Visit,
    Weights,
)
from coopnet.scheduling.solve import SOLVERS, ProblemError, solve

__all__ = [
    "SOLVERS",
    "Carer",
    "CheckResult",
    "LunchSpec",
    "Problem",
    "ProblemError",
    "Solution",
    "Sync",
    "Task",
    "TimeWindow",
    "Visit",
    "Weights",
    "check",
    "solve",
    "travel",
    "uhhc",
]
