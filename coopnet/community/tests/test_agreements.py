"""Agreements on the commons: kinds and periods, parties, renewals that never edit history,
insured volunteers, reporting duties and their reminders, activity reports inside the pact."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from coopnet.community import selectors, services
from coopnet.community.models import ActivityReport, Agreement, AgreementParty
from coopnet.workforce.tests.factories import InsuranceFactory, VolunteerFactory

from .conftest import asset_of, days, pact_of, report_data


@pytest.fixture
def pact(org, comune, municipality):
    return pact_of(asset_of(org, comune, municipality))


def test_a_pact_is_written_in_the_assets_history(pact):
    history = [(e.date, e.note) for e in selectors.asset_history(pact.asset)]
    assert history[-1][0] == pact.start_date
    assert history[-1][1].startswith("Patto di collaborazione semplice «Cura della stazione» dal ")


def test_a_free_assignment_needs_a_confiscated_asset(org, comune, municipality):
    asset = asset_of(org, comune, municipality)
    with pytest.raises(ValidationError) as refused:
        pact_of(asset, kind="assegnazione_confiscato")
    assert "confiscati" in refused.value.message_dict["kind"][0]
    confiscated = asset_of(org, comune, municipality, name="Villa", kind="confiscato")
    assert pact_of(confiscated, kind="assegnazione_confiscato").pk


def test_an_end_before_the_start_is_refused(org, comune, municipality):
    with pytest.raises(ValidationError) as refused:
        pact_of(asset_of(org, comune, municipality), start=10, end=5)
    assert "end_date" in refused.value.message_dict
    assert not Agreement.objects.exists()


def test_parties_need_a_name_and_a_municipality_is_a_public_body(pact, other_org, municipality):
    duties = {"duties": "Fornisce i materiali"}
    with pytest.raises(ValidationError) as refused:
        services.party_add(actor=None, agreement=pact, data={"role": "associazione", **duties})
    assert "name" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.party_add(
            actor=None, agreement=pact, data={"role": "comune", "body": other_org, **duties}
        )
    assert "ente pubblico" in refused.value.message_dict["body"][0]
    party = services.party_add(
        actor=None, agreement=pact, data={"role": "comune", "body": municipality, **duties}
    )
    assert party.public_name == "Comune di Pievepelago"
    resident = services.party_add(
        actor=None,
        agreement=pact,
        data={"role": "residente", "name": "Lia Neri", "email": "lia@example.org", **duties},
    )
    assert resident.public_name == ""


def test_a_renewal_is_a_new_period_and_the_old_one_stays(pact, municipality):
    services.party_add(
        actor=None,
        agreement=pact,
        data={"role": "comune", "body": municipality, "duties": "Materiali"},
    )
    old_end = pact.end_date
    with pytest.raises(ValidationError) as refused:
        services.agreement_renew(actor=None, agreement=pact, start_date=old_end, end_date=days(700))
    assert "start_date" in refused.value.message_dict
    renewal = services.agreement_renew(
        actor=None, agreement=pact, start_date=old_end + dt.timedelta(days=1), end_date=days(700)
    )
    pact.refresh_from_db()
    assert (pact.end_date, renewal.previous) == (old_end, pact)
    assert [p.body for p in AgreementParty.objects.filter(agreement=renewal)] == [municipality]
    with pytest.raises(ValidationError):
        services.agreement_renew(
            actor=None, agreement=pact, start_date=days(800), end_date=days(900)
        )


def _volunteer(org, *, until=None):
    volunteer = VolunteerFactory(organization=org)
    if until is not None:
        InsuranceFactory(volunteer=volunteer, valid_from=days(-365), valid_to=until)
    return volunteer


def test_an_uninsured_volunteer_is_not_made_active(pact, org):
    volunteer = _volunteer(org)
    with pytest.raises(ValidationError) as refused:
        services.pact_volunteer_save(actor=None, agreement=pact, volunteer=volunteer, active=True)
    assert "non è assicurato" in refused.value.message_dict["volunteer"][0]
    row = services.pact_volunteer_save(
        actor=None, agreement=pact, volunteer=volunteer, active=False
    )
    assert row.active is False


def test_insurance_ending_yesterday_does_not_cover_today(pact, org):
    with pytest.raises(ValidationError):
        services.pact_volunteer_save(
            actor=None, agreement=pact, volunteer=_volunteer(org, until=days(-1)), active=True
        )
    covered = _volunteer(org, until=days(0))
    assert services.pact_volunteer_save(
        actor=None, agreement=pact, volunteer=covered, active=True
    ).active


def test_the_pact_flags_volunteers_whose_insurance_lapses(pact, org):
    to_the_end = _volunteer(org, until=pact.end_date)
    short = _volunteer(org, until=days(30))
    for volunteer in (to_the_end, short):
        services.pact_volunteer_save(actor=None, agreement=pact, volunteer=volunteer, active=True)
    flags = {
        cover.row.volunteer: cover.lapses for cover in selectors.pact_volunteers(pact, days(0))
    }
    assert flags == {to_the_end: False, short: True}
    # Later, the short cover has lapsed: still flagged, with no cover in force.
    later = {c.row.volunteer: c.insured_until for c in selectors.pact_volunteers(pact, days(31))}
    assert later[short] is None


def test_a_volunteer_of_another_cooperative_is_refused(pact, other_org):
    with pytest.raises(ValidationError) as refused:
        services.pact_volunteer_save(
            actor=None, agreement=pact, volunteer=_volunteer(other_org, until=days(400)),
            active=True,
        )  # fmt: skip
    assert "volunteer" in refused.value.message_dict


def test_a_report_duty_falls_within_the_pact(pact):
    with pytest.raises(ValidationError) as refused:
        services.duty_add(actor=None, agreement=pact, title="Finale", due_date=days(266))
    assert "due_date" in refused.value.message_dict
    assert services.duty_add(actor=None, agreement=pact, title="Finale", due_date=days(265))


def test_reminders_list_due_and_overdue_reports_at_the_edges(pact, org):
    titles = {-1: "Ieri", 0: "Oggi", 30: "Tra trenta", 31: "Tra trentuno"}
    for offset, title in titles.items():
        services.duty_add(actor=None, agreement=pact, title=title, due_date=days(offset))
    due = selectors.due_reports(org, days(0), 30)
    assert [(d.duty.title, d.overdue) for d in due] == [
        ("Ieri", True),
        ("Oggi", False),
        ("Tra trenta", False),
    ]
    written = selectors.duties(pact).get(title="Oggi")
    services.report_create(actor=None, agreement=pact, duty=written, data=report_data())
    assert [d.duty.title for d in selectors.due_reports(org, days(0), 30)] == ["Ieri", "Tra trenta"]


def test_the_reminders_command_lists_and_mails_the_office(pact, org, admin_user, coordinator):
    services.duty_add(actor=None, agreement=pact, title="Relazione annuale", due_date=days(-3))
    out = StringIO()
    call_command("community_reminders", "--as-of", days(0).isoformat(), "--send", stdout=out)
    assert "Relazione annuale" in out.getvalue()
    assert "scaduta da 3 giorni" in out.getvalue()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([admin_user.email, coordinator.email])
    assert "Relazione annuale" in message.body
    mail.outbox.clear()
    call_command("community_reminders", "--as-of", days(-40).isoformat(), "--send", stdout=out)
    assert mail.outbox == []


def test_a_report_after_the_pact_ended_is_refused(org, comune, municipality):
    ended = pact_of(asset_of(org, comune, municipality), start=-400, end=-1)
    with pytest.raises(ValidationError) as refused:
        services.report_create(
            actor=None,
            agreement=ended,
            duty=None,
            data=report_data(period_start=days(-30), period_end=days(-2)),
        )
    assert "terminato" in refused.value.messages[0]
    assert not ActivityReport.objects.exists()


@pytest.mark.parametrize(
    ("period", "field"),
    [
        ({"period_start": days(-101)}, "period_start"),
        ({"period_end": days(266)}, "period_end"),
        ({"period_start": days(-10), "period_end": days(-20)}, "period_end"),
        ({"period_start": days(1), "period_end": days(10)}, "period_start"),
        ({"volunteer_hours": Decimal("-1")}, "volunteer_hours"),
    ],
)
def test_a_report_outside_the_pact_is_refused(pact, period, field):
    with pytest.raises(ValidationError) as refused:
        services.report_create(actor=None, agreement=pact, duty=None, data=report_data(**period))
    assert field in refused.value.message_dict


def test_a_duty_has_one_report(pact):
    duty = services.duty_add(actor=None, agreement=pact, title="Annuale", due_date=days(0))
    services.report_create(actor=None, agreement=pact, duty=duty, data=report_data())
    with pytest.raises(ValidationError) as refused:
        services.report_create(actor=None, agreement=pact, duty=duty, data=report_data())
    assert "duty" in refused.value.message_dict


def test_totals_per_organization_and_year(pact, org, other_org, comune, municipality):
    services.report_create(actor=None, agreement=pact, duty=None, data=report_data())
    services.report_create(
        actor=None,
        agreement=pact,
        duty=None,
        data=report_data(volunteer_hours=Decimal("9.5"), worker_hours=Decimal(0), participants=6),
    )
    elsewhere = pact_of(asset_of(other_org, comune, municipality))
    services.report_create(actor=None, agreement=elsewhere, duty=None, data=report_data())
    year = days(-1).year
    [totals] = selectors.activity_totals([org], year)
    assert (totals.organization_id, totals.year, totals.reports) == (org.pk, year, 2)
    assert (totals.volunteer_hours, totals.worker_hours, totals.hours) == (
        Decimal("130"),
        Decimal("30"),
        Decimal("160"),
    )
    assert totals.participants == 20
    assert selectors.activity_totals([org], year + 1) == []
    assert [t.organization_id for t in selectors.activity_totals([org, other_org])] == sorted(
        [org.pk, other_org.pk]
    )


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--as-of", "31/12/2026"], "Invalid --as-of"),
        (["--org", "nessuna"], "No organization"),
        (["--days", "-1"], "--days"),
    ],
)
def test_the_reminders_command_refuses_bad_input(db, args, reason):
    with pytest.raises(CommandError, match=reason):
        call_command("community_reminders", *args, stdout=StringIO())


def test_without_send_the_command_only_lists(pact, org, admin_user):
    services.duty_add(actor=None, agreement=pact, title="Finale", due_date=days(0))
    out = StringIO()
    call_command("community_reminders", "--org", org.slug, stdout=out)
    assert "Finale" in out.getvalue()
    assert "scade oggi" in out.getvalue()
    assert mail.outbox == []
