"""``manage.py seed_demo``: the demo network plus the operational data of its cooperative.

Seeding takes a few seconds (two solver runs), so the module seeds once, inside a transaction
rolled back at the end, and every test reads that data within its own savepoint.
"""

import datetime as dt
import inspect
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from coopnet.care.models import (
    Beneficiary,
    CarePlan,
    CarePlanLine,
    Carer,
    CarerKind,
    ScheduleRun,
    TransportMode,
    Visit,
    VisitStatus,
)
from coopnet.community import selectors as community
from coopnet.community.models import (
    Account,
    AccountKind,
    Asset,
    AssetState,
    Offer,
    OfferKind,
    Signup,
    Transfer,
    TransferKind,
)
from coopnet.compliance import engine as compliance
from coopnet.compliance.findings import Status
from coopnet.contracts.models import Bid, Contract, Invoice, InvoiceState, Outcome
from coopnet.core.models import Organization, OrganizationKind
from coopnet.core.tests.pdf import ink, page_png, pdf_text
from coopnet.demo import operations
from coopnet.demo import practices as demo_practices
from coopnet.governance.models import ItemKind, Meeting, MeetingStatus
from coopnet.members.models import MemberCategory, Membership, MembershipStatus, Person
from coopnet.practices.models import (
    ACCEPTED,
    Assignment,
    Call,
    Decision,
    Practice,
    PracticeRevision,
    ReplicationRequest,
    RevisionState,
    Story,
    SubmissionState,
)
from coopnet.reporting.document import report_document
from coopnet.reporting.models import SocialReport
from coopnet.reporting.pdf import report_pdf
from coopnet.workforce import certificates
from coopnet.workforce.models import (
    DisadvantagedStatus,
    Employment,
    Qualification,
    Volunteer,
    VolunteerInsurance,
)

# Every test is a database test, so pytest-django runs them all before the transactional tests
# (which empty the database, comuni included).
pytestmark = pytest.mark.django_db
QUERCIA = "la-quercia"


