"""Fixtures of the scheduler tests: the shared data and a tiny hand-made day."""

from pathlib import Path
from typing import Any

import pytest

from coopnet.scheduling import Carer, Problem, Sync, Task, TimeWindow

# ../shared/data next to the project (or next to the folder of worktrees holding it).
DATA = next(
    (
        folder / "shared" / "data" / "scheduling"
        for folder in Path(__file__).resolve().parents[4:]
        if (folder / "shared" / "data").is_dir()
    ),
    Path(__file__).resolve().parents[4] / "shared" / "data" / "scheduling",
)
UHHC_FILES = sorted((DATA / "uhhc").glob("*/*.json"))
DAY = TimeWindow(0, 600)


def tiny_problem(**changes) -> Problem:
    """A depot (0) and four homes (1-4), 10 minutes apart from the depot, 5 between homes.

    t1 and t2 are a simultaneous double visit at home 3; `nurse` is professional-only.
    """
    travel = [[0 if a == b else (10 if 0 in (a, b) else 5) for b in range(5)] for a in range(5)]
    tasks = (
        Task("wash", 1, 30, (TimeWindow(60, 120),), "oss"),
        Task("meal", 2, 20, (TimeWindow(60, 200),), "oss"),
        Task("t1", 3, 40, (TimeWindow(100, 160),), "oss"),
        Task("t2", 3, 40, (TimeWindow(100, 160),), "oss"),
        Task("nurse", 4, 15, (TimeWindow(200, 260),), "infermiere", volunteer_allowed=False),
    )
    carers = (
        Carer("anna", frozenset({"oss", "infermiere"}), 0, 0, DAY),
        Carer("bruno", frozenset({"oss"}), 0, 0, DAY),
        Carer("vera", frozenset({"oss", "infermiere"}), 0, 0, DAY, is_volunteer=True),
    )
    values: dict[str, Any] = {
        "name": "tiny",
        "tasks": tasks,
        "carers": carers,
        "syncs": (Sync("t1", "t2", "simultaneous"),),
        "travel": travel,
    }
    values.update(changes)
    return Problem(**values)


@pytest.fixture
def tiny() -> Problem:
    return tiny_problem()
