"""The typed problem model of the care scheduler: tasks, carers, double visits, solutions."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

SyncKind = Literal["simultaneous", "sequential"]
TardinessAt = Literal["start", "end"]


@dataclass(frozen=True)
class TimeWindow:
    """A span of the day, in minutes from the day's start (end included)."""

    start: float
    end: float


@dataclass(frozen=True)
class Task:
    """One service to give at one place, by one carer.

    A task may start in any of its windows: it must not start before the window opens
    (hard) and starting after the window closes costs tardiness (soft).
    """

    id: str
    location: int  # index in the travel matrix
    duration: int
    windows: tuple[TimeWindow, ...]
    skill: str
    volunteer_allowed: bool = True  # False: professional-only (R-381-2d)
    preferred: frozenset[str] = frozenset()  # carer ids (continuity)
    forbidden: frozenset[str] = frozenset()  # carers to avoid
    client: str = ""  # who receives the service (UHHC patient, beneficiary id)
    optional: bool = False  # may be left out at `Weights.optional_patients` per client


@dataclass(frozen=True)
class Sync:
    """A double visit: two tasks given by two different carers.

    simultaneous: both start at the same minute; sequential: the second starts between
    first start + min_gap and first start + max_gap.
    """

    first: str
    second: str
    kind: SyncKind
    min_gap: int = 0
    max_gap: int = 0


@dataclass(frozen=True)
class Carer:
    """A paid carer or a volunteer, leaving start_location and coming back to end_location.

    shift bounds the whole route (departure and return); max_minutes bounds the minutes
    worked in the day, that is service time plus travel time. profile names the carer's
    travel matrix in `Problem.profiles` (a transport mode); "" means `Problem.travel`.
    breaks are spans of the shift (a lunch break) that no visit may overlap; travel may.
    A carer owed a lunch break (`lunch`) gets it in its own `lunch_window`, else in
    `Problem.lunch`. Past the shift end, a minute costs the carer's `overtime` price, else
    `Weights.overtime` (none of the two: the shift end is a wall), up to `max_overtime`
    minutes when given.
    """

    id: str
    skills: frozenset[str]
    start_location: int
    end_location: int
    shift: TimeWindow | None = None
    is_volunteer: bool = False
    max_minutes: int | None = None
    profile: str = ""
    breaks: tuple[TimeWindow, ...] = ()
    lunch: bool = False  # is owed a lunch break (placed by the solver)
    lunch_window: LunchSpec | None = None  # its own lunch break; None: `Problem.lunch`
    overtime: float | None = None  # price of a minute past the shift end; None: the problem's
    max_overtime: float | None = None  # minutes allowed past the shift end (None: no cap)


@dataclass(frozen=True)
class LunchSpec:
    """The lunch break a carer is owed: from `earliest`, ending by `latest`, at least
    `min_duration` minutes (with tardiness measured at the start, only its start must be
    by `latest`, as the UHHC validator does)."""

    earliest: float
    latest: float
    min_duration: float


@dataclass(frozen=True)
class Weights:
    """Weights of the objective; travel, tardiness, waiting and idle time in minutes, the
    others per task, patient or carer. For `overtime`, `missed_lunch_break` and
    `incompatibility`, None makes the rule hard (a violation is an error, not a cost)."""

    travel: float = 1
    total_tardiness: float = 1
    highest_tardiness: float = 1
    lost_continuity: float = 0  # task given to a carer other than `Problem.previous`
    non_preferred: float = 0  # task with preferred carers given to someone else
    highest_workload: float = 0  # per minute worked by the busiest carer (fair shares)
    unassigned: float = 10_000  # a mandatory task left out of the plan
    total_waiting_time: float = 0  # per minute arrived before a visit (or lunch) starts
    max_waiting_time: float = 0  # per minute of the longest such wait
    max_idle_time: float = 0  # per minute of the idlest carer's shift time not worked
    workload_balance: float = 0  # per minute of workloads away from the average
    optional_patients: float = 0  # per client with no visit at all (UHHC)
    overtime: float | None = None  # per minute back after the shift end; None: a wall (or
    # the carer's own `Carer.overtime`)
    missed_lunch_break: float | None = 0  # per carer owed a lunch break who gets none
    incompatibility: float | None = None  # per visit by a carer the client avoids


@dataclass(frozen=True)
class Problem:
    """A day to plan: the tasks, who can give them, and the travel times between places."""

    name: str
    tasks: tuple[Task, ...]
    carers: tuple[Carer, ...]
    syncs: tuple[Sync, ...]
    travel: Sequence[Sequence[float]]  # minutes, square matrix
    weights: Weights = Weights()
    previous: Mapping[str, str] = field(default_factory=dict)  # task id -> carer id (re-plan)
    tardiness_at: TardinessAt = "start"  # measure lateness at the start or the end of service
    # Travel matrices by profile (transport mode), for carers who do not use `travel`.
    profiles: Mapping[str, Sequence[Sequence[float]]] = field(default_factory=dict)
    lunch: LunchSpec | None = None  # the lunch break of carers with `lunch` and no window

    def task(self, task_id: str) -> Task:
        return self.task_index()[task_id]

    def task_index(self) -> dict[str, Task]:
        return {t.id: t for t in self.tasks}

    def carer_index(self) -> dict[str, Carer]:
        return {c.id: c for c in self.carers}

    def lunch_for(self, carer: Carer) -> LunchSpec | None:
        """The lunch break the carer is owed (None: none)."""
        return (carer.lunch_window or self.lunch) if carer.lunch else None

    def overtime_price(self, carer: Carer) -> float | None:
        """What a minute past the carer's shift end costs (None: the shift end is a wall)."""
        if carer.max_overtime is not None and carer.max_overtime <= 0:
            return None
        return carer.overtime if carer.overtime is not None else self.weights.overtime

    def latest_return(self, carer: Carer) -> float | None:
        """When the carer must be back at the end point at the latest (None: no shift)."""
        if carer.shift is None:
            return None
        if self.overtime_price(carer) is None:
            return carer.shift.end
        return carer.shift.end + (
            carer.max_overtime if carer.max_overtime is not None else math.inf
        )

    def travel_for(self, carer: Carer) -> Sequence[Sequence[float]]:
        """The travel minutes of this carer's transport mode."""
        return self.profiles[carer.profile] if carer.profile else self.travel


@dataclass(frozen=True)
class Visit:
    """A task placed in a carer's day: start and end in minutes."""

    task_id: str
    carer_id: str
    start: float
    end: float


@dataclass
class Solution:
    """A plan: each carer's ordered visits and the tasks left out, with the reason."""

    routes: dict[str, list[Visit]] = field(default_factory=dict)
    unassigned: dict[str, str] = field(default_factory=dict)  # task id -> reason (Italian)
    solver: str = ""  # which solver produced it (for reports)
    # Carer id -> lunch break; taken where the carer is (after the visit before it).
    lunches: dict[str, TimeWindow] = field(default_factory=dict)

    def assignment(self) -> dict[str, str]:
        """Task id -> carer id of every planned task."""
        return {v.task_id: c for c, visits in self.routes.items() for v in visits}

    def visits(self) -> list[Visit]:
        return [v for visits in self.routes.values() for v in visits]
