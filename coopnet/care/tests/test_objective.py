"""The whole home-care objective in the app: overtime, lunch windows, optional visits and
preferences mapped to the scheduler, measured before and after a run, shown on the pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coopnet.care import problem
from coopnet.care.models import CarePlanLineCarer, CarerPreference, Visit, VisitStatus
from coopnet.care.services import care, carers, catalogue
from coopnet.scheduling import LunchSpec

from .conftest import DAY, at
from .factories import VisitFactory, paid_carer
from .test_planning import generate, line, solved

pytestmark = pytest.mark.django_db

NOON = dt.time(12)


def settings(org, **data):
    catalogue.scheduling_settings_update(
        actor=None, organization=org, data={"time_limit_seconds": 2, **data}
    )


def lunch(earliest=NOON, latest=dt.time(14), minutes=30):
    return {"lunch_earliest": earliest, "lunch_latest": latest, "lunch_minutes": minutes}


# --- the problem builder --------------------------------------------------------------------


def test_the_problem_maps_every_setting(org):
    # given an organization that prices each component and allows overtime
    settings(
        org,
        overtime_allowed=True,
        overtime_weight=3,
        optional_visit_weight=70,
        missed_lunch_weight=90,
        waiting_weight=4,
        idle_weight=5,
        non_preferred_weight=11,
    )
    # a carer following the organization, one who may not work over, one with a lunch window
    follows = paid_carer(org)
    never = paid_carer(org, overtime="no")
    eats = paid_carer(org, **lunch())
    # an optional social call preferring one carer and avoiding another, and a mandatory visit
    social = line(org, optional=True)
    for carer, kind in ((eats, CarerPreference.PREFERRED), (never, CarerPreference.AVOIDED)):
        CarePlanLineCarer.objects.create(
            organization=org, line=social, carer=carer, preference=kind
        )
    line(org)
    generate(org)
    # when the day's problem is built
    day = problem.build_problem(org, DAY, replan=False).problem
    # then each weight is the organization's
    weights = day.weights
    assert (weights.overtime, weights.optional_patients, weights.missed_lunch_break) == (3, 70, 90)
    assert (weights.total_waiting_time, weights.max_idle_time, weights.non_preferred) == (4, 5, 11)
    # the carer who may not work over has a wall at the shift end, the others the
    # organization's price
    carers_by_id = day.carer_index()
    assert day.overtime_price(carers_by_id[str(never.pk)]) is None
    assert day.latest_return(carers_by_id[str(never.pk)]) == 20 * 60  # the shift end
    assert day.overtime_price(carers_by_id[str(follows.pk)]) == 3
    # the lunch window is the carer's own, owed to the carer who has one
    assert day.lunch is None
    assert [c.id for c in day.carers if c.lunch] == [str(eats.pk)]
    assert day.lunch_for(carers_by_id[str(eats.pk)]) == LunchSpec(12 * 60, 14 * 60, 30)
    # the social call is optional, with its preferences; the other visit is mandatory
    task = day.task(str(Visit.objects.get(line=social).pk))
    assert task.optional
    assert (task.preferred, task.forbidden) == ({str(eats.pk)}, {str(never.pk)})
    assert [t.optional for t in day.tasks].count(False) == 1


@pytest.mark.parametrize(
    ("organization_allows", "rule", "priced"),
    [(False, "", False), (False, "si", True), (True, "", True), (True, "no", False)],
)
def test_overtime_is_priced_for_each_carer_who_may_work_over(
    org, organization_allows, rule, priced
):
    settings(org, overtime_allowed=organization_allows, overtime_weight=2)
    paid_carer(org, overtime=rule)
    line(org)
    generate(org)
    day = problem.build_problem(org, DAY, replan=False).problem
    assert day.overtime_price(day.carers[0]) == (2 if priced else None)
    assert day.carers[0].breaks == ()


def test_each_carer_has_her_own_lunch_window_and_overtime_price(org):
    # given the organization's price 2, a carer with her own (5) and two lunch windows
    settings(org, overtime_allowed=True, overtime_weight=2)
    first = paid_carer(org, overtime_weight=5, **lunch())
    other = paid_carer(org, **lunch(earliest=dt.time(13), latest=dt.time(15), minutes=45))
    line(org)
    generate(org)
    day = problem.build_problem(org, DAY, replan=False).problem
    by_id = day.carer_index()
    # then each one's window and price are her own, with no fixed break in their stead
    assert day.lunch_for(by_id[str(first.pk)]) == LunchSpec(12 * 60, 14 * 60, 30)
    assert day.lunch_for(by_id[str(other.pk)]) == LunchSpec(13 * 60, 15 * 60, 45)
    assert (by_id[str(first.pk)].breaks, by_id[str(other.pk)].breaks) == ((), ())
    assert day.overtime_price(by_id[str(first.pk)]) == 5
    assert day.overtime_price(by_id[str(other.pk)]) == 2


def test_the_visit_past_the_shift_end_goes_to_the_carer_whose_overtime_costs_less(org):
    # given two carers until 9:00 on the same spot, one at her own price 1 a minute, the
    # other at the organization's 50, and a 90-minute visit that may end by 12:00
    settings(org, overtime_allowed=True, overtime_weight=50)
    cheap = paid_carer(org, shift_start=dt.time(8), shift_end=dt.time(9), overtime_weight=1)
    paid_carer(org, shift_start=dt.time(8), shift_end=dt.time(9))
    line(org, start=8, end=12, duration=90)
    generate(org)
    # when the day is solved
    run = solved(org)
    # then the cheaper carer works over
    assert list(run.totals_after["overtime_by_carer"]) == [str(cheap.pk)]


def test_a_lunch_in_the_carers_own_window_is_placed_by_the_solver(org):
    # given two carers with different lunch windows and a missed lunch priced high
    settings(org, missed_lunch_weight=500)
    noon = paid_carer(org, **lunch())
    later = paid_carer(org, **lunch(earliest=dt.time(13), latest=dt.time(15), minutes=45))
    for carer in (noon, later):
        visit = VisitFactory.create(line=line(org, start=8, end=14, duration=60), date=DAY)
        Visit.objects.filter(pk=visit.pk).update(
            carer=carer, planned_start=at(DAY, 9), status=VisitStatus.SCHEDULED
        )
    # when the day is optimised
    run = solved(org)
    # then each lunch lies in its carer's own window, at least as long as hers
    lunches = run.result["lunches"]
    for carer, opening, closing, minutes in ((noon, 12, 14, 30), (later, 13, 15, 45)):
        start, end = lunches[str(carer.pk)]
        assert start >= opening * 60
        assert end <= closing * 60
        assert end - start == minutes
    assert run.totals_after["missed_lunch_break"] == 0


def test_an_optional_line_makes_optional_visits(org, admin_user):
    social = line(org, optional=False)
    care.care_plan_line_update(
        actor=admin_user,
        line=social,
        data={**{f: getattr(social, f) for f in care.LINE_FIELDS}, "optional": True},
    )
    generate(org)
    assert Visit.objects.get(line=social).optional


# --- solving --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("organization_allows", "rule", "planned"),
    [(True, "", True), (False, "si", True), (False, "", False), (True, "no", False)],
)
def test_overtime_allowed_plans_the_visit_past_the_shift_end(
    org, organization_allows, rule, planned
):
    # given one carer until 9:00 and a 90-minute visit that may end by 12:00
    settings(org, overtime_allowed=organization_allows, overtime_weight=2)
    carer = paid_carer(org, shift_start=dt.time(8), shift_end=dt.time(9), overtime=rule)
    line(org, start=8, end=12, duration=90)
    generate(org)
    # when the day is solved
    run = solved(org)
    # then with overtime the visit is planned and the overtime reported, else it stays out
    visit = Visit.objects.get()
    assert (str(visit.pk) in run.result["unassigned"]) == (not planned)
    overtime = run.totals_after["overtime_by_carer"]
    if planned:
        assert overtime[str(carer.pk)] >= 30
        assert run.totals_after["total_extra_time"] == overtime[str(carer.pk)]
    else:
        assert overtime == {}
        assert run.totals_after["unassigned"] == 1


def test_an_optional_visit_is_left_out_and_reported_as_postponed(org, coordinator, client):
    # given a carer with room for one of two visits, the second a social call
    settings(org, optional_visit_weight=50)
    paid_carer(org, shift_start=dt.time(8), shift_end=dt.time(10))
    needed = line(org, start=8, end=10, duration=90)
    social = line(org, start=8, end=10, duration=60, optional=True)
    generate(org)
    # when the day is solved
    run = solved(org)
    # then the mandatory visit is planned, the social call postponed
    assert str(Visit.objects.get(line=needed).pk) not in run.result["unassigned"]
    assert str(Visit.objects.get(line=social).pk) in run.result["unassigned"]
    assert run.totals_after["optional_patients"] == 1
    assert run.totals_after["unassigned"] == 0
    client.force_login(coordinator)
    page = client.get(reverse("care:run", kwargs={"org_slug": org.slug, "pk": run.pk}))
    rows = {label: after for label, _before, after in page.context["components"]}
    assert rows["Visite facoltative rinviate"] == 1
    assert 'data-testid="postponed"' in page.content.decode()


def test_the_review_shows_each_component_before_and_after(org, coordinator, client):
    # given a visit planned by hand over the carer's lunch window: no room for lunch now
    settings(org, missed_lunch_weight=500)
    carer = paid_carer(org, **lunch(latest=dt.time(13)))
    visit = VisitFactory.create(line=line(org, start=8, end=14, duration=90), date=DAY)
    Visit.objects.filter(pk=visit.pk).update(
        carer=carer, planned_start=at(DAY, 11, 30), status=VisitStatus.SCHEDULED
    )
    # when the day is optimised and the coordinator opens the review
    run = solved(org)
    client.force_login(coordinator)
    page = client.get(reverse("care:run", kwargs={"org_slug": org.slug, "pk": run.pk}))
    # then every component is there, in words, now and proposed
    rows = {label: (before, after) for label, before, after in page.context["components"]}
    assert rows["Pausa pranzo saltata"] == (str(carer.person), "nessuna")
    assert rows["Straordinario"] == ("nessuno", "nessuno")
    for label in ("Attesa tra le visite", "Tempo inattivo (l'operatore più inattivo)"):
        assert rows[label][1].endswith("min") or rows[label][1].endswith("h")
    assert "Preferenze non rispettate (visite)" in rows
    # and the lunch the solver placed is in the carer's route
    start, end = run.result["lunches"][str(carer.pk)]
    assert 12 * 60 <= start < end <= 13 * 60
    assert "Pausa pranzo" in page.content.decode()
    assert page.context["timeline"][0]["lunch"]["w"] > 0


def test_the_review_names_the_carer_working_over(org, coordinator, client):
    settings(org, overtime_allowed=True)
    carer = paid_carer(org, shift_start=dt.time(8), shift_end=dt.time(9))
    line(org, start=8, end=12, duration=90)
    generate(org)
    run = solved(org)
    client.force_login(coordinator)
    page = client.get(reverse("care:run", kwargs={"org_slug": org.slug, "pk": run.pk}))
    rows = {label: after for label, _before, after in page.context["components"]}
    minutes = run.totals_after["overtime_by_carer"][str(carer.pk)]
    assert rows["Straordinario"] == f"{minutes} min ({carer.person})"
    assert f"{minutes} min ({carer.person})" in page.content.decode()


# --- the day board --------------------------------------------------------------------------


def test_the_day_board_shows_overtime_missed_lunch_and_the_lunch(org, coordinator, client):
    # given one carer working past 9:00, one whose visit covers the lunch window, one with room
    over = paid_carer(org, shift_start=dt.time(8), shift_end=dt.time(9))
    hungry = paid_carer(org, **lunch(latest=dt.time(13)))
    fed = paid_carer(org, **lunch())
    for carer, hour, minute in ((over, 8, 30), (hungry, 11, 30), (fed, 9, 0)):
        visit = VisitFactory.create(line=line(org, start=8, end=14, duration=90), date=DAY)
        Visit.objects.filter(pk=visit.pk).update(
            carer=carer, planned_start=at(DAY, hour, minute), status=VisitStatus.SCHEDULED
        )
    # when the coordinator opens the day
    client.force_login(coordinator)
    page = client.get(reverse("care:day", kwargs={"org_slug": org.slug}), {"date": DAY})
    # then each carer's figures are shown
    figures = {carer.pk: f for carer, _v, _s, f in page.context["groups"]}
    assert figures[over.pk].overtime >= 60
    assert not figures[over.pk].missed_lunch
    assert figures[hungry.pk].missed_lunch
    assert figures[fed.pk].lunch == (dt.time(12), dt.time(12, 30))
    html = page.content.decode()
    assert f"straordinario: {figures[over.pk].overtime // 60} h" in html
    assert html.count('data-testid="missed-lunch"') == 1
    assert "Pausa pranzo 12:00\u201312:30" in html


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("window", "field"),
    [
        ({"lunch_minutes": None}, "lunch_minutes"),
        ({"lunch_earliest": None}, "lunch_earliest"),
        ({"lunch_latest": dt.time(11)}, "lunch_latest"),
        ({"lunch_minutes": 180}, "lunch_minutes"),
        ({"break_start": dt.time(12), "break_end": dt.time(13)}, "lunch_earliest"),
    ],
)
def test_a_bad_lunch_window_is_refused_naming_the_field(org, window, field):
    carer = paid_carer(org)
    data = {f: getattr(carer, f) for f in carers.CARER_FIELDS} | lunch() | window
    with pytest.raises(ValidationError) as refused:
        carers.carer_update(actor=None, carer=carer, data=data)
    assert list(refused.value.message_dict) == [field]
    assert "Pausa pranzo" in refused.value.message_dict[field][0]


def test_the_carer_form_shows_the_lunch_window_error_on_its_field(org, coordinator, client):
    carer = paid_carer(org)
    client.force_login(coordinator)
    response = client.post(
        reverse("care:carer_edit", kwargs={"org_slug": org.slug, "pk": carer.pk}),
        {
            "kind": "retribuito",
            "working_days": ["1", "2"],
            "shift_start": "07:00",
            "shift_end": "15:00",
            "lunch_earliest": "13:00",
            "lunch_latest": "12:00",
            "lunch_minutes": "30",
            "overtime": "si",
            "max_minutes_day": "420",
            "max_minutes_week": "2000",
            "transport_mode": "auto",
            "start_latitude": "44.49",
            "start_longitude": "11.34",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["lunch_latest"]
    assert "«finita entro le» deve venire dopo «non prima delle»" in errors["lunch_latest"][0]
    carer.refresh_from_db()
    assert carer.lunch_latest is None


@pytest.mark.parametrize(("price", "saved"), [("4", 4), ("", None), ("-1", "error")])
def test_the_carer_form_takes_her_own_overtime_price(org, coordinator, client, price, saved):
    carer = paid_carer(org)
    client.force_login(coordinator)
    edit = reverse("care:carer_edit", kwargs={"org_slug": org.slug, "pk": carer.pk})
    response = client.post(
        edit,
        {
            "kind": "retribuito",
            "working_days": ["1", "2"],
            "shift_start": "07:00",
            "shift_end": "15:00",
            "overtime": "si",
            "overtime_weight": price,
            "max_minutes_day": "420",
            "max_minutes_week": "2000",
            "transport_mode": "auto",
            "start_latitude": "44.49",
            "start_longitude": "11.34",
        },
    )
    carer.refresh_from_db()
    if saved == "error":
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["overtime_weight"]
        assert carer.overtime_weight is None
        return
    assert response.status_code == 302
    assert carer.overtime_weight == saved
    page = client.get(response["Location"]).content.decode()
    assert ("peso 4 al minuto" in page) == (saved == 4)