def run(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def model_counts():
    """Row count of every model of ours, for "nothing changed" checks."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("coopnet.")
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The output of ``seed_demo --if-empty`` on an empty database (solver: one second a day),
    its certificates in a temporary media directory."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(MEDIA_ROOT=media),
        pytest.MonkeyPatch.context() as mp,
    ):
        mp.setattr(operations, "SOLVER_SECONDS", 1)
        assert not Organization.objects.exists()
        yield run("--scale=small", "--if-empty")
        transaction.set_rollback(True)


@pytest.fixture
def quercia(seeded, db):
    return Organization.objects.get(slug=QUERCIA)


def test_the_output_counts_the_network_and_the_operational_data(seeded):
    assert "Rete demo «small»: create 32 organizzazioni" in seeded
    assert "12 utenti dei servizi, 12 piani assistenziali" in seeded
    assert "2 assemblee, 2 gare, 3 fatture, 5 beni comuni e 7 scambi" in seeded


def test_the_libro_soci_has_members_of_every_kind(quercia):
    memberships = Membership.objects.filter(organization=quercia)
    active = memberships.filter(status=MembershipStatus.ACTIVE)
    assert active.count() >= 20
    assert {MemberCategory.LAVORATORE, MemberCategory.VOLONTARIO, MemberCategory.FRUITORE} <= set(
        active.values_list("category", flat=True)
    )
    assert memberships.filter(status=MembershipStatus.APPLIED).count() == 1
    assert memberships.filter(status=MembershipStatus.WITHDRAWN).count() == 1
    assert all(m.share_account.paid > 0 for m in active.select_related("share_account"))
    # the demo logins of the cooperative are people of its register
    linked = Person.objects.filter(organization=quercia, user__email__endswith="@coopnet.example")
    assert linked.count() == 5


def test_the_staff_has_qualified_workers_and_insured_volunteers(quercia):
    assert Employment.objects.filter(organization=quercia, end_date__isnull=True).count() >= 12
    kinds = set(Qualification.objects.filter(organization=quercia).values_list("kind", flat=True))
    assert {"oss", "infermiere", "educatore"} <= kinds
    volunteers = Volunteer.objects.filter(organization=quercia)
    assert volunteers.count() >= 3
    insured = VolunteerInsurance.objects.filter(volunteer__in=volunteers)
    assert insured.count() == volunteers.count()
    assert all(v.hours.exists() and v.reimbursements.exists() for v in volunteers)


def test_the_b_branch_integrates_disadvantaged_workers_so_r381_4b_is_met(quercia):
    # given the mixed A+B demo cooperative, whose branch B (green maintenance) is for work
    # integration
    findings = {f.rule: f for f in compliance.run(quercia, timezone.localdate())}
    # then its disadvantaged workers are certified members, and the 30% is met, not red
    assert DisadvantagedStatus.objects.filter(organization=quercia).count() == 2
    assert findings["R-381-4b"].status == Status.OK
    assert findings["R-381-4c"].status == Status.OK
    assert findings["R-381-4d"].status == Status.OK
    share, minimum = findings["R-381-4b"].value, findings["R-381-4b"].threshold
    assert share is not None
    assert minimum is not None
    assert share >= minimum


def test_each_disadvantaged_worker_has_an_encrypted_pdf_certificate(quercia):
    # given the demo's certified disadvantaged workers (R-381-4d asks for the document)
    statuses = DisadvantagedStatus.objects.filter(organization=quercia)
    assert statuses.count() == 2
    for status in statuses:
        # then each has its certificate, stored encrypted, that decrypts to a PDF
        with status.document.open("rb") as stored:
            assert not stored.read().startswith(b"%PDF")
        pdf = certificates.decrypt(status.document)
        assert certificates.kind_of(pdf) == ("application/pdf", "pdf")
        assert pdf.rstrip().endswith(b"%%EOF")


def test_home_care_is_planned_and_today_is_scheduled(quercia):
    today = timezone.localdate()
    assert Beneficiary.objects.filter(organization=quercia, latitude__isnull=False).count() == 12
    assert CarePlan.objects.filter(organization=quercia).count() == 12
    assert CarePlanLine.objects.filter(organization=quercia, carers_needed=2).exists()
    assert CarePlanLine.objects.filter(organization=quercia, optional=True).exists()
    carers = Carer.objects.filter(organization=quercia)
    assert carers.filter(lunch_earliest__isnull=False).exists()
    # the day's run placed the lunch breaks owed and kept every component
    run = ScheduleRun.objects.filter(organization=quercia, date=today).get()
    assert run.result is not None
    assert run.result["lunches"]
    assert "overtime_by_carer" in (run.totals_after or {})
    assert set(carers.values_list("kind", flat=True)) == set(CarerKind)
    assert {TransportMode.CAR, TransportMode.BIKE, TransportMode.WALK} <= set(
        carers.values_list("transport_mode", flat=True)
    )
    visits = Visit.objects.filter(organization=quercia)
    assert visits.filter(date=today, status=VisitStatus.SCHEDULED, carer__isnull=False).exists()
    assert visits.filter(date__gt=today, status=VisitStatus.PLANNED).exists()
    done = visits.filter(status=VisitStatus.DONE)
    assert done.exists()
    assert all(v.delivered_minutes and v.date < today for v in done)


def test_a_volunteer_never_holds_a_visit_reserved_to_staff(quercia):
    held = Visit.objects.filter(organization=quercia, carer__kind=CarerKind.VOLUNTEER)
    assert not held.filter(service_type__volunteer_allowed=False).exists()


def test_there_is_a_closed_assembly_and_a_convened_one(quercia):
    meetings = Meeting.objects.filter(organization=quercia).order_by("first_call_at")
    assert list(meetings.values_list("status", flat=True)) == [
        MeetingStatus.CLOSED,
        MeetingStatus.CONVENED,
    ]
    upcoming = meetings.get(status=MeetingStatus.CONVENED)
    assert upcoming.first_call_at > timezone.now()
    assert upcoming.items.count() == 3
    assert upcoming.participants.filter(on_roll=True).count() >= 20


def test_the_office_has_a_won_contract_its_invoices_and_an_open_bid(quercia):
    contract = Contract.objects.get(organization=quercia)
    invoices = Invoice.objects.filter(organization=quercia, contract=contract)
    issued = list(invoices.filter(state=InvoiceState.ISSUED).order_by("issue_date"))
    assert [i.split_payment for i in issued] == [True, False]
    assert issued[-1].stamp_duty == Decimal("2.00")
    assert all(i.file_name.startswith(f"IT{quercia.partita_iva}_") for i in issued)
    assert invoices.filter(state=InvoiceState.DRAFT).count() == 1
    assert Bid.objects.filter(organization=quercia, outcome=Outcome.PENDING).count() == 1


@pytest.fixture
def borgo(seeded, db):
    return Organization.objects.get(kind=OrganizationKind.COMMUNITY_COOP)


def test_the_community_cooperative_has_commons_in_every_state_on_its_map(borgo, client):
    assets = Asset.objects.for_org(borgo)
    assert set(assets.values_list("state", flat=True)) == set(AssetState)
    assert assets.filter(latitude__isnull=True).count() == 1
    station = assets.get(name="Ex stazione di Grizzana")
    assert [e.state for e in community.public_history(station)] == [
        AssetState.REGENERATING,
        AssetState.ABANDONED,
    ]
    assert Signup.objects.for_org(borgo).count() == 2
    # the public map shows the four with coordinates
    data = client.get(f"/beni-comuni/{borgo.slug}/mappa.geojson").json()
    assert len(data["features"]) == 4


def test_the_time_bank_has_accounts_a_board_and_exchanges_of_every_shape(borgo):
    accounts = Account.objects.for_org(borgo)
    kinds = list(accounts.values_list("kind", flat=True))
    assert (kinds.count(AccountKind.MEMBER), kinds.count(AccountKind.RESIDENT)) == (5, 3)
    offers = Offer.objects.for_org(borgo)
    assert {OfferKind.OFFER, OfferKind.REQUEST} == set(offers.values_list("kind", flat=True))
    transfers = Transfer.objects.for_org(borgo)
    assert transfers.filter(offer__isnull=False).count() == 3
    assert transfers.filter(kind=TransferKind.REVERSAL).count() == 1
    # a lesson to a group and a group activity for one person: four postings each
    grouped = [t for t in transfers if t.postings.count() == 4]
    assert len(grouped) >= 2
    check = community.ledger_check(borgo)
    assert (check.mismatched, check.unbalanced) == ([], [])


def test_the_catalogue_shows_the_released_practices_on_the_map_and_nothing_else(seeded, client):
    past = Call.objects.get(title=demo_practices.TITLE)
    assert past.release_on is not None
    assert past.release_on < timezone.localdate()
    practices = Practice.objects.filter(call=past)
    accepted = past.submissions.filter(decision__in=ACCEPTED)
    assert practices.count() == accepted.count() == 6
    assert past.submissions.filter(decision=Decision.REJECTED).count() == 1
    assert past.submissions.filter(decision=Decision.ACCEPTED_WITH_CHANGES).count() == 1
    assert (
        Assignment.objects.filter(submission__call=past, completed_at__isnull=False).count() == 14
    )
    # spread over several regions, each at a comune with coordinates
    assert practices.values("comune__province__region").distinct().count() >= 5
    assert not practices.filter(comune__latitude__isnull=True).exists()
    rows = client.get("/practices/?format=json").json()
    assert sorted(r["title"] for r in rows) == sorted(practices.values_list("title", flat=True))
    features = client.get("/practices/mappa.geojson").json()["features"]
    assert len(features) == 6
    assert all(f["geometry"]["coordinates"] for f in features)
    # nothing unreleased is public: the rejected one, the open call's draft, the revision waiting
    page = client.get("/practices/").content.decode()
    assert "Una newsletter per le famiglie" not in page
    assert "La casa condivisa per giovani e anziani" not in page
    open_call = Call.objects.get(title=demo_practices.OPEN_TITLE)
    assert open_call.is_open()
    assert open_call.release_on is None
    assert open_call.submissions.get().state == SubmissionState.DRAFT
    waiting = PracticeRevision.objects.get(state=RevisionState.PROPOSED)
    assert "38.000 euro" in waiting.results
    assert "38.000 euro" not in client.get(f"/practices/{waiting.practice_id}/").content.decode()
    assert ReplicationRequest.objects.filter(practice__call=past).count() == 1
    assert Story.objects.get().practice in practices


def test_the_past_call_was_run_on_its_own_days_without_moving_the_clock(seeded):
    """Each step of the past call carries the moment it happened, passed to the services
    (``now=``): no mock of Django's clock."""
    past = Call.objects.get(title=demo_practices.TITLE)
    opens = past.opens_on
    closes = opens + dt.timedelta(days=60)
    assert timezone.localtime(past.closes_at).date() == closes
    sent = [
        timezone.localtime(s.submitted_at)
        for s in past.submissions.exclude(submitted_at=None).order_by("pk")
    ]
    assert [m.date() for m in sent] == [
        opens + dt.timedelta(days=10 + 5 * n) for n in range(len(demo_practices.PRACTICES))
    ]
    assert {m.hour for m in sent} == {10}
    reviewed = Assignment.objects.filter(submission__call=past)
    assert {timezone.localtime(a.declared_at).date() for a in reviewed} == {
        closes + dt.timedelta(days=10)
    }
    assert {timezone.localtime(a.completed_at).date() for a in reviewed} == {
        closes + dt.timedelta(days=10)
    }
    assert past.release_on == closes + dt.timedelta(days=40)
    assert "unittest" not in inspect.getsource(demo_practices)


def test_the_cooperative_has_its_last_social_report_approved_and_its_pdf(quercia):
    # given the report the demo's past assembly approved
    report = SocialReport.objects.get(organization=quercia)
    assert report.approved
    assert report.year == (timezone.localdate() - dt.timedelta(days=60)).year - 1
    item = report.approval_item
    assert item is not None
    assert item.kind == ItemKind.SOCIAL_REPORT
    assert str(report.attestation.name).endswith(".pdf")
    assert len(report.content_sha256) == 64
    states = report_document(report).states
    assert [s.section.number for s in states] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert all(s.complete and s.section.text for s in states)
    # its governing bodies are counted: five directors (one appointed by the workers), three
    # auditors, all in office at the year's end
    frozen = {
        (k, cell): Decimal(v) for s in report.frozen["sections"] for k, cell, v in s["values"]
    }
    assert frozen[("board_members", "")] == 5
    assert sum(v for (k, _cell), v in frozen.items() if k == "board_members_by_sex") == 5
    assert frozen[("control_body_members", "")] == 3
    assert frozen[("offices_by_workers_users", "")] == 1
    # then its PDF/A renders from the frozen content: cover, contents, the eight sections
    pdf = report_pdf(report)
    pages = pdf_text(pdf).split("\f")[:-1]
    assert len(pages) >= 10
    assert all(ink(page_png(pdf, n)) > 500 for n in (1, 2, len(pages)))
    for state in states:
        assert f"{state.section.number}. {state.title}" in pages[1]
    assert "1.284.500,00 €" in pdf_text(pdf)  # the value of production entered by hand


def test_seeding_again_creates_nothing(seeded, db):
    before = model_counts()
    out = run("--scale=small")
    assert model_counts() == before
    assert "create 0 organizzazioni" in out
    assert "0 persone, 0 soci" in out


def test_if_empty_does_nothing_when_organizations_exist(seeded, db):
    before = model_counts()
    out = run("--if-empty")
    assert model_counts() == before
    assert "Ci sono già organizzazioni" in out


def test_the_community_cooperative_runs_an_energy_community_with_a_settled_month(seeded, db):
    from coopnet.energy.models import (
        Configuration,
        EnergyMember,
        MemberKind,
        Plant,
        Reading,
        Settlement,
        ZonalPrice,
    )

    borgo = Organization.objects.get(kind="community_coop")
    assert Configuration.objects.for_org(borgo).count() == 2
    members = EnergyMember.objects.for_org(borgo)
    assert members.filter(vulnerable=True, kind=MemberKind.NATURAL_PERSON).count() == 1
    assert {MemberKind.SME, MemberKind.LOCAL_AUTHORITY, MemberKind.RELIGIOUS} <= set(
        members.values_list("kind", flat=True)
    )
    assert Plant.objects.for_org(borgo).count() == 3
    from coopnet.energy import selectors

    rights = {m.name: r for m, r in selectors.member_controls(borgo, timezone.localdate())}
    assert [name for name, r in rights.items() if not r.holds] == ["Carlo Zanetti"]  # Bologna
    hours = ZonalPrice.objects.for_org(borgo).count()
    assert 1400 <= hours <= 1500  # two months of hours
    assert Reading.objects.for_org(borgo).count() == 14 * hours  # 11 points, 3 plants
    settlement = Settlement.objects.for_org(borgo).get()
    assert settlement.final
    assert Decimal(settlement.result["premium_eur"]) > 0
    assert settlement.last_day.month != timezone.localdate().month
