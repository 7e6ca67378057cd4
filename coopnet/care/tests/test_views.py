"""Care pages: three personas on every page, the main flows through the forms, query budgets."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from coopnet.care.models import (
    Beneficiary,
    CarePlan,
    CarePlanLine,
    Carer,
    RunStatus,
    ScheduleRun,
    ServiceType,
    Visit,
    VisitStatus,
)
from coopnet.care.services import carers, catalogue, visits
from coopnet.core.models import Job, JobState
from coopnet.core.tests.factories import OrganizationFactory
from coopnet.members.models import Person
from coopnet.workforce.models import SensitiveAccess
from coopnet.workforce.tests.factories import EmploymentFactory

from .conftest import at
from .factories import (
    BeneficiaryFactory,
    LineFactory,
    PersonFactory,
    PlanFactory,
    ServiceTypeFactory,
    VisitFactory,
    paid_carer,
    schedule_run,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(org, carer):
    """One of everything, so that every page has something to show; a visit today for the
    carer persona."""
    today = timezone.localdate()
    contract = catalogue.funding_contract_create(
        actor=None,
        organization=org,
        data={"kind": "privato", "payer_name": "Famiglia", "reference": "A1", "start_date": today},
    )
    line = LineFactory.create(organization=org)
    visit = VisitFactory.create(line=line, date=today)
    visits.visit_assign(actor=None, visit=visit, carer=carer, planned_start=at(today, 9))
    visit.refresh_from_db()
    assert visit.planned_start is not None
    carers.absence_record(
        actor=None,
        carer=carer,
        data={
            "kind": "ferie",
            "start_date": today + dt.timedelta(30),
            "end_date": today + dt.timedelta(31),
        },
    )
    run = schedule_run(
        org,
        date=today,
        result={
            "routes": {str(carer.pk): [[str(visit.pk), 540, 600]]},
            "unassigned": {},
            "carers_left_out": {},
            "snapshot": {str(visit.pk): ["scheduled", carer.pk, visit.planned_start.isoformat()]},
        },
        totals_before={"assigned": 1},
        totals_after={"assigned": 1},
    )
    return {
        "contract": contract,
        "service_type": line.service_type,
        "beneficiary": line.plan.beneficiary,
        "plan": line.plan,
        "line": line,
        "carer": carer,
        "visit": visit,
        "run": run,
    }


# (url name, url keyword, object of ``objects`` it names): every GET page of coordinators
PAGES = [
    ("overview", None, None),
    ("settings", None, None),
    ("catalogue", None, None),
    ("service_type_create", None, None),
    ("service_type_edit", "pk", "service_type"),
    ("contract_create", None, None),
    ("contract", "pk", "contract"),
    ("contract_edit", "pk", "contract"),
    ("beneficiaries", None, None),
    ("beneficiary_create", None, None),
    ("beneficiary", "pk", "beneficiary"),
    ("beneficiary_edit", "pk", "beneficiary"),
    ("health", "pk", "beneficiary"),
    ("plan_create", "beneficiary_pk", "beneficiary"),
    ("plan", "pk", "plan"),
    ("plan_edit", "pk", "plan"),
    ("line_create", "plan_pk", "plan"),
    ("line_edit", "pk", "line"),
    ("carers", None, None),
    ("carer_create", None, None),
    ("carer", "pk", "carer"),
    ("carer_edit", "pk", "carer"),
    ("day", None, None),
    ("visit", "pk", "visit"),
    ("run", "pk", "run"),
    ("hours", None, None),
    ("review", None, None),
    ("route_sheet", "pk", "carer"),
]

# the same for every POST action
POSTS = [
    ("plan_generate", "pk", "plan"),
    ("line_delete", "pk", "line"),
    ("visit_assign", "pk", "visit"),
    ("visit_unassign", "pk", "visit"),
    ("visit_edit", "pk", "visit"),
    ("visit_cancel", "pk", "visit"),
    ("visit_missed", "pk", "visit"),
    ("visit_check_in", "pk", "visit"),
    ("visit_check_out", "pk", "visit"),
    ("visit_correct", "pk", "visit"),
    ("visit_review", "pk", "visit"),
    ("run_apply", "pk", "run"),
    ("generate", None, None),
    ("schedule", None, None),
]


def urls(table, org, o):
    """(url name, url) of each row of ``PAGES`` or ``POSTS``, with the objects it needs."""
    for name, key, obj in table:
        kwargs = {"org_slug": org.slug}
        if key:
            kwargs[key] = o[obj].pk
        yield name, reverse(f"care:{name}", kwargs=kwargs)


def assert_not_found(client, org, o, *, posts=True):
    """Every coordinator page, and unless ``posts`` is false every action, answers 404."""
    for name, url in urls(PAGES, org, o):
        assert client.get(url).status_code == 404, name
    if posts:
        for name, url in urls(POSTS, org, o):
            assert client.post(url).status_code == 404, name


def test_a_coordinator_with_a_second_factor_opens_every_page(otp_login, org, coordinator, objects):
    client = otp_login(coordinator)
    for name, url in urls(PAGES, org, objects):
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("overview", "Servizi di cura"),
        ("catalogue", "Servizi e contratti"),
        ("beneficiaries", "Utenti"),
        ("hours", "Ore erogate"),
    ],
)
def test_a_section_page_names_itself_in_the_tab_and_the_heading(
    otp_login, org, coordinator, name, title
):
    page = otp_login(coordinator).get(reverse(f"care:{name}", kwargs={"org_slug": org.slug}))
    assert f"<title>{title} · coopnet</title>" in page.text
    assert f"<h1>{title} · La Ginestra</h1>" in page.text


def test_a_member_gets_404_everywhere(client, org, member_user, objects):
    client.force_login(member_user)
    assert_not_found(client, org, objects)
    assert client.get(reverse("care:today", kwargs={"org_slug": org.slug})).status_code == 404
    # nothing changed
    assert Visit.objects.get().status == VisitStatus.SCHEDULED


def test_an_outsider_gets_404_everywhere(otp_login, org, outsider, objects):
    client = otp_login(outsider)
    assert_not_found(client, org, objects)
    assert not SensitiveAccess.objects.exists()


def test_a_carer_sees_only_their_own_day(client, org, carer_user, objects):
    client.force_login(carer_user)
    # the coordinator pages are not theirs
    assert_not_found(client, org, objects, posts=False)
    # another carer's visit today
    other = VisitFactory.create(
        line=LineFactory.create(organization=org), date=timezone.localdate()
    )
    visits.visit_assign(
        actor=None, visit=other, carer=paid_carer(org), planned_start=at(timezone.localdate(), 11)
    )
    page = client.get(reverse("care:today", kwargs={"org_slug": org.slug}))
    assert page.status_code == 200
    assert list(page.context["visits"]) == [objects["visit"]]
    assert "openstreetmap.org/?mlat=" in page.content.decode()
    url = reverse("care:own_check_in", kwargs={"org_slug": org.slug, "pk": other.pk})
    assert client.post(url).status_code == 404
    other.refresh_from_db()
    assert other.status == VisitStatus.SCHEDULED


def test_a_carer_checks_in_and_out_from_the_phone_page(client, org, carer_user, objects):
    client.force_login(carer_user)
    visit = objects["visit"]
    check_in = reverse("care:own_check_in", kwargs={"org_slug": org.slug, "pk": visit.pk})
    check_out = reverse("care:own_check_out", kwargs={"org_slug": org.slug, "pk": visit.pk})
    # check-out first is refused with a message
    response = client.post(check_out, follow=True)
    assert "Registra prima l&#x27;arrivo." in response.content.decode()
    assert client.post(check_in).status_code == 302
    # a second check-in is refused
    response = client.post(check_in, follow=True)
    assert "già registrato" in response.content.decode()
    response = client.post(check_out, {"tasks_done": "Igiene", "notes": "Tutto bene"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.tasks_done) == (VisitStatus.DONE, "Igiene")


def test_a_user_who_is_not_a_carer_sees_a_hint(client, org):
    from coopnet.core.models import Role
    from coopnet.core.tests.factories import RoleAssignmentFactory

    user = RoleAssignmentFactory.create(organization=org, role=Role.CARER).user
    client.force_login(user)
    response = client.get(reverse("care:today", kwargs={"org_slug": org.slug}))
    assert "Non risulti tra gli operatori" in response.content.decode()


def test_the_calendar_link_is_shown_once(client, org, carer_user, carer):
    client.force_login(carer_user)
    url = reverse("care:calendar_link", kwargs={"org_slug": org.slug})
    assert "/care/ics/" not in client.get(url).content.decode()
    response = client.post(url)
    link = response.context["url"]
    assert "/care/ics/" in link
    feed = client.get(link.split("testserver")[1])
    assert feed.status_code == 200


def test_the_calendar_link_has_a_copy_button_and_a_subscribe_link(client, org, carer_user, carer):
    client.force_login(carer_user)
    response = client.post(reverse("care:calendar_link", kwargs={"org_slug": org.slug}))
    page = response.content.decode()
    link = response.context["url"]
    assert response.context["webcal_url"] == "webcal://" + link.split("://", 1)[1]
    assert f'href="{response.context["webcal_url"]}"' in page
    assert 'data-copy="ics-url"' in page
    assert "coopnet/care.js" in page


def test_health_notes_need_the_second_factor_and_a_purpose(client, otp_login, org, coordinator):
    beneficiary = BeneficiaryFactory.create(organization=org)
    url = reverse("care:health", kwargs={"org_slug": org.slug, "pk": beneficiary.pk})
    client.force_login(coordinator)
    assert client.get(url).status_code == 302  # to the second-factor page
    client = otp_login(coordinator)
    assert "purpose" in client.get(url).context["form"].fields
    response = client.post(
        f"{url}?purpose=assistenza", {"purpose": "assistenza", "text": "Diabete"}
    )
    assert response.status_code == 302
    page = client.get(f"{url}?purpose=assistenza")
    assert "Diabete" in page.content.decode()
    assert set(SensitiveAccess.objects.values_list("action", flat=True)) == {"modifica", "lettura"}


def test_a_carer_asking_for_health_notes_gets_404_and_is_logged(client, org, carer_user):
    beneficiary = BeneficiaryFactory.create(organization=org)
    client.force_login(carer_user)
    url = reverse("care:health", kwargs={"org_slug": org.slug, "pk": beneficiary.pk})
    assert client.get(url).status_code == 404
    assert SensitiveAccess.objects.get().action == "negato"


# --- flows through the forms -----------------------------------------------------------------


def test_a_coordinator_builds_a_plan_through_the_forms(client, org, coordinator):
    client.force_login(coordinator)
    slug = {"org_slug": org.slug}
    service_type = {
        "name": "Igiene personale",
        "code": "igiene",
        "required_qualification": "oss",
        "default_duration": "45",
        "active": "on",
    }
    url = reverse("care:service_type_create", kwargs=slug)
    # volunteers may not give a service that needs a qualification
    response = client.post(url, {**service_type, "volunteer_allowed": "on"})
    assert "R-381-2d" in response.content.decode()  # refused next to the field
    response = client.post(url, service_type)
    assert response.status_code == 302
    response = client.post(
        reverse("care:beneficiary_create", kwargs=slug),
        {
            "surname": "Bianchi",
            "given_name": "Lina",
            "address": "Via Zamboni 3",
            "comune": "Bologna",
            "latitude": "44,4966",
            "longitude": "11,3497",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    beneficiary = Beneficiary.objects.select_related("person", "comune").get()
    assert beneficiary.comune is not None
    assert (beneficiary.person.surname, beneficiary.comune.name) == ("Bianchi", "Bologna")
    response = client.post(
        reverse("care:plan_create", kwargs={**slug, "beneficiary_pk": beneficiary.pk}),
        {"start_date": "2025-06-01"},
    )
    plan = CarePlan.objects.get()
    assert response.status_code == 302
    response = client.post(
        reverse("care:line_create", kwargs={**slug, "plan_pk": plan.pk}),
        {
            "service_type": ServiceType.objects.get().pk,
            "weekdays": ["1", "3"],
            "window_start": "08:00",
            "window_end": "10:00",
            "duration": "45",
            "carers_needed": "2",
            "double_kind": "sequential",
            "min_gap": "10",
            "max_gap": "30",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    line = CarePlanLine.objects.get()
    assert (line.weekdays, line.carers_needed, line.double_kind) == ("13", 2, "sequential")
    response = client.post(
        reverse("care:plan_generate", kwargs={**slug, "pk": plan.pk}),
        {"start": "2025-06-02", "end": "2025-06-08"},
    )
    assert Visit.objects.count() == 4


def test_a_coordinator_adds_a_carer_from_the_staff_register(client, org, coordinator):
    person = PersonFactory.create(organization=org)
    EmploymentFactory.create(organization=org, person=person)
    PersonFactory.create(organization=org)  # nobody's worker or volunteer: not offered
    client.force_login(coordinator)
    url = reverse("care:carer_create", kwargs={"org_slug": org.slug})
    assert list(client.get(url).context["form"].fields["person"].queryset) == [person]
    response = client.post(
        url,
        {
            "person": person.pk,
            "kind": "retribuito",
            "working_days": ["1", "2", "3"],
            "shift_start": "07:00",
            "shift_end": "13:00",
            "max_minutes_day": "360",
            "max_minutes_week": "1800",
            "transport_mode": "bici",
            "active": "on",
            "start_latitude": "44.49",
            "start_longitude": "11.34",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Carer.objects.get().working_days == "123"


def test_a_coordinator_solves_and_applies_a_day(
    client, org, coordinator, django_capture_on_commit_callbacks
):
    catalogue.scheduling_settings_update(
        actor=None, organization=org, data={"time_limit_seconds": 1}
    )
    day = dt.date(2025, 6, 2)
    for _ in range(3):
        VisitFactory.create(line=LineFactory.create(organization=org), date=day)
    paid_carer(org)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("care:schedule", kwargs={"org_slug": org.slug}), {"date": "2025-06-02"}
        )
    run = ScheduleRun.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/schedule/{run.pk}/")
    review = client.get(response["Location"])
    assert review.context["run"].status == RunStatus.DONE
    assert len(review.context["timeline"]) == 1
    assert client.get(response["Location"], headers={"HX-Request": "true"})["HX-Refresh"] == "true"
    client.post(reverse("care:run_apply", kwargs={"org_slug": org.slug, "pk": run.pk}))
    assert set(Visit.objects.values_list("status", flat=True)) == {VisitStatus.SCHEDULED}


def test_manual_assignment_shows_warnings_and_refusals(client, org, coordinator):
    day = dt.date(2025, 6, 2)
    visit = VisitFactory.create(
        line=LineFactory.create(
            organization=org,
            service_type=ServiceTypeFactory.create(
                organization=org, required_qualification="oss", volunteer_allowed=False
            ),
        ),
        date=day,
    )
    unqualified = paid_carer(org)
    client.force_login(coordinator)
    url = reverse("care:visit_assign", kwargs={"org_slug": org.slug, "pk": visit.pk})
    response = client.post(url, {"carer": unqualified.pk, "start": "09:00"}, follow=True)
    assert "manca la qualifica" in response.content.decode()
    oss = paid_carer(org, qualifications=("oss",))
    response = client.post(url, {"carer": oss.pk, "start": "12:30"}, follow=True)
    assert "fascia oraria" in response.content.decode()
    visit.refresh_from_db()
    assert visit.carer == oss


# --- query budgets ----------------------------------------------------------------------------


def _day_with(org, n, day):
    carers_ = [paid_carer(org, qualifications=("oss",)) for _ in range(3)]
    for i in range(n):
        visit = VisitFactory.create(line=LineFactory.create(organization=org), date=day)
        visits.visit_assign(
            actor=None, visit=visit, carer=carers_[i % 3], planned_start=at(day, 8 + i % 10)
        )


@pytest.mark.parametrize("rows", [3, 15])
def test_list_pages_have_a_fixed_query_budget(
    client, org, coordinator, django_assert_max_num_queries, rows
):
    today = timezone.localdate()
    _day_with(org, rows, today)
    client.force_login(coordinator)
    slug = {"org_slug": org.slug}
    budgets = {"day": 22, "beneficiaries": 12, "carers": 12, "hours": 12, "overview": 14}
    for name, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            assert client.get(reverse(f"care:{name}", kwargs=slug)).status_code == 200


@pytest.mark.parametrize("rows", [2, 12])
def test_the_carer_day_has_a_fixed_query_budget(
    client, org, carer_user, carer, django_assert_max_num_queries, rows
):
    today = timezone.localdate()
    for i in range(rows):
        visit = VisitFactory.create(line=LineFactory.create(organization=org), date=today)
        visits.visit_assign(actor=None, visit=visit, carer=carer, planned_start=at(today, 7 + i))
    client.force_login(carer_user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("care:today", kwargs={"org_slug": org.slug}))
    assert len(page.context["visits"]) == rows


def test_plan_and_beneficiary_pages_have_a_fixed_query_budget(
    client, org, coordinator, django_assert_max_num_queries
):
    plan = PlanFactory.create(organization=org)
    for _ in range(8):
        LineFactory.create(organization=org, plan=plan)
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        client.get(reverse("care:plan", kwargs={"org_slug": org.slug, "pk": plan.pk}))
    with django_assert_max_num_queries(14):
        client.get(
            reverse("care:beneficiary", kwargs={"org_slug": org.slug, "pk": plan.beneficiary_id})
        )


def test_a_person_record_is_created_once_for_a_new_beneficiary(client, org, coordinator):
    client.force_login(coordinator)
    url = reverse("care:beneficiary_create", kwargs={"org_slug": org.slug})
    client.post(url, {"surname": "Verdi", "address": "Via Roma 1", "active": "on"})
    assert Person.objects.filter(surname="Verdi").count() == 1


def test_the_run_page_polls_while_the_solver_works(client, org, coordinator):
    run = schedule_run(org, date=timezone.localdate(), time_limit=5, state=JobState.RUNNING)
    Job.objects.filter(schedule_run=run).update(progress_done=40)
    client.force_login(coordinator)
    url = reverse("care:run", kwargs={"org_slug": org.slug, "pk": run.pk})
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'value="40"' in page
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()


def test_a_solve_whose_worker_died_is_failed_on_the_page_and_can_be_retried(
    client, org, coordinator, django_capture_on_commit_callbacks
):
    # given a solve started, whose worker was killed: its lease lapsed a minute ago
    catalogue.scheduling_settings_update(
        actor=None, organization=org, data={"time_limit_seconds": 1}
    )
    day = dt.date(2025, 6, 2)
    VisitFactory.create(line=LineFactory.create(organization=org), date=day)
    paid_carer(org)
    client.force_login(coordinator)
    response = client.post(
        reverse("care:schedule", kwargs={"org_slug": org.slug}), {"date": "2025-06-02"}
    )  # on_commit not run: the job stays queued, as if no worker took it yet
    run = ScheduleRun.objects.get()
    Job.objects.filter(schedule_run=run).update(
        state=JobState.RUNNING,
        attempts=1,
        lease_expires_at=timezone.now() - dt.timedelta(minutes=1),
    )
    # when the coordinator's page polls
    poll = client.get(response["Location"], headers={"HX-Request": "true"})
    # then the page stops polling and shows why the solve stopped, with «Riprova»
    assert poll["HX-Refresh"] == "true"
    page = client.get(response["Location"])
    assert page.context["run"].status == RunStatus.FAILED
    assert 'data-testid="retry-job"' in page.content.decode()
    assert "smesso di rispondere" in page.content.decode()
    # and «Riprova» solves the same run again, which is then ready to review
    retry = reverse("care:run_retry", kwargs={"org_slug": org.slug, "pk": run.pk})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(retry)["Location"] == response["Location"]
    run.refresh_from_db()
    assert (run.status, Job.objects.get(schedule_run=run).attempts) == (RunStatus.DONE, 2)
    assert len(client.get(response["Location"]).context["timeline"]) == 1


def test_a_running_solve_cannot_be_retried_and_outsiders_get_404(client, org, coordinator):
    run = schedule_run(org, date=timezone.localdate(), state=JobState.RUNNING)
    Job.objects.filter(schedule_run=run).update(
        attempts=1, lease_expires_at=timezone.now() + dt.timedelta(minutes=5)
    )
    client.force_login(coordinator)
    retry = reverse("care:run_retry", kwargs={"org_slug": org.slug, "pk": run.pk})
    page = client.post(retry, follow=True).content.decode()
    assert "ancora in corso" in page
    job = Job.objects.get(schedule_run=run)
    assert (job.state, job.attempts) == (JobState.RUNNING, 1)
    other = schedule_run(OrganizationFactory.create(), date=run.date, state=JobState.FAILED)
    outsider = reverse("care:run_retry", kwargs={"org_slug": org.slug, "pk": other.pk})
    assert client.post(outsider).status_code == 404
    assert client.get(reverse("care:run", args=[org.slug, other.pk])).status_code == 404


def test_a_coordinator_corrects_a_done_visit_and_sees_the_history(client, org, coordinator):
    day = timezone.localdate()
    visit = VisitFactory.create(line=LineFactory.create(organization=org), date=day)
    carer = paid_carer(org)
    visits.visit_assign(actor=None, visit=visit, carer=carer, planned_start=at(day, 9))
    visits.visit_check_in(actor=None, visit=visit, at=at(day, 9))
    visits.visit_check_out(actor=None, visit=visit, at=at(day, 10))
    client.force_login(coordinator)
    url = reverse("care:visit_correct", kwargs={"org_slug": org.slug, "pk": visit.pk})
    response = client.post(url, {"checked_out_at": "10:15", "reason": "Uscita dimenticata"})
    assert response.status_code == 302
    page = client.get(reverse("care:visit", kwargs={"org_slug": org.slug, "pk": visit.pk}))
    content = page.content.decode()
    assert "Uscita dimenticata" in content
    assert "1 h 15 min erogati" in content
    # and the edit forms are gone: a done visit is not edited
    assert f"/visits/{visit.pk}/edit/" not in content
    assert f"/visits/{visit.pk}/assign/" not in content


# --- one visit on a busy day ------------------------------------------------------------------


def test_every_visit_page_opens_on_a_day_with_several_busy_carers(client, org, coordinator):
    # given three carers with visits today, one of them with two overlapping visits
    today = timezone.localdate()
    carers_ = [paid_carer(org) for _ in range(3)]
    planned = []
    for i, carer in enumerate([*carers_, carers_[0]]):
        visit = VisitFactory.create(line=LineFactory.create(organization=org), date=today)
        visits.visit_assign(
            actor=None, visit=visit, carer=carer, planned_start=at(today, 9 + (i % 3))
        )
        planned.append(visit)
    client.force_login(coordinator)
    # when the coordinator opens each visit
    pages_ = [
        client.get(reverse("care:visit", kwargs={"org_slug": org.slug, "pk": v.pk}))
        for v in planned
    ]
    # then every page answers, and the overlapping pair shows its conflict
    assert [p.status_code for p in pages_] == [200] * 4
    assert [bool(p.context["conflicts"]) for p in pages_] == [True, False, False, True]
    assert "si sovrappone" in pages_[0].content.decode()


# --- numbers for the browser ------------------------------------------------------------------

NUMERIC_ATTRIBUTES = {"x", "y", "x1", "x2", "y1", "y2", "width", "height", "rx", "value", "max"}


class _Numbers(HTMLParser):
    """Every numeric attribute of SVG shapes and progress bars, and every ``data-*`` value that
    looks like a number, as written."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            numeric = name in NUMERIC_ATTRIBUTES and tag in {"rect", "line", "text", "progress"}
            if value is not None and (numeric or name == "viewbox"):
                self.found.extend((tag, name, part) for part in value.split())
            elif value and name.startswith("data-") and value[0].isdigit():
                self.found.append((tag, name, value))


