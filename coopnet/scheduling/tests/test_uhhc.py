"""UHHC import and export: the shared instances load, plans round-trip, bad files are named."""

import copy
import json

import pytest

from coopnet.scheduling import check, solve, uhhc
from coopnet.scheduling.tests.conftest import DATA, UHHC_FILES

ROME = DATA / "uhhc" / "italian" / "instance_093-rome-r10-p46-s2-sim6.4-seq11.1.json"
SMALL = DATA / "uhhc" / "mankowska" / "InstanzCPLEX_HCSRP_10_1.json"


def raw(path=SMALL) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_shared_data_is_there():
    # 7 Italian and 15 Mankowska instances; a missing folder must fail, not skip
    assert len(UHHC_FILES) == 22


def test_an_instance_becomes_tasks_carers_and_double_visits():
    # given the Rome instance: 46 patients, 7 of them needing two services
    problem = uhhc.load(ROME)
    # then each service is a task and each two-service patient a synchronised pair
    assert len(problem.tasks) == 53
    assert len(problem.syncs) == 7
    assert len(problem.carers) == 6
    kinds = {s.kind for s in problem.syncs}
    assert kinds == {"simultaneous", "sequential"}
    first = problem.task("p3:s1")
    assert (first.client, first.skill, first.duration) == ("p3", "s1", 45)
    assert problem.weights.travel == problem.weights.total_tardiness == 1
    assert problem.tardiness_at == "start"


def test_time_window_met_at_service_end_is_honoured():
    data = raw()
    data["metadata"]["time_window_met"] = "at_service_end"
    assert uhhc.load(data).tardiness_at == "end"


def test_solution_round_trip(tmp_path):
    # given a solved instance written in the UHHC solution format
    problem = uhhc.load(SMALL)
    solution = solve(problem, seconds=0.5, solver="greedy")
    out = tmp_path / "solution.json"
    out.write_text(json.dumps(uhhc.dump_solution(problem, solution)))
    # when it is read back
    again = uhhc.load_solution(problem, out)
    # then the same visits come back and the checker agrees on the cost
    expected = {k: v for k, v in solution.routes.items() if v}
    assert again.routes.keys() == expected.keys()
    for carer, visits in expected.items():
        assert [(v.task_id, v.carer_id) for v in again.routes[carer]] == [
            (v.task_id, v.carer_id) for v in visits
        ]
        assert [v.start for v in again.routes[carer]] == pytest.approx([v.start for v in visits])
    assert check(problem, again).cost == pytest.approx(check(problem, solution).cost)
    data = json.loads(out.read_text())
    assert data["instance"] == problem.name
    visit = data["routes"][0]["locations"][0]
    assert set(visit) == {"patient", "service", "start_service_time", "end_service_time"}


def _break(data: dict, path: list, value=None, *, delete: bool = False) -> dict:
    data = copy.deepcopy(data)
    target = data
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "delete", "field"),
    [
        (
            ["patients", 3, "time_windows", 0, "start"],
            None,
            True,
            "patients[3].time_windows[0].start",
        ),
        (
            ["patients", 2, "required_services", 0, "service"],
            7,
            False,
            "patients[2].required_services[0].service",
        ),
        (["patients", 0, "distance_matrix_index"], 99, False, "patients[0].distance_matrix_index"),
        (["caregivers", 1, "departing_point"], "nowhere", False, "caregivers[1].departing_point"),
        (["caregivers", 0, "abilities"], "s1", False, "caregivers[0].abilities"),
        (["distances", 2], [1, 2], False, "distances[2]"),
        (["patients"], None, True, "patients"),
        (
            ["patients", 5, "time_windows", 0],
            {"start": 50, "end": 10},
            False,
            "patients[5].time_windows[0]",
        ),
        (["metadata", "time_window_met"], "sometimes", False, "metadata.time_window_met"),
    ],
)
def test_malformed_files_name_the_field(path, value, delete, field):
    # given an instance with one broken field
    data = _break(raw(), path, value, delete=delete)
    # when it is loaded, the error starts with that field's path
    with pytest.raises(uhhc.UhhcError) as error:
        uhhc.load(data)
    assert str(error.value).startswith(field + ":"), str(error.value)


def test_a_double_service_without_synchronization_is_refused():
    data = raw()
    patient = next(i for i, p in enumerate(data["patients"]) if len(p["required_services"]) == 2)
    del data["patients"][patient]["synchronization"]
    with pytest.raises(uhhc.UhhcError, match=rf"patients\[{patient}\]\.synchronization"):
        uhhc.load(data)


def test_unreadable_files_are_clear_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(uhhc.UhhcError, match="JSON non valido"):
        uhhc.load(bad)
    with pytest.raises(uhhc.UhhcError, match="non leggibile"):
        uhhc.load(tmp_path / "missing.json")


def test_malformed_solution_names_the_field():
    problem = uhhc.load(SMALL)
    with pytest.raises(uhhc.UhhcError, match=r"^routes\[0\]\.locations\[1\]\.start_service_time:"):
        uhhc.load_solution(
            problem,
            {
                "routes": [
                    {
                        "caregiver_id": "c1",
                        "locations": [
                            {
                                "patient": "p1",
                                "service": "s4",
                                "start_service_time": 1,
                                "end_service_time": 2,
                            },
                            {"patient": "p2", "service": "s5", "end_service_time": 2},
                        ],
                    }
                ]
            },
        )


def test_optional_fields_map_to_preferences_and_forbidden_carers():
    data = raw()
    data["patients"][0]["incompatible_caregivers"] = ["c3"]
    data["patients"][0]["preferred_caregivers"] = ["c1"]
    data["caregivers"][0]["working_shift"] = {"start": 0, "end": 480}
    problem = uhhc.load(data)
    task = problem.tasks[0]
    assert task.forbidden == frozenset({"c3"})
    assert task.preferred == frozenset({"c1"})
    assert problem.carers[0].shift is not None
    assert problem.carers[0].shift.end == 480
