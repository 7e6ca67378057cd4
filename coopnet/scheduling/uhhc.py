"""UHHC JSON import and export (the unified home-healthcare format of Ceschia et al.).

Errors name the offending field with its path, e.g. ``patients[3].time_windows[0].start``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from coopnet.scheduling.checker import check
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

Source = str | Path | Mapping[str, Any]


class UhhcError(ValueError):
    """A malformed UHHC instance or solution; the message starts with the field's path."""


def _read(source: Source) -> Mapping[str, Any]:
    if isinstance(source, Mapping):
        return source
    try:
        data = json.loads(Path(source).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UhhcError(f"{source}: file non leggibile ({exc.strerror})") from exc
    except ValueError as exc:
        raise UhhcError(f"{source}: JSON non valido ({exc})") from exc
    if not isinstance(data, Mapping):
        raise UhhcError("(radice): atteso un oggetto JSON")
    return data


def _field(obj: Any, key: str, path: str) -> Any:
    if not isinstance(obj, Mapping):
        raise UhhcError(f"{path}: atteso un oggetto")
    if key not in obj or obj[key] is None:
        raise UhhcError(f"{path}.{key}: manca il campo".lstrip("."))
    return obj[key]


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise UhhcError(f"{path}: attesa una lista")
    return value


def _str(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise UhhcError(f"{path}: attesa una stringa non vuota")
    return value


def _num(value: Any, path: str, *, minimum: float | None = 0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise UhhcError(f"{path}: atteso un numero")
    if minimum is not None and value < minimum:
        raise UhhcError(f"{path}: deve essere almeno {minimum:g}")
    return int(value) if float(value).is_integer() else float(value)


def _index(value: Any, path: str, size: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
        raise UhhcError(f"{path}: atteso un indice della matrice tra 0 e {size - 1}")
    return value


def _window(raw: Any, path: str) -> TimeWindow:
    if isinstance(raw, list):
        if len(raw) != 2:
            raise UhhcError(f"{path}: attesa una coppia [inizio, fine]")
        start, end = _num(raw[0], f"{path}[0]"), _num(raw[1], f"{path}[1]")
    else:
        start = _num(_field(raw, "start", path), f"{path}.start")
        end = _num(_field(raw, "end", path), f"{path}.end")
    if start > end:
        raise UhhcError(f"{path}: l'inizio ({start:g}) segue la fine ({end:g})")
    return TimeWindow(start, end)


def _gap(raw: Any, path: str) -> tuple[int, int]:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = int(_num(raw, path))
        return value, value
    if isinstance(raw, list):
        if len(raw) != 2:
            raise UhhcError(f"{path}: attesa una coppia [min, max]")
        low, high = int(_num(raw[0], f"{path}[0]")), int(_num(raw[1], f"{path}[1]"))
    else:
        low = int(_num(_field(raw, "min", path), f"{path}.min"))
        high = int(_num(_field(raw, "max", path), f"{path}.max"))
    if low > high:
        raise UhhcError(f"{path}: min ({low}) maggiore di max ({high})")
    return low, high


def _matrix(data: Mapping[str, Any]) -> list[list[float]]:
    rows = _list(_field(data, "distances", ""), "distances")
    size = len(rows)
    if size == 0:
        raise UhhcError("distances: matrice vuota")
    matrix = []
    for i, row in enumerate(rows):
        row = _list(row, f"distances[{i}]")
        if len(row) != size:
            raise UhhcError(f"distances[{i}]: attesi {size} valori, trovati {len(row)}")
        matrix.append([float(_num(v, f"distances[{i}][{j}]")) for j, v in enumerate(row)])
    return matrix


# The UHHC cost components coopnet models: name -> Weights field. "HARD" is accepted
# where the rule can be a wall (see _HARD); any other component is refused by name.
_COMPONENTS = {
    "travel_time": "travel",
    "total_tardiness": "total_tardiness",
    "highest_tardiness": "highest_tardiness",
    "total_waiting_time": "total_waiting_time",
    "max_waiting_time": "max_waiting_time",
    "max_idle_time": "max_idle_time",
    "workload_balance": "workload_balance",
    "caregiver_preferences": "non_preferred",
    "optional_patients": "optional_patients",
    "total_extra_time": "overtime",
    "missed_lunch_break": "missed_lunch_break",
    "incompabilities": "incompatibility",  # sic: the UHHC key
    "incompatibilities": "incompatibility",
}
# Components whose "HARD" coopnet enforces (None in Weights: overtime, lunch, incompatible
# carers; 0 for optional patients: none is optional then, see _patient).
_HARD = {"total_extra_time", "missed_lunch_break", "incompabilities", "incompatibilities"}


def _weights(metadata: Mapping[str, Any]) -> Weights:
    raw = metadata.get("cost_components") or {}
    if not isinstance(raw, Mapping):
        raise UhhcError("metadata.cost_components: atteso un oggetto")
    if not raw:
        return Weights()
    values: dict[str, float | None] = {"travel": 0, "total_tardiness": 0, "highest_tardiness": 0}
    for key, value in raw.items():
        path = f"metadata.cost_components.{key}"
        if key not in _COMPONENTS:
            raise UhhcError(f"{path}: componente di costo non gestita da coopnet")
        if value is None:
            continue
        if value == "HARD":
            if key == "optional_patients":
                continue
            if key not in _HARD:
                raise UhhcError(f"{path}: il vincolo rigido (HARD) non è gestito da coopnet")
            values[_COMPONENTS[key]] = None
        else:
            values[_COMPONENTS[key]] = _num(value, path)
    return Weights(**values)  # type: ignore[arg-type]


def _lunch(data: Mapping[str, Any]) -> LunchSpec | None:
    raw = data.get("lunch_breaks")
    if raw is None:
        return None
    window = _window(raw, "lunch_breaks")
    duration = _num(_field(raw, "min_duration", "lunch_breaks"), "lunch_breaks.min_duration")
    if duration > window.end - window.start:
        raise UhhcError(f"lunch_breaks.min_duration: più lunga della fascia ({duration:g})")
    return LunchSpec(window.start, window.end, duration)


def load(source: Source) -> Problem:
    """Read a UHHC instance (a path or the parsed JSON) into a Problem."""
    data = _read(source)
    matrix = _matrix(data)
    size = len(matrix)
    metadata = data.get("metadata") or {}
    if not isinstance(metadata, Mapping):
        raise UhhcError("metadata: atteso un oggetto")
    met = metadata.get("time_window_met", "at_service_start")
    if met not in ("at_service_start", "at_service_end"):
        raise UhhcError("metadata.time_window_met: atteso at_service_start o at_service_end")

    terminals: dict[str, int] = {}
    for i, raw in enumerate(_list(_field(data, "terminal_points", ""), "terminal_points")):
        path = f"terminal_points[{i}]"
        tid = _str(_field(raw, "id", path), f"{path}.id")
        terminals[tid] = _index(
            _field(raw, "distance_matrix_index", path), f"{path}.distance_matrix_index", size
        )

    durations: dict[str, float] = {}
    for i, raw in enumerate(_list(data.get("services") or [], "services")):
        path = f"services[{i}]"
        sid = _str(_field(raw, "id", path), f"{path}.id")
        if raw.get("default_duration") is not None:
            durations[sid] = _num(raw["default_duration"], f"{path}.default_duration")

    weights = _weights(metadata)
    carers = tuple(
        _carer(raw, f"caregivers[{i}]", terminals)
        for i, raw in enumerate(_list(_field(data, "caregivers", ""), "caregivers"))
    )
    if len({c.id for c in carers}) != len(carers):
        raise UhhcError("caregivers: identificativi ripetuti")

    tasks: list[Task] = []
    syncs: list[Sync] = []
    patient_ids: set[str] = set()
    components = metadata.get("cost_components") or {}
    optional_allowed = components.get("optional_patients") not in (None, "HARD")
    for i, raw in enumerate(_list(_field(data, "patients", ""), "patients")):
        new_tasks, sync = _patient(raw, f"patients[{i}]", size, durations, optional_allowed)
        if new_tasks[0].client in patient_ids:
            raise UhhcError(f"patients[{i}].id: identificativo ripetuto ({new_tasks[0].client})")
        patient_ids.add(new_tasks[0].client)
        tasks.extend(new_tasks)
        if sync is not None:
            syncs.append(sync)

    return Problem(
        name=str(metadata.get("name") or data.get("name") or "uhhc"),
        tasks=tuple(tasks),
        carers=carers,
        syncs=tuple(syncs),
        travel=matrix,
        weights=weights,
        tardiness_at="start" if met == "at_service_start" else "end",
        lunch=_lunch(data),
    )


def _carer(raw: Any, path: str, terminals: Mapping[str, int]) -> Carer:
    cid = _str(_field(raw, "id", path), f"{path}.id")
    abilities = _list(_field(raw, "abilities", path), f"{path}.abilities")
    skills = frozenset(_str(a, f"{path}.abilities[{j}]") for j, a in enumerate(abilities))
    depart_key = "departing_point" if "departing_point" in raw else "starting_point_id"
    depart = _str(_field(raw, depart_key, path), f"{path}.{depart_key}")
    arrive = raw.get("arrival_point") or depart
    for key, terminal in ((depart_key, depart), ("arrival_point", arrive)):
        if terminal not in terminals:
            raise UhhcError(f"{path}.{key}: punto di partenza/arrivo sconosciuto ({terminal})")
    shift = raw.get("working_shift")
    return Carer(
        id=cid,
        skills=skills,
        start_location=terminals[depart],
        end_location=terminals[arrive],
        shift=_window(shift, f"{path}.working_shift") if shift is not None else None,
        lunch=raw.get("lunch_break") is True,
    )


def _patient(
    raw: Any, path: str, size: int, durations: Mapping[str, float], optional_allowed: bool
) -> tuple[list[Task], Sync | None]:
    pid = _str(_field(raw, "id", path), f"{path}.id")
    location = _index(
        _field(raw, "distance_matrix_index", path), f"{path}.distance_matrix_index", size
    )
    windows_key = "time_windows" if "time_windows" in raw else "time_window"
    raw_windows = _field(raw, windows_key, path)
    if windows_key == "time_window":
        raw_windows = [raw_windows]
    windows = tuple(
        _window(w, f"{path}.{windows_key}[{j}]")
        for j, w in enumerate(_list(raw_windows, f"{path}.{windows_key}"))
    )
    services_key = "required_services" if "required_services" in raw else "required_caregivers"
    services = _list(_field(raw, services_key, path), f"{path}.{services_key}")
    if not services:
        raise UhhcError(f"{path}.{services_key}: serve almeno un servizio")
    forbidden = frozenset(raw.get("incompatible_caregivers") or ())
    preferred = frozenset(raw.get("preferred_caregivers") or ())
    optional = raw.get("optional") is True and optional_allowed
    tasks: list[Task] = []
    for j, service in enumerate(services):
        spath = f"{path}.{services_key}[{j}]"
        sid = _str(_field(service, "service", spath), f"{spath}.service")
        if service.get("duration") is not None:
            duration = _num(service["duration"], f"{spath}.duration")
        elif sid in durations:
            duration = durations[sid]
        else:
            raise UhhcError(f"{spath}.duration: manca il campo (e il servizio non ha durata)")
        task_id = f"{pid}:{sid}"
        if any(t.id == task_id for t in tasks):
            task_id = f"{task_id}:{j + 1}"
        tasks.append(
            Task(
                id=task_id,
                location=location,
                duration=int(duration) if float(duration).is_integer() else math.ceil(duration),
                windows=windows,
                skill=sid,
                preferred=preferred,
                forbidden=forbidden,
                client=pid,
                optional=optional,
            )
        )
    return tasks, _sync(raw.get("synchronization"), f"{path}.synchronization", tasks)


def _sync(raw: Any, path: str, tasks: list[Task]) -> Sync | None:
    if raw is None:
        if len(tasks) > 1:
            raise UhhcError(f"{path}: manca il campo (obbligatorio con due servizi)")
        return None
    kind = _field(raw, "type", path)
    if kind not in ("independent", "simultaneous", "sequential"):
        raise UhhcError(f"{path}.type: atteso simultaneous, sequential o independent")
    if kind == "independent" or len(tasks) < 2:
        return None
    if len(tasks) > 2:
        raise UhhcError(f"{path}: la sincronizzazione vale per due servizi, trovati {len(tasks)}")
    if kind == "simultaneous":
        return Sync(tasks[0].id, tasks[1].id, "simultaneous")
    low, high = _gap(_field(raw, "distance", path), f"{path}.distance")
    return Sync(tasks[0].id, tasks[1].id, "sequential", low, high)


LUNCH = "lunch_break"  # the service name of a lunch break in a UHHC route


def dump_solution(problem: Problem, solution: Solution) -> dict[str, Any]:
    """The plan in the UHHC solution format (plus its cost and any unassigned service).

    A lunch break is a location with service "lunch_break", named after the patient where
    it is taken (the visit before it, or the first visit when it opens the day).
    """
    tasks = problem.task_index()
    routes = []
    for carer in problem.carers:
        visits = solution.routes.get(carer.id) or []
        if not visits:
            continue
        locations = [
            {
                "patient": tasks[v.task_id].client,
                "service": tasks[v.task_id].skill,
                "start_service_time": _plain(v.start),
                "end_service_time": _plain(v.end),
            }
            for v in visits
        ]
        lunch = solution.lunches.get(carer.id)
        if lunch is not None:
            pos = sum(1 for v in visits if v.start <= lunch.start)
            locations.insert(
                pos,
                {
                    "patient": locations[max(pos - 1, 0)]["patient"],
                    "service": LUNCH,
                    "start_service_time": _plain(lunch.start),
                    "end_service_time": _plain(lunch.end),
                },
            )
        routes.append({"caregiver_id": carer.id, "locations": locations})
    summary = check(problem, solution).summary()
    data: dict[str, Any] = {
        "instance": problem.name,
        "routes": routes,
        "cost_components": {
            key: _plain(value)
            for key, value in summary.items()
            if key not in ("feasible", "cost", "errors")
        },
    }
    if solution.unassigned:
        data["unassigned"] = [
            {"patient": tasks[t].client, "service": tasks[t].skill, "reason": reason}
            for t, reason in solution.unassigned.items()
            if t in tasks
        ]
    return data


def _plain(value: float) -> float:
    """Round away float noise so the JSON stays readable (and integral minutes stay ints)."""
    rounded = round(float(value), 6)
    return int(rounded) if rounded.is_integer() else rounded


def load_solution(problem: Problem, source: Source) -> Solution:
    """Read a UHHC solution for `problem` (unknown patients or services become unknown tasks)."""
    data = _read(source)
    by_key: dict[tuple[str, str], list[str]] = {}
    for task in problem.tasks:
        by_key.setdefault((task.client, task.skill), []).append(task.id)
    used: dict[tuple[str, str], int] = {}
    solution = Solution()
    for i, raw in enumerate(_list(_field(data, "routes", ""), "routes")):
        path = f"routes[{i}]"
        cid = _str(_field(raw, "caregiver_id", path), f"{path}.caregiver_id")
        if cid in solution.routes:
            raise UhhcError(f"{path}.caregiver_id: operatore ripetuto ({cid})")
        visits: list[Visit] = []
        for j, loc in enumerate(_list(raw.get("locations") or [], f"{path}.locations")):
            lpath = f"{path}.locations[{j}]"
            if isinstance(loc, Mapping) and "patient" not in loc and "depot" in loc:
                continue  # explicit depot departure/arrival entries carry no service
            service = _str(_field(loc, "service", lpath), f"{lpath}.service")
            start = _num(_field(loc, "start_service_time", lpath), f"{lpath}.start_service_time")
            end = _num(_field(loc, "end_service_time", lpath), f"{lpath}.end_service_time")
            if service == LUNCH:
                solution.lunches[cid] = TimeWindow(float(start), float(end))
                continue
            patient = _str(_field(loc, "patient", lpath), f"{lpath}.patient")
            key = (patient, service)
            candidates = by_key.get(key, [])
            n = used.get(key, 0)
            used[key] = n + 1
            task_id = candidates[n] if n < len(candidates) else f"{patient}:{service}"
            visits.append(Visit(task_id, cid, float(start), float(end)))
        # Like the UHHC validator, take the visits in order of start time.
        solution.routes[cid] = sorted(visits, key=lambda v: v.start)
    for i, raw in enumerate(_list(data.get("unassigned") or [], "unassigned")):
        path = f"unassigned[{i}]"
        key = (
            _str(_field(raw, "patient", path), f"{path}.patient"),
            _str(_field(raw, "service", path), f"{path}.service"),
        )
        n = used.get(key, 0)
        used[key] = n + 1
        candidates = by_key.get(key, [])
        task_id = candidates[n] if n < len(candidates) else f"{key[0]}:{key[1]}"
        solution.unassigned[task_id] = str(raw.get("reason") or "")
    return solution
