"""The scheduler in the app: problem building, runs, review data, apply, re-plan."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from coopnet.care import problem, tasks
from coopnet.care.models import Absence, RunStatus, ScheduleRun, Visit, VisitStatus
from coopnet.care.services import carers, catalogue, planning, visits
from coopnet.core.jobs import jobs_cleanup
from coopnet.core.models import AuditEntry, Job, JobState
from coopnet.scheduling import TimeWindow

from .conftest import DAY, at
from .factories import (
    BeneficiaryFactory,
    LineFactory,
    PlanFactory,
    ServiceTypeFactory,
    near,
    paid_carer,
    volunteer_carer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick(org):
    catalogue.scheduling_settings_update(
        actor=None, organization=org, data={"time_limit_seconds": 2}
    )


def line(org, *, service=None, start=8, end=13, duration=30, home=None, **extra):
    """A care plan line of a new beneficiary, living at ``home`` (latitude, longitude) if given."""
    place = {"latitude": home[0], "longitude": home[1]} if home else {}
    plan = PlanFactory.create(
        organization=org, beneficiary=BeneficiaryFactory.create(organization=org, **place)
    )
    return LineFactory.create(
        organization=org,
        plan=plan,
        service_type=service or ServiceTypeFactory.create(organization=org),
        window_start=dt.time(start),
        window_end=dt.time(end),
        duration=duration,
        **extra,
    )


def generate(org):
    return visits.visits_generate(actor=None, organization=org, start=DAY, end=DAY)


def solved(org, *, replan=False):
    run = planning.run_create(actor=None, organization=org, day=DAY, replan=replan)
    job = Job.objects.get(schedule_run=run)
    tasks.run_schedule.call(job.pk)
    run.refresh_from_db()
    job.refresh_from_db()
    assert run.status == RunStatus.DONE, job.error
    return run


def test_the_problem_leaves_out_uninsured_volunteers_and_expired_qualifications(org):
    # given an OSS visit, an OSS whose qualification expired, and an uninsured volunteer
    oss_service = ServiceTypeFactory.create(
        organization=org, required_qualification="oss", volunteer_allowed=False
    )
    line(org, service=oss_service)
    line(org)
    generate(org)
    expired = paid_carer(org, qualifications=("oss",), expires_on=DAY - dt.timedelta(days=1))
    uninsured = volunteer_carer(org, insured=False)
    # when the day's problem is built
    day = problem.build_problem(org, DAY, replan=False)
    # then the volunteer is left out with the rule, the expired OSS has no OSS skill
    assert "R-381-2c" in day.carers_left_out[str(uninsured.pk)]
    carer = day.problem.carer_index()[str(expired.pk)]
    assert "oss" not in carer.skills
    assert {t.skill for t in day.problem.tasks} == {"oss", problem.GENERIC_SKILL}


def test_a_volunteer_is_never_given_a_professional_only_service(org):
    # given one OSS visit, an insured volunteer and nobody qualified
    oss_service = ServiceTypeFactory.create(
        organization=org, required_qualification="oss", volunteer_allowed=False
    )
    line(org, service=oss_service)
    generate(org)
    volunteer = volunteer_carer(org)
    # when the day is solved
    run = solved(org)
    # then the visit stays unassigned, with the reason, and the volunteer has no route
    visit = Visit.objects.get()
    assert str(visit.pk) in run.result["unassigned"]
    assert str(volunteer.pk) not in run.result["routes"]
    # and even a service volunteers may give, when it needs no qualification, goes to them
    open_service = line(
        org, service=ServiceTypeFactory.create(organization=org, volunteer_allowed=True)
    )
    generate(org)
    run = solved(org)
    given = Visit.objects.get(line=open_service)
    assert run.result["routes"][str(volunteer.pk)][0][0] == str(given.pk)


def test_a_professional_service_goes_to_a_qualified_worker_not_to_the_volunteer(org):
    oss_service = ServiceTypeFactory.create(
        organization=org, required_qualification="oss", volunteer_allowed=False
    )
    for _ in range(3):
        line(org, service=oss_service)
    generate(org)
    volunteer = volunteer_carer(org)
    worker = paid_carer(org, qualifications=("oss",))
    run = solved(org)
    planning.run_apply(actor=None, run=run)
    assert set(Visit.objects.values_list("carer_id", flat=True)) == {worker.pk}
    assert volunteer.pk not in set(Visit.objects.values_list("carer_id", flat=True))


def test_apply_writes_the_assignments_atomically_and_audited(org, admin_user):
    # given six visits and two carers
    for _ in range(6):
        line(org)
    generate(org)
    paid_carer(org)
    paid_carer(org)
    run = solved(org)
    assert run.totals_before["assigned"] == 0
    assert run.totals_after["assigned"] == 6
    # when the proposal is applied
    report = planning.run_apply(actor=admin_user, run=run)
    # then every visit is scheduled inside its window, as proposed
    assert (report.assigned, report.skipped) == (6, 0)
    for visit in Visit.objects.select_related("carer"):
        assert visit.status == VisitStatus.SCHEDULED
        assert visit.planned_start is not None
        start = visit.planned_start.astimezone(at(DAY, 0).tzinfo)
        assert dt.time(8) <= start.time() <= dt.time(13)
        proposed = [s for s in run.result["routes"][str(visit.carer_id)] if s[0] == str(visit.pk)]
        assert len(proposed) == 1
    assert AuditEntry.objects.filter(action="care.visit.schedule").count() == 6
    assert AuditEntry.objects.filter(action="care.schedule.apply").count() == 1
    run.refresh_from_db()
    assert run.status == RunStatus.APPLIED
    # and a second apply is refused
    with pytest.raises(ValidationError):
        planning.run_apply(actor=admin_user, run=run)


def test_apply_skips_visits_changed_since_the_run(org):
    for _ in range(2):
        line(org)
    generate(org)
    paid_carer(org)
    run = solved(org)
    changed = Visit.objects.order_by("pk")[0]
    visits.visit_cancel(actor=None, visit=changed, reason="ricovero")
    report = planning.run_apply(actor=None, run=run)
    assert (report.assigned, report.skipped) == (1, 1)
    changed.refresh_from_db()
    assert (changed.status, changed.carer_id) == (VisitStatus.CANCELLED, None)


def test_replan_after_an_absence_keeps_the_others_visits(org):
    # given nine visits planned by hand among three carers, and a fourth carer free
    absent, second, third = (paid_carer(org) for _ in range(3))
    paid_carer(org)
    for _ in range(9):
        line(org, start=8, end=14, duration=30)
    generate(org)
    for i, visit in enumerate(Visit.objects.order_by("pk")):
        carer = (absent, second, third)[i % 3]
        visits.visit_assign(actor=None, visit=visit, carer=carer, planned_start=at(DAY, 8 + i // 3))
    before = dict(Visit.objects.values_list("pk", "carer_id"))
    # when the first carer falls ill and the day is re-planned
    Absence.objects.create(
        organization=org, carer=absent, kind="malattia", start_date=DAY, end_date=DAY
    )
    run = solved(org, replan=True)
    assert "Malattia" in run.result["carers_left_out"][str(absent.pk)]
    planning.run_apply(actor=None, run=run)
    # then the absent carer's visits moved, and nobody else's visit changed hands
    after = dict(Visit.objects.values_list("pk", "carer_id"))
    kept = {pk: c for pk, c in before.items() if c != absent.pk}
    assert len(kept) == 6
    assert {pk: after[pk] for pk in kept} == kept
    moved = [pk for pk, c in before.items() if c == absent.pk]
    assert all(after[pk] not in (None, absent.pk) for pk in moved)
    assert run.totals_after["lost_continuity"] == len(moved) == 3
    assert run.totals_before["unassigned"] == 3  # the absent carer's visits, before


def test_a_replan_keeps_the_others_visits_at_their_time(org):
    # given two carers with visits spread over the morning (the solver alone would pack them)
    absent, colleague = paid_carer(org), paid_carer(org)
    for _ in range(4):
        line(org, start=8, end=14, duration=30, home=near(1))
    generate(org)
    first, second, third, fourth = Visit.objects.order_by("pk")
    visits.visit_assign(actor=None, visit=first, carer=absent, planned_start=at(DAY, 9))
    for visit, hour in ((second, 8), (third, 10), (fourth, 12)):
        visits.visit_assign(actor=None, visit=visit, carer=colleague, planned_start=at(DAY, hour))
    Absence.objects.create(
        organization=org, carer=absent, kind="malattia", start_date=DAY, end_date=DAY
    )
    # when the day is re-planned and the proposal applied
    planning.run_apply(actor=None, run=solved(org, replan=True))
    # then the absent carer's visit moved, and the colleague's visits kept carer and time
    first.refresh_from_db()
    assert first.carer == colleague
    assert {
        v.pk: (v.carer_id, v.planned_start)
        for v in Visit.objects.filter(pk__in=[second.pk, third.pk, fourth.pk])
    } == {
        second.pk: (colleague.pk, at(DAY, 8)),
        third.pk: (colleague.pk, at(DAY, 10)),
        fourth.pk: (colleague.pk, at(DAY, 12)),
    }


def test_a_replan_frees_the_others_only_when_it_must(org):
    # given an OSS visit of an absent carer that only a busy colleague can take, and a spare
    # carer who could take the colleague's ordinary visit
    oss = ServiceTypeFactory.create(
        organization=org, required_qualification="oss", volunteer_allowed=False
    )
    absent = paid_carer(org, qualifications=("oss",))
    colleague = paid_carer(org, qualifications=("oss",), max_minutes_day=40)
    spare = paid_carer(org, max_minutes_day=40)
    # (both homes 140 m from the carers' start, so travel never breaks the 40-minute cap)
    line(org, service=oss, start=9, end=10, duration=30, home=near(1))
    line(org, start=9, end=10, duration=30, home=near(1))
    generate(org)
    specialist, ordinary = Visit.objects.order_by("pk")
    visits.visit_assign(actor=None, visit=specialist, carer=absent, planned_start=at(DAY, 9))
    visits.visit_assign(actor=None, visit=ordinary, carer=colleague, planned_start=at(DAY, 9))
    Absence.objects.create(
        organization=org, carer=absent, kind="ferie", start_date=DAY, end_date=DAY
    )
    # when the day is re-planned
    run = solved(org, replan=True)
    # then keeping everyone in place would leave the OSS visit out, so the colleague's
    # ordinary visit moves to the spare carer and nothing is left out
    assert run.result["unassigned"] == {}
    routes = {c: [stop[0] for stop in stops] for c, stops in run.result["routes"].items()}
    assert routes == {str(colleague.pk): [str(specialist.pk)], str(spare.pk): [str(ordinary.pk)]}


def test_visits_without_coordinates_are_listed_with_the_reason(org):
    no_place = line(org)
    beneficiary = no_place.plan.beneficiary
    beneficiary.latitude = beneficiary.longitude = None
    beneficiary.save()
    generate(org)
    paid_carer(org)
    run = solved(org)
    visit = Visit.objects.get()
    assert "coordinate" in run.result["unassigned"][str(visit.pk)]


def test_a_run_is_executed_once(org):
    line(org)
    generate(org)
    paid_carer(org)
    run = solved(org)
    job = Job.objects.get(schedule_run=run)
    finished = job.finished_at
    tasks.run_schedule.call(job.pk)
    job.refresh_from_db()
    assert (job.state, job.finished_at, job.attempts) == (JobState.SUCCEEDED, finished, 1)


def test_a_run_outlives_its_job_when_the_job_retention_deletes_it(org):
    # given a solved run and a run whose solve failed, both past the job retention
    line(org)
    generate(org)
    paid_carer(org)
    done = solved(org)
    failed = planning.run_create(actor=None, organization=org, day=DAY)
    Job.objects.filter(schedule_run=failed).update(
        state=JobState.FAILED, finished_at=timezone.now()
    )
    later = timezone.now() + dt.timedelta(hours=settings.COOPNET_JOB_RETENTION_HOURS + 1)
    jobs_cleanup(now=later)
    # then the runs stay, their status read from what they kept
    done.refresh_from_db()
    failed.refresh_from_db()
    assert (done.job, failed.job) == (None, None)
    assert (done.status, failed.status) == (RunStatus.DONE, RunStatus.FAILED)
    planning.run_apply(actor=None, run=done)
    done.refresh_from_db()
    assert done.status == RunStatus.APPLIED


def test_a_day_without_open_visits_has_nothing_to_solve(org):
    with pytest.raises(ValidationError):
        planning.run_create(actor=None, organization=org, day=DAY)
    assert not ScheduleRun.objects.exists()


def test_double_visits_go_to_two_carers_at_the_same_time(org):
    line(org, carers_needed=2, double_kind="simultaneous")
    generate(org)
    paid_carer(org)
    paid_carer(org)
    planning.run_apply(actor=None, run=solved(org))
    first, second = Visit.objects.order_by("slot")
    assert first.carer_id != second.carer_id
    assert first.planned_start == second.planned_start


def test_each_carer_travels_by_their_own_transport_mode(org):
    # given a visit, a carer by car and one on foot
    line(org)
    generate(org)
    driver = paid_carer(org, transport_mode="auto")
    walker = paid_carer(org, transport_mode="piedi")
    # when the day's problem is built
    day = problem.build_problem(org, DAY, replan=False)
    # then each has their mode's matrix, and walking takes longer than driving
    sched = day.problem
    by_car = sched.travel_for(sched.carer_index()[str(driver.pk)])
    on_foot = sched.travel_for(sched.carer_index()[str(walker.pk)])
    assert set(sched.profiles) == {"car", "walk"}
    home = sched.tasks[0].location
    assert on_foot[0][home] > 5 * by_car[0][home] > 0


def test_the_scheduler_keeps_visits_out_of_a_carers_break(org):
    # given an hour-long visit that may start at 8:30 and the only carer's break at 9-10
    line(org, start=8, end=13, duration=60)
    line(org, start=8, end=13, duration=60)
    generate(org)
    carer = paid_carer(org, break_start=dt.time(9), break_end=dt.time(10))
    # when the day is solved and applied, neither visit overlaps the break
    planning.run_apply(actor=None, run=solved(org))
    for visit in Visit.objects.filter(carer=carer):
        start = timezone.localtime(visit.planned_start)
        end = start + dt.timedelta(minutes=visit.duration)
        assert end.time() <= dt.time(9) or start.time() >= dt.time(10), (start, end)


def test_the_workload_weight_and_breaks_reach_the_scheduler(org):
    catalogue.scheduling_settings_update(
        actor=None, organization=org, data={"workload_balance_weight": 3}
    )
    line(org)
    generate(org)
    carer = paid_carer(org, break_start=dt.time(12), break_end=dt.time(12, 30))
    day = problem.build_problem(org, DAY, replan=False)
    assert day.problem.weights.highest_workload == 3
    assert day.problem.carer_index()[str(carer.pk)].breaks == (TimeWindow(720, 750),)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (dt.time(9), None, "break_end"),
        (dt.time(10), dt.time(9), "break_end"),
        (dt.time(6), dt.time(7, 30), "break_start"),
    ],
)
def test_a_break_has_both_ends_inside_the_shift(org, start, end, field):
    carer = paid_carer(org)  # shift 7:00-20:00
    with pytest.raises(ValidationError) as caught:
        carers.carer_update(actor=None, carer=carer, data={"break_start": start, "break_end": end})
    assert field in caught.value.message_dict


def test_an_unreachable_osrm_is_asked_once_and_every_mode_falls_back(org, settings, monkeypatch):
    # given an OSRM server that does not answer, and carers by car and on foot
    settings.COOPNET_OSRM_URL = "http://127.0.0.1:9"
    asked = []

    def refuse(provider, points):
        asked.append(provider.profile)
        raise problem.TravelTimeError("connessione rifiutata")

    monkeypatch.setattr(problem.OsrmProvider, "matrix", refuse)
    line(org)
    generate(org)
    paid_carer(org, transport_mode="auto")
    paid_carer(org, transport_mode="piedi")
    # when the day's problem is built
    day = problem.build_problem(org, DAY, replan=False)
    # then the server was tried once, both modes have estimated matrices, and the review says so
    assert len(asked) == 1
    assert set(day.problem.profiles) == {"car", "walk"}
    assert "non raggiungibile" in day.travel_note