def numeric_attributes(html: str) -> list[tuple[str, str, str]]:
    parser = _Numbers()
    parser.feed(html)
    return parser.found


def test_the_route_timeline_is_drawn_in_italian(client, org, coordinator):
    # given a solved run whose visits start at odd minutes (fractional coordinates)
    carer = paid_carer(org)
    visit = VisitFactory.create(line=LineFactory.create(organization=org), date=dt.date(2025, 6, 2))
    run = schedule_run(
        org,
        date=visit.date,
        result={
            "routes": {str(carer.pk): [[str(visit.pk), 547, 593]]},
            "unassigned": {},
            "carers_left_out": {},
            "snapshot": {str(visit.pk): ["planned", None, None]},
        },
    )
    client.force_login(coordinator)
    # when the review is shown in Italian
    page = client.get(
        reverse("care:run", kwargs={"org_slug": org.slug, "pk": run.pk}),
        headers={"Accept-Language": "it"},
    )
    # then every coordinate is a plain number that the browser can parse
    found = numeric_attributes(page.content.decode())
    assert any(tag == "rect" and "." in value for tag, _name, value in found)
    assert [(t, n, v) for t, n, v in found if not _is_number(v)] == []


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# --- visits waiting for review ----------------------------------------------------------------


def test_a_coordinator_reviews_a_flagged_visit(client, org, coordinator):
    # given a visit checked in two hours late (the default tolerance is one hour)
    day = dt.date(2025, 6, 2)
    visit = VisitFactory.create(line=LineFactory.create(organization=org), date=day)
    visits.visit_assign(actor=None, visit=visit, carer=paid_carer(org), planned_start=at(day, 9))
    visits.visit_check_in(actor=None, visit=visit, at=at(day, 11))
    visits.visit_check_out(actor=None, visit=visit, at=at(day, 12))
    client.force_login(coordinator)
    slug = {"org_slug": org.slug}
    # then the review list, the day board and the hours page point at it
    listing = client.get(reverse("care:review", kwargs=slug)).content.decode()
    assert reverse("care:visit", kwargs={**slug, "pk": visit.pk}) in listing
    assert "arrivo lontano dall&#x27;orario previsto" in listing
    board = client.get(reverse("care:day", kwargs=slug), {"date": "2025-06-02"})
    assert "da verificare" in board.content.decode()
    hours = client.get(
        reverse("care:hours", kwargs=slug),
        {"start": "2025-06-01", "end": "2025-06-30", "by": "carer"},
    )
    assert hours.context["to_review"] == 1
    # when the coordinator accepts it from the visit page
    page = client.get(reverse("care:visit", kwargs={**slug, "pk": visit.pk}))
    assert 'data-testid="review-form"' in page.content.decode()
    response = client.post(
        reverse("care:visit_review", kwargs={**slug, "pk": visit.pk}),
        {"note": "Traffico sulla tangenziale"},
        follow=True,
    )
    # then it counts, and the list is empty
    assert "Visita confermata" in response.content.decode()
    visit.refresh_from_db()
    assert (visit.needs_review, visit.reviewed_by) == (False, coordinator)
    assert (
        client.get(
            reverse("care:hours", kwargs=slug),
            {"start": "2025-06-01", "end": "2025-06-30", "by": "carer"},
        ).context["to_review"]
        == 0
    )


