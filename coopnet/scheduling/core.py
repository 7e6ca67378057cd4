"""The solvers' shared view of a problem: integer indices, eligibility, window helpers.

Routes are lists of task indices per carer, timed by `timing`. Start times follow: every
visit starts as early as travel, window openings and double-visit links allow (the least
solution of a system of difference constraints), which also minimises every tardiness with
one window per visit. A visit with several windows that would be late in one may instead
wait for the next to open (`Compiled.settle`). Each carer travels by its own matrix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from coopnet.scheduling.model import Carer, Problem

INF = math.inf
EPS = 1e-6
DAY_HORIZON = 7 * 24 * 60.0  # no plan spans more than a week of minutes

NO_SKILL = "nessun operatore con la qualifica richiesta"
PROFESSIONAL_ONLY = (
    "servizio riservato a personale professionale: nessun professionista qualificato"
)
ALL_FORBIDDEN = "tutti gli operatori qualificati sono da evitare per questo utente"
WINDOW_VS_SHIFTS = "finestra oraria incompatibile con i turni"
TOO_LONG = "durata superiore alle ore massime degli operatori qualificati"
SAME_CARER = "doppia visita: non ci sono due operatori diversi qualificati"
PARTNER_MISSING = "doppia visita: l'altra visita non è pianificabile"
NO_ROOM = "nessun operatore qualificato libero in quella fascia oraria"
LINKED_SHARE = 0.35  # share of tasks in double visits from which a day is `Compiled.linked`
POSTPONED = "visita facoltativa: rinviarla costa meno che darla oggi"


@dataclass
class Compiled:
    """A problem turned into arrays for fast evaluation."""

    problem: Problem
    ids: list[str]
    loc: list[int]
    dur: list[float]
    open: list[float]  # earliest start (first window opening)
    windows: list[
        list[tuple[float, float]]
    ]  # sorted (start, due) pairs; due = latest on-time start
    travel: list[list[float]]  # the default matrix (for distance heuristics)
    tr: list[list[list[float]]]  # each carer's matrix (shared between carers of one mode)
    carers: list[Carer]
    cstart: list[int]
    cend: list[int]
    shift_start: list[float]
    shift_end: list[float]  # the latest return: the shift end, or the horizon if overtime is paid
    paid_end: list[float]  # the shift end, past which overtime is paid
    max_minutes: list[float]
    breaks: list[list[tuple[float, float]]]  # per carer, sorted spans no visit may overlap
    eligible: list[list[int]]  # carer indices allowed for each task
    reasons: dict[int, str]  # tasks that can never be assigned
    multi: list[bool]  # tasks with more than one window
    partner: list[int]  # index of the other task of a double visit, -1 if none
    sync_kind: list[str]  # "", "simultaneous", "first", "second"
    gap_min: list[float]
    gap_max: list[float]
    assign_cost: list[dict[int, float]]  # task -> {carer: continuity/preference penalty}
    optional: list[bool]
    miss_cost: list[float]  # leaving the task out: `unassigned`, or its share of the patient's
    w_travel: float = 1
    w_total: float = 1
    w_highest: float = 1
    w_workload: float = 0
    w_unassigned: float = 10_000
    w_wait: float = 0
    w_max_wait: float = 0
    w_idle: float = 0
    w_balance: float = 0
    w_overtime: list[float] = field(default_factory=list)  # per carer, a minute past paid_end
    lunch_owed: list[bool] = field(default_factory=list)  # per carer
    lunch_open: list[float] = field(default_factory=list)  # per carer, earliest lunch start
    lunch_due: list[float] = field(default_factory=list)  # per carer, latest lunch start
    lunch_dur: list[float] = field(default_factory=list)  # per carer
    w_lunch: float = 0.0  # a carer owed a lunch who gets none
    lean: bool = False  # insertions priced by what the pushed visits add (`greedy.Plan.cost`)
    linked: bool = False  # at least `LINKED_SHARE` of the tasks in double visits
    carer_pos: dict[str, int] = field(default_factory=dict)
    task_pos: dict[str, int] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def m(self) -> int:
        return len(self.carers)

    def plain(self, *, idle: bool = True) -> bool:
        """Whether only travel, tardiness, assignments and the busiest carer's workload are
        weighed (the older UHHC instances): an insertion then costs what the visits it
        pushes add, with no route stats to update (`greedy.Plan.cost`)."""
        return not (
            any(self.w_overtime)
            or self.w_wait
            or self.w_max_wait
            or (idle and self.w_idle)
            or self.w_balance
            or any(self.lunch_owed)
        )

    def late(self, i: int, start: float) -> float:
        """Tardiness of task i starting at `start`."""
        due = self.windows[i]
        if len(due) == 1:
            over = start - due[0][1]
            return over if over > 0 else 0.0
        if not due:
            return 0.0
        return max(0.0, start - due[self.window_at(i, start)][1])

    def window_at(self, i: int, start: float) -> int:
        """The window a start of task i falls in: the last one opened by then (else the first)."""
        found = 0
        for w, (opening, _) in enumerate(self.windows[i]):
            if opening <= start + EPS:
                found = w
        return found

    def settle(self, i: int, start: float) -> float:
        """When task i could start at `start`: late in its window, it waits for the next
        window if that opens sooner than its lateness (never earlier, so times stay
        monotone for `schedule`)."""
        windows = self.windows[i]
        if len(windows) < 2:
            return start
        w = self.window_at(i, start)
        if w + 1 < len(windows) and windows[w + 1][0] - start < start - windows[w][1]:
            return windows[w + 1][0]
        return start

    def after_breaks(self, k: int, i: int, start: float) -> float:
        """The first start from `start` on at which task i does not overlap carer k's
        breaks (non-decreasing in `start`, as `schedule` needs)."""
        end = start + self.dur[i]
        for opening, closing in self.breaks[k]:
            if start < closing - EPS and end > opening + EPS:
                start, end = closing, closing + self.dur[i]
        return start

    def nodes(self) -> list[tuple[int, int]]:
        """The routing libraries' nodes, as (task, window): a single visit with several
        windows is one node per window (the library visits exactly one of them), so each is
        priced against its own window; every other assignable task is one node."""
        result: list[tuple[int, int]] = []
        for i in range(self.n):
            if self.eligible[i]:
                copies = len(self.windows[i]) if self.partner[i] < 0 else 1
                result.extend((i, w) for w in range(max(1, copies)))
        return result

    def node_window(self, i: int, w: int) -> tuple[float, float | None]:
        """Opening and latest on-time start of window w of task i (None: no windows)."""
        if not self.windows[i]:
            return self.open[i], None
        return self.windows[i][w]


def compile_problem(problem: Problem) -> Compiled:
    matrices = {
        name: [[float(x) for x in row] for row in matrix]
        for name, matrix in [("", problem.travel), *problem.profiles.items()]
    }
    carers = list(problem.carers)
    ids = [t.id for t in problem.tasks]
    task_pos = {tid: i for i, tid in enumerate(ids)}
    carer_pos = {c.id: k for k, c in enumerate(carers)}
    at_end = problem.tardiness_at == "end"
    windows: list[list[tuple[float, float]]] = []
    for t in problem.tasks:
        ordered = sorted(t.windows, key=lambda w: w.start)
        windows.append([(w.start, w.end - (t.duration if at_end else 0)) for w in ordered])
    n = len(ids)
    partner = [-1] * n
    kind = [""] * n
    gap_min = [0.0] * n
    gap_max = [0.0] * n
    for s in problem.syncs:
        a, b = task_pos[s.first], task_pos[s.second]
        partner[a], partner[b] = b, a
        if s.kind == "simultaneous":
            kind[a] = kind[b] = "simultaneous"
        else:
            kind[a], kind[b] = "first", "second"
        gap_min[a] = gap_min[b] = s.min_gap
        gap_max[a] = gap_max[b] = s.max_gap
    weights = problem.weights
    lunches = [problem.lunch_for(c) for c in carers]
    comp = Compiled(
        problem=problem,
        ids=ids,
        loc=[t.location for t in problem.tasks],
        dur=[float(t.duration) for t in problem.tasks],
        open=[min((w.start for w in t.windows), default=0.0) for t in problem.tasks],
        windows=windows,
        travel=matrices[""],
        tr=[matrices[c.profile] for c in carers],
        carers=carers,
        cstart=[c.start_location for c in carers],
        cend=[c.end_location for c in carers],
        shift_start=[c.shift.start if c.shift else 0.0 for c in carers],
        shift_end=[_latest_return(problem, c) for c in carers],
        paid_end=[c.shift.end if c.shift else DAY_HORIZON for c in carers],
        max_minutes=[c.max_minutes if c.max_minutes is not None else INF for c in carers],
        breaks=[sorted((b.start, b.end) for b in c.breaks) for c in carers],
        eligible=[],
        reasons={},
        multi=[len(w) > 1 for w in windows],
        partner=partner,
        sync_kind=kind,
        gap_min=gap_min,
        gap_max=gap_max,
        assign_cost=[],
        optional=[t.optional for t in problem.tasks],
        miss_cost=_miss_costs(problem),
        w_travel=weights.travel,
        w_total=weights.total_tardiness,
        w_highest=weights.highest_tardiness,
        w_workload=weights.highest_workload,
        w_unassigned=weights.unassigned,
        w_overtime=[problem.overtime_price(c) or 0.0 for c in carers],
        w_wait=weights.total_waiting_time,
        w_max_wait=weights.max_waiting_time,
        w_idle=weights.max_idle_time,
        w_balance=weights.workload_balance,
        lunch_owed=[spec is not None for spec in lunches],
        lunch_open=[spec.earliest if spec else 0.0 for spec in lunches],
        lunch_due=[
            (spec.latest - (spec.min_duration if at_end else 0)) if spec else 0.0
            for spec in lunches
        ],
        lunch_dur=[spec.min_duration if spec else 0.0 for spec in lunches],
        w_lunch=(
            weights.unassigned if weights.missed_lunch_break is None else weights.missed_lunch_break
        ),
        linked=sum(1 for j in partner if j >= 0) >= LINKED_SHARE * n,
        carer_pos=carer_pos,
        task_pos=task_pos,
    )
    _eligibility(comp)
    return comp


def _latest_return(problem: Problem, carer: Carer) -> float:
    """The latest return of a carer: the shift end, or later when overtime is paid."""
    latest = problem.latest_return(carer)
    return DAY_HORIZON if latest is None else min(latest, DAY_HORIZON)


def _miss_costs(problem: Problem) -> list[float]:
    """What leaving each task out costs: a mandatory one `unassigned`, an optional one its
    share of `optional_patients` (charged per patient left out)."""
    weights = problem.weights
    per_client: dict[str, int] = {}
    for t in problem.tasks:
        per_client[t.client] = per_client.get(t.client, 0) + 1
    return [
        weights.optional_patients / per_client[t.client] if t.optional else weights.unassigned
        for t in problem.tasks
    ]


def _eligibility(comp: Compiled) -> None:
    problem = comp.problem
    weights = problem.weights
    for i, task in enumerate(problem.tasks):
        skilled = [k for k, c in enumerate(comp.carers) if task.skill in c.skills]
        professional = [
            k for k in skilled if task.volunteer_allowed or not comp.carers[k].is_volunteer
        ]
        allowed = [
            k
            for k in professional
            if weights.incompatibility is not None or comp.carers[k].id not in task.forbidden
        ]
        fits = [k for k in allowed if _fits_shift(comp, i, k)]
        short = [k for k in fits if _fits_hours(comp, i, k)]
        comp.eligible.append(short)
        if not short:
            comp.reasons[i] = (
                NO_SKILL
                if not skilled
                else PROFESSIONAL_ONLY
                if not professional
                else ALL_FORBIDDEN
                if not allowed
                else WINDOW_VS_SHIFTS
                if not fits
                else TOO_LONG
            )
        costs: dict[int, float] = {}
        before = problem.previous.get(task.id)
        for k in short:
            cid = comp.carers[k].id
            penalty = 0.0
            if before is not None and before != cid:
                penalty += weights.lost_continuity
            if task.preferred and cid not in task.preferred:
                penalty += weights.non_preferred
            if cid in task.forbidden:  # only when weighted: else not allowed
                penalty += weights.incompatibility or 0.0
            if penalty:
                costs[k] = penalty
        comp.assign_cost.append(costs)
    for i in range(comp.n):
        j = comp.partner[i]
        if j < 0 or i in comp.reasons:
            continue
        if j in comp.reasons:
            comp.reasons[i] = PARTNER_MISSING
        elif len(set(comp.eligible[i]) | set(comp.eligible[j])) < 2:
            comp.reasons[i] = comp.reasons[j] = SAME_CARER
    for i in comp.reasons:
        comp.eligible[i] = []


def _fits_shift(comp: Compiled, i: int, k: int) -> bool:
    here, tr = comp.loc[i], comp.tr[k]
    start = max(comp.open[i], comp.shift_start[k] + tr[comp.cstart[k]][here])
    return start + comp.dur[i] + tr[here][comp.cend[k]] <= comp.shift_end[k] + EPS


def _fits_hours(comp: Compiled, i: int, k: int) -> bool:
    here, tr = comp.loc[i], comp.tr[k]
    work = tr[comp.cstart[k]][here] + comp.dur[i] + tr[here][comp.cend[k]]
    return work <= comp.max_minutes[k] + EPS
