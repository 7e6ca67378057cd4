"""The social report's indicators computed from the apps' data, checked by hand (fixtures.py)."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from coopnet.community import services as community
from coopnet.core.models import AuditEntry, Comune, OrganizationKind
from coopnet.core.tests.factories import new_org
from coopnet.governance import services as governance
from coopnet.governance.models import BodyKind, OfficeRole
from coopnet.governance.tests import factories as gov
from coopnet.members.tests.factories import PersonFactory
from coopnet.reporting import services
from coopnet.reporting.models import IndicatorValue, Origin

from .fixtures import YEAR, workers, year_2025

pytestmark = pytest.mark.django_db


@pytest.fixture
def coop():
    return new_org(kind=OrganizationKind.SOCIAL_COOP_B)


def _values(org, year=YEAR):
    rows = IndicatorValue.objects.filter(organization=org, year=year)
    return {(r.key, r.breakdown): r.value for r in rows}


def _cells(values, key):
    return {cell: n for (k, cell), n in values.items() if k == key}


def test_every_indicator_on_the_fixture_data(coop):
    # given a year of data in every app
    year_2025(coop)
    # when
    services.indicators_compute(actor=None, organization=coop, year=YEAR)
    # then each figure is what fixtures.py counts by hand
    v = _values(coop)
    assert v[("members_total", "")] == 5
    assert _cells(v, "members_by_category") == {
        "lavoratore": 3,
        "fruitore": 1,
        "persona_giuridica": 1,
    }
    assert _cells(v, "members_by_sex") == {
        "F": 2,
        "M": 1,
        "nd": 1,
        "giuridica": 1,
    }
    assert (v[("members_admitted", "")], v[("members_exited", "")]) == (1, 1)
    assert (v[("capital_subscribed", "")], v[("capital_paid", "")]) == (125, 65)
    assert v[("workers_total", "")] == 3
    assert _cells(v, "workers_by_age") == {
        "<30": 1,
        "30-49": 1,
        "50+": 1,
    }
    assert _cells(v, "workers_by_sex") == {"F": 2, "M": 1}
    assert _cells(v, "workers_by_contract") == {
        "dipendente_indeterminato": 1,
        "dipendente_determinato": 1,
        "socio_lavoratore": 1,
    }
    assert _cells(v, "workers_by_ccnl") == {
        "Cooperative sociali": 2,
        "nd": 1,
    }
    assert (v[("workers_average", "")], v[("disadvantaged_average", "")]) == (
        Decimal("2.50"),
        Decimal("1.00"),
    )
    assert v[("disadvantaged_share", "")] == 40
    assert v[("disadvantaged_share_inps", "")] == Decimal("66.6667")
    assert (v[("pay_highest", "")], v[("pay_lowest", "")], v[("pay_ratio", "")]) == (
        30000,
        20000,
        Decimal("1.5"),
    )
    assert v[("volunteers_total", "")] == 2
    assert v[("volunteer_hours", "")] == Decimal("3.5")
    assert v[("volunteer_reimbursements", "")] == Decimal("35.50")
    assert v[("volunteer_self_certified", "")] == Decimal("15.50")
    assert v[("volunteers_reimbursed", "")] == 2
    assert v[("beneficiaries_total", "")] == 2
    assert v[("beneficiaries_by_service", "Assistenza")] == 2
    assert v[("care_visits_by_service", "Assistenza")] == 3
    assert v[("care_hours_by_service", "Assistenza")] == Decimal("2.25")
    assert v[("care_hours_by_service", "Pasti")] == Decimal("1.5")
    assert v[("care_hours_total", "")] == Decimal("3.75")
    assert (v[("revenue_public", "")], v[("revenue_private", "")]) == (900, 500)
    assert v[("revenue_invoiced", "")] == 1400
    assert v[("revenue_public_share", "")] == Decimal("64.2857")
    assert v[("assemblies_held", "")] == 0
    assert ("assembly_attendance", "") not in v  # no meeting: 0 / 0 has no value


def test_each_value_keeps_its_provenance(coop):
    year_2025(coop)

    services.indicators_compute(actor=None, organization=coop, year=YEAR)

    rows = IndicatorValue.objects.filter(organization=coop, year=YEAR)
    members = rows.get(key="members_total")
    assert members.origin == Origin.COMPUTED
    assert members.selector == "coopnet.members.selectors.member_breakdown"
    assert members.parameters == {"on": "2025-12-31"}
    assert members.computed_at is not None
    hours = rows.get(key="volunteer_hours")
    assert hours.selector == "coopnet.workforce.selectors.figures.volunteer_figures"
    assert hours.parameters == {"start": "2025-01-01", "end": "2025-12-31"}
    ratio = rows.get(key="pay_ratio")
    assert ratio.origin == Origin.DERIVED
    assert ratio.selector == "pay_highest / pay_lowest"
    assert {k: Decimal(v) for k, v in ratio.parameters.items()} == {
        "pay_highest": 30000,
        "pay_lowest": 20000,
    }
    entry = AuditEntry.objects.get(action="reporting.indicators.compute")
    assert entry.organization == coop
    assert entry.after == {"year": YEAR, "values": rows.count()}


def test_computing_again_replaces_the_year_and_keeps_hand_entries(coop, admin_user):
    workers(coop)
    services.indicators_compute(actor=None, organization=coop, year=YEAR)
    services.indicator_enter(
        actor=admin_user,
        organization=coop,
        key="pay_lowest",
        year=YEAR,
        value=Decimal("15000"),
        source="Libro unico del lavoro 2025",
    )

    services.indicators_compute(actor=None, organization=coop, year=YEAR)

    v = _values(coop)
    assert v[("pay_lowest", "")] == 15000  # the hand entry wins
    assert v[("pay_ratio", "")] == 2
    assert IndicatorValue.objects.filter(organization=coop, key="workers_total").count() == 1


def test_the_pay_ratio_from_hand_entries_when_no_pay_is_stored(coop, admin_user):
    for key, value in (("pay_highest", "42000"), ("pay_lowest", "21000")):
        services.indicator_enter(
            actor=admin_user,
            organization=coop,
            key=key,
            year=YEAR,
            value=Decimal(value),
            source="Cedolini 2025",
        )

    services.indicators_compute(actor=None, organization=coop, year=YEAR)

    row = IndicatorValue.objects.get(organization=coop, year=YEAR, key="pay_ratio")
    assert row.value == 2
    assert {k: Decimal(v) for k, v in row.parameters.items()} == {
        "pay_highest": 42000,
        "pay_lowest": 21000,
    }


@pytest.mark.parametrize(
    ("key", "value", "source", "field"),
    [
        ("indirect_beneficiaries", "-3", "Stima del coordinamento", "value"),
        ("indirect_beneficiaries", "2.5", "Stima del coordinamento", "value"),
        ("users_satisfied_share", "100.5", "Indagine 2025", "value"),
        ("production_value", "-1", "Bilancio 2025", "value"),
        ("production_value", "1000", "   ", "source"),
        ("workers_total", "3", "A mano", "value"),  # computed: never entered by hand
        ("no_such_indicator", "3", "A mano", "value"),
    ],
)
def test_bad_hand_entries_are_refused_with_the_reason(coop, admin_user, key, value, source, field):
    with pytest.raises(ValidationError) as refused:
        services.indicator_enter(
            actor=admin_user,
            organization=coop,
            key=key,
            year=YEAR,
            value=Decimal(value),
            source=source,
        )
    assert field in refused.value.message_dict
    assert not IndicatorValue.objects.exists()


def test_a_hand_entry_is_stored_with_its_source_and_audited(coop, admin_user):
    row = services.indicator_enter(
        actor=admin_user,
        organization=coop,
        key="net_result",
        year=YEAR,
        value=Decimal("-5000"),  # a loss: this amount may be negative
        source="Bilancio 2025 approvato il 28/4/2026",
    )
    assert (row.origin, row.value, row.entered_by) == (Origin.MANUAL, -5000, admin_user)
    entry = AuditEntry.objects.get(action="reporting.indicator.enter")
    assert entry.after == {
        "value": "-5000",
        "source": "Bilancio 2025 approvato il 28/4/2026",
        "origin": "manuale",
    }


def test_meetings_and_bodies_of_the_year(org, admin_user):
    # given an assembly with 3 of 5 members present and one motion approved, and the bodies
    people = gov.members(org, 5)
    meeting = gov.in_session(org)
    gov.present(meeting, *people[:3])
    ballot = governance.ballot_open(actor=None, item=gov.first_item(meeting), secret=False)
    gov.close_by_hands(ballot)
    governance.meeting_close(actor=None, meeting=meeting)
    assert meeting.held_on is not None
    year = meeting.held_on.year
    board = governance.body_create(
        actor=admin_user, organization=org, data={"kind": BodyKind.BOARD, "name": "CdA", "note": ""}
    )
    control = governance.body_create(
        actor=admin_user,
        organization=org,
        data={"kind": BodyKind.CONTROL, "name": "Sindaco", "note": ""},
    )
    for body, person, by in (
        (board, people[0].person, "assemblea"),
        (board, people[1].person, "lavoratori"),
        (control, PersonFactory(organization=org, sex="F"), "assemblea"),
    ):
        governance.office_appoint(
            actor=admin_user,
            body=body,
            data={
                "person": person,
                "role": OfficeRole.MEMBER,
                "appointed_by": by,
                "first_appointed_on": dt.date(year - 1, 1, 1),
                "start_date": dt.date(year - 1, 1, 1),
            },
        )
    # when
    services.indicators_compute(actor=None, organization=org, year=year)
    # then
    v = _values(org, year)
    assert (v[("assemblies_held", "")], v[("assembly_on_roll", "")]) == (1, 5)
    assert (v[("assembly_present", "")], v[("assembly_decisions", "")]) == (3, 1)
    assert v[("assembly_attendance", "")] == 60
    assert v[("board_meetings", "")] == 0
    assert (v[("board_members", "")], v[("control_body_members", "")]) == (2, 1)
    assert v[("board_members_by_sex", "nd")] == 2
    assert v[("offices_by_workers_users", "")] == 1


def test_the_command_computes_a_year(coop):
    workers(coop)
    out = StringIO()

    call_command("compute_indicators", org=coop.slug, year=YEAR, stdout=out)

    assert f"{YEAR}:" in out.getvalue()
    assert IndicatorValue.objects.get(organization=coop, key="workers_total").value == 3
    with pytest.raises(CommandError, match="No organization"):
        call_command("compute_indicators", org="nessuna", year=YEAR)
    with pytest.raises(CommandError, match="Anno"):
        call_command("compute_indicators", org=coop.slug, year=1800)
    with pytest.raises(CommandError, match="non è ancora iniziato"):
        call_command("compute_indicators", org=coop.slug, year=timezone.localdate().year + 1)


def test_activity_reports_on_the_commons_count_in_their_year(coop, other_org):
    """Issue 14 item 3: the reports' hours and participants reach the social report; another
    cooperative's report does not."""
    today = timezone.localdate()
    for owner, hours in ((coop, ("120.5", "30")), (coop, ("10", "0")), (other_org, ("99", "9"))):
        _activity_report(owner, today, Decimal(hours[0]), Decimal(hours[1]))

    services.indicators_compute(actor=None, organization=coop, year=today.year)

    v = _values(coop, today.year)
    assert v[("commons_reports", "")] == 2
    assert v[("commons_volunteer_hours", "")] == Decimal("130.5")
    assert v[("commons_worker_hours", "")] == 30
    assert v[("commons_participants", "")] == 14 * 2
    row = IndicatorValue.objects.get(organization=coop, key="commons_reports")
    assert row.selector == "coopnet.community.selectors.agreements.activity_totals"


def _activity_report(org, today, volunteer_hours, worker_hours):
    body = new_org(kind=OrganizationKind.PUBLIC_BODY)
    asset = community.asset_create(
        actor=None,
        organization=org,
        data={
            "name": "Ex scuola",
            "kind": "scuola",
            "state": "abbandonato",
            "owner_body": body,
            "owner_name": "",
            "comune": Comune.objects.get(name="Pievepelago"),
            "address": "",
            "latitude": None,
            "longitude": None,
            "description": "",
        },
    )
    pact = community.agreement_create(
        actor=None,
        asset=asset,
        data={
            "kind": "patto_semplice",
            "title": "Cura della scuola",
            "start_date": today - dt.timedelta(days=30),
            "end_date": today + dt.timedelta(days=300),
            "activities": "Pulizia",
        },
    )
    community.report_create(
        actor=None,
        agreement=pact,
        duty=None,
        data={
            "period_start": today - dt.timedelta(days=30),
            "period_end": today,
            "activities": "Pulizia delle aule",
            "volunteer_hours": volunteer_hours,
            "worker_hours": worker_hours,
            "participants": 14,
            "results": "Aule aperte il sabato.",
        },
    )