def test_the_carer_is_told_a_late_check_in_will_be_reviewed(client, org, carer_user, carer):
    today = timezone.localdate()
    visit = VisitFactory.create(line=LineFactory.create(organization=org), date=today)
    planned = timezone.now() - dt.timedelta(hours=3)
    if timezone.localtime(planned).date() != today:
        planned = timezone.now() + dt.timedelta(hours=3)
    visits.visit_assign(actor=None, visit=visit, carer=carer, planned_start=planned)
    client.force_login(carer_user)
    response = client.post(
        reverse("care:own_check_in", kwargs={"org_slug": org.slug, "pk": visit.pk}),
        follow=True,
    )
    assert "il coordinatore la verificherà" in response.content.decode()


# --- printing ---------------------------------------------------------------------------------


def test_a_carers_route_sheet_lists_their_day_for_printing(client, org, other_org, coordinator):
    # given a carer with two visits today, given out of order, and a colleague's visit
    today = timezone.localdate()
    carer, colleague = paid_carer(org), paid_carer(org)
    late, early, theirs = (
        VisitFactory.create(line=LineFactory.create(organization=org), date=today) for _ in range(3)
    )
    for visit, who, hour in ((late, carer, 11), (early, carer, 9), (theirs, colleague, 10)):
        visits.visit_assign(actor=None, visit=visit, carer=who, planned_start=at(today, hour))
    client.force_login(coordinator)
    url = reverse("care:route_sheet", kwargs={"org_slug": org.slug, "pk": carer.pk})
    # when the coordinator opens the carer's route sheet
    page = client.get(url, {"date": today.isoformat()})
    # then it lists the carer's visits in order, with the address, ready for A4
    assert [v.pk for v in page.context["visits"]] == [early.pk, late.pk]
    html = page.content.decode()
    assert early.beneficiary.address in html
    assert "coopnet/care-print.css" in html
    # and the day board links to it
    board = client.get(reverse("care:day", kwargs={"org_slug": org.slug}))
    assert url in board.content.decode()
    # and another organization's carer is not found
    stranger = paid_carer(other_org)
    other = reverse("care:route_sheet", kwargs={"org_slug": org.slug, "pk": stranger.pk})
    assert client.get(other).status_code == 404


def test_the_day_board_and_a_care_plan_print_without_navigation(client, org, coordinator):
    plan = PlanFactory.create(organization=org)
    client.force_login(coordinator)
    for url in (
        reverse("care:day", kwargs={"org_slug": org.slug}),
        reverse("care:plan", kwargs={"org_slug": org.slug, "pk": plan.pk}),
    ):
        assert "coopnet/care-print.css" in client.get(url).content.decode()
