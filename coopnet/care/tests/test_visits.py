"""The visit lifecycle, its refusals, corrections, volunteer hours and assignment conflicts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coopnet.care import selectors
from coopnet.care.models import Absence, ReviewFlag, Visit, VisitCorrection, VisitStatus
from coopnet.care.services import catalogue, visits
from coopnet.core.models import AuditEntry
from coopnet.workforce.models import VolunteerHours

from .conftest import DAY, at
from .factories import LineFactory, ServiceTypeFactory, VisitFactory, paid_carer, volunteer_carer

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(org):
    return VisitFactory.create(line=LineFactory.create(organization=org), date=DAY)


@pytest.fixture
def oss(org):
    return paid_carer(org, qualifications=("oss",))


def scheduled(visit, carer, hour=9):
    visits.visit_assign(actor=None, visit=visit, carer=carer, planned_start=at(DAY, hour))
    visit.refresh_from_db()
    return visit


# --- lifecycle ------------------------------------------------------------------------------


def test_the_whole_lifecycle_is_audited(org, admin_user, visit, oss):
    # given a planned visit; when it is assigned, checked in and checked out
    warnings = visits.visit_assign(
        actor=admin_user, visit=visit, carer=oss, planned_start=at(DAY, 9)
    )
    assert warnings == []
    visits.visit_check_in(actor=admin_user, visit=visit, at=at(DAY, 9, 5))
    done = visits.visit_check_out(
        actor=admin_user, visit=visit, at=at(DAY, 10, 2), notes="Tutto bene", tasks_done="Igiene"
    )
    # then it is done, with the minutes delivered by a paid carer
    assert done.status == VisitStatus.DONE
    assert done.delivered_minutes == 57
    assert done.by_volunteer is False
    assert done.tasks_done == "Igiene"
    # and each transition wrote one audit entry
    actions = list(
        AuditEntry.objects.filter(object_id=str(visit.pk), object_type="care.visit")
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "care.visit.assign",
        "care.visit.check_in",
        "care.visit.check_out",
    ]
    assert not VolunteerHours.objects.exists()


def test_check_in_twice_is_refused(visit, oss):
    scheduled(visit, oss)
    visits.visit_check_in(actor=None, visit=visit, at=at(DAY, 9))
    with pytest.raises(ValidationError) as caught:
        visits.visit_check_in(actor=None, visit=visit, at=at(DAY, 9, 10))
    assert "già registrato alle 09:00" in caught.value.messages[0]


def test_check_in_of_an_unassigned_visit_or_on_another_day_is_refused(visit, oss):
    with pytest.raises(ValidationError):
        visits.visit_check_in(actor=None, visit=visit, at=at(DAY, 9))
    scheduled(visit, oss)
    with pytest.raises(ValidationError) as caught:
        visits.visit_check_in(actor=None, visit=visit, at=at(DAY + dt.timedelta(days=1), 9))
    assert "giorno della visita" in caught.value.messages[0]


def test_check_out_before_check_in_is_refused(visit, oss):
    scheduled(visit, oss)
    with pytest.raises(ValidationError) as caught:
        visits.visit_check_out(actor=None, visit=visit, at=at(DAY, 10))
    assert caught.value.messages == ["Registra prima l'arrivo."]
    visits.visit_check_in(actor=None, visit=visit, at=at(DAY, 9))
    with pytest.raises(ValidationError) as caught:
        visits.visit_check_out(actor=None, visit=visit, at=at(DAY, 8, 30))
    assert "precedere l'arrivo" in caught.value.messages[0]


def test_a_done_visit_cannot_be_edited_reassigned_or_cancelled(visit, oss):
    scheduled(visit, oss)
    visits.visit_check_in(actor=None, visit=visit, at=at(DAY, 9))
    visits.visit_check_out(actor=None, visit=visit, at=at(DAY, 10))
    other = paid_carer(visit.organization, qualifications=("oss",))
    refusals = [
        lambda: visits.visit_edit(actor=None, visit=visit, data={"duration": 30}),
        lambda: visits.visit_assign(
            actor=None, visit=visit, carer=other, planned_start=at(DAY, 10)
        ),
        lambda: visits.visit_cancel(actor=None, visit=visit, reason="errore"),
        lambda: visits.visit_unassign(actor=None, visit=visit),
        lambda: visits.visit_check_out(actor=None, visit=visit, at=at(DAY, 11)),
    ]
    for refuse in refusals:
        with pytest.raises(ValidationError) as caught:
            refuse()
        assert caught.value.messages
    visit.refresh_from_db()
    assert (visit.carer, visit.duration, visit.status) == (oss, 60, VisitStatus.DONE)


def test_cancel_and_missed_need_a_reason(visit):
    with pytest.raises(ValidationError) as caught:
        visits.visit_cancel(actor=None, visit=visit, reason=" ")
    assert "reason" in caught.value.message_dict
    visits.visit_mark_missed(actor=None, visit=visit, reason="Utente non in casa")
    visit.refresh_from_db()
    assert (visit.status, visit.reason) == (VisitStatus.MISSED, "Utente non in casa")


def test_a_correction_needs_a_reason_and_is_kept(admin_user, visit, oss):
    scheduled(visit, oss)
    visits.visit_check_in(actor=None, visit=visit, at=at(DAY, 9))
    visits.visit_check_out(actor=None, visit=visit, at=at(DAY, 10))
    with pytest.raises(ValidationError):
        visits.visit_correct_times(
            actor=admin_user, visit=visit, reason="", checked_in_at=at(DAY, 8, 50)
        )
    corrected = visits.visit_correct_times(
        actor=admin_user,
        visit=visit,
        reason="Arrivo registrato in ritardo",
        checked_in_at=at(DAY, 8, 45),
    )
    assert corrected.delivered_minutes == 75
    correction = VisitCorrection.objects.get()
    assert (correction.old_value, correction.new_value) == (at(DAY, 9), at(DAY, 8, 45))
    assert correction.reason == "Arrivo registrato in ritardo"
    entry = AuditEntry.objects.get(action="care.visit.correct")
    assert entry.after is not None
    assert entry.after["reason"] == "Arrivo registrato in ritardo"
    # a correction cannot put the departure before the arrival
    with pytest.raises(ValidationError):
        visits.visit_correct_times(
            actor=admin_user, visit=visit, reason="prova", checked_out_at=at(DAY, 8)
        )
    visit.refresh_from_db()
    assert visit.checked_out_at == at(DAY, 10)


def test_a_volunteers_done_visit_feeds_the_volunteer_register(org):
    # given a visit of a service volunteers may give, assigned to an insured volunteer
    visit = VisitFactory.create(line=LineFactory.create(organization=org), date=DAY)
    volunteer = volunteer_carer(org)
    scheduled(visit, volunteer)
    visits.visit_check_in(actor=None, visit=visit, at=at(DAY, 9))
    # when they check out after 90 minutes
    done = visits.visit_check_out(actor=None, visit=visit, at=at(DAY, 10, 30))
    # then the visit counts as volunteer time and the register has 1.5 hours that day
    assert done.by_volunteer is True
    entry = VolunteerHours.objects.get()
    assert (entry.date, entry.hours) == (DAY, Decimal("1.50"))
    assert entry.volunteer.person == volunteer.person
    assert done.volunteer_hours == entry


# --- conflicts ------------------------------------------------------------------------------


def professional_visit(org, qualification="oss"):
    service = ServiceTypeFactory.create(
        organization=org, required_qualification=qualification, volunteer_allowed=False
    )
    return VisitFactory.create(
        line=LineFactory.create(organization=org, service_type=service), date=DAY
    )


def test_an_expired_qualification_blocks_the_assignment(org):
    visit = professional_visit(org)
    expired = paid_carer(org, qualifications=("oss",), expires_on=DAY - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        visits.visit_assign(actor=None, visit=visit, carer=expired, planned_start=at(DAY, 9))
    assert "scaduta il 01/06/2025" in caught.value.message_dict["carer"][0]


def test_a_missing_qualification_blocks_the_assignment(org):
    visit = professional_visit(org, "infermiere")
    with pytest.raises(ValidationError) as caught:
        visits.visit_assign(
            actor=None,
            visit=visit,
            carer=paid_carer(org, qualifications=("oss",)),
            planned_start=at(DAY, 9),
        )
    assert "manca la qualifica" in caught.value.message_dict["carer"][0]


def test_a_volunteer_never_gets_a_professional_only_service(org):
    visit = professional_visit(org)
    with pytest.raises(ValidationError) as caught:
        visits.visit_assign(
            actor=None, visit=visit, carer=volunteer_carer(org), planned_start=at(DAY, 9)
        )
    assert "R-381-2d" in caught.value.message_dict["carer"][0]


def test_an_uninsured_volunteer_is_not_schedulable(org, visit):
    with pytest.raises(ValidationError) as caught:
        visits.visit_assign(
            actor=None,
            visit=visit,
            carer=volunteer_carer(org, insured=False),
            planned_start=at(DAY, 9),
        )
    assert "R-381-2c" in caught.value.message_dict["carer"][0]


def test_an_absent_carer_is_not_schedulable(org, visit, oss):
    Absence.objects.create(
        organization=org, carer=oss, kind="malattia", start_date=DAY, end_date=DAY
    )
    with pytest.raises(ValidationError) as caught:
        visits.visit_assign(actor=None, visit=visit, carer=oss, planned_start=at(DAY, 9))
    assert "Malattia" in caught.value.message_dict["carer"][0]


def test_overlaps_outside_shift_and_window_are_warnings(org, visit, oss):
    # given the carer already has a visit from 9:00 to 10:00
    scheduled(visit, oss, hour=9)
    other = VisitFactory.create(line=LineFactory.create(organization=org), date=DAY)
    # when a second visit is given to them at 9:30
    warnings = visits.visit_assign(actor=None, visit=other, carer=oss, planned_start=at(DAY, 9, 30))
    # then it is assigned, with the overlap reported
    assert any("sovrappone" in w for w in warnings)
    # a visit at 19:30 is outside the shift (7-20) and after its window (8-12)
    late = VisitFactory.create(line=LineFactory.create(organization=org), date=DAY)
    warnings = visits.visit_assign(actor=None, visit=late, carer=oss, planned_start=at(DAY, 19, 30))
    assert any("turno" in w for w in warnings)
    assert any("fascia" in w for w in warnings)


def test_the_same_carer_on_both_halves_of_a_double_visit_is_refused(org, oss):
    line = LineFactory.create(organization=org, carers_needed=2, double_kind="simultaneous")
    first = VisitFactory.create(line=line, date=DAY, slot=0)
    second = VisitFactory.create(line=line, date=DAY, slot=1)
    scheduled(first, oss)
    with pytest.raises(ValidationError):
        visits.visit_assign(actor=None, visit=second, carer=oss, planned_start=at(DAY, 9))


def test_a_visit_is_assigned_only_on_its_day_and_in_its_organization(org, other_org, visit):
    with pytest.raises(ValidationError):
        visits.visit_assign(
            actor=None,
            visit=visit,
            carer=paid_carer(org),
            planned_start=at(DAY + dt.timedelta(1), 9),
        )
    with pytest.raises(ValidationError):
        visits.visit_assign(
            actor=None, visit=visit, carer=paid_carer(other_org), planned_start=at(DAY, 9)
        )
    assert Visit.objects.get(pk=visit.pk).carer is None


def test_a_visit_during_the_carers_break_is_a_warning(org, visit):
    carer = paid_carer(org, break_start=dt.time(9), break_end=dt.time(10))
    warnings = visits.visit_assign(actor=None, visit=visit, carer=carer, planned_start=at(DAY, 9))
    assert "durante la pausa (09:00-10:00)" in warnings
    other = VisitFactory.create(line=LineFactory.create(organization=org), date=DAY)
    warnings = visits.visit_assign(actor=None, visit=other, carer=carer, planned_start=at(DAY, 10))
    assert not any("pausa" in w for w in warnings)


# --- data-quality guards ----------------------------------------------------------------------


def _hours(org):
    rows = selectors.delivered_hours(org, start=DAY, end=DAY, by="carer")
    return sum(r.paid_minutes + r.volunteer_minutes for r in rows)


def test_a_check_in_far_from_the_planned_time_waits_for_the_coordinator(
    org, admin_user, visit, oss
):
    # given the organization's tolerance of 30 minutes and a visit planned at 9
    catalogue.scheduling_settings_update(
        actor=None, organization=org, data={"check_in_tolerance_minutes": 30}
    )
    scheduled(visit, oss)
    # when the carer checks in at 9:45 and out at 10:30
    started = visits.visit_check_in(actor=None, visit=visit, at=at(DAY, 9, 45))
    done = visits.visit_check_out(actor=None, visit=visit, at=at(DAY, 10, 30))
    # then the visit is flagged, and its minutes stay out of the delivered hours
    assert started.review_flags == [ReviewFlag.FAR_CHECK_IN]
    assert (done.needs_review, done.delivered_minutes) == (True, 45)
    assert _hours(org) == 0
    assert list(selectors.visits_to_review(org)) == [done]
    # and once the coordinator accepts it, they count
    accepted = visits.visit_review_accept(actor=admin_user, visit=done, note="Traffico")
    assert (accepted.needs_review, accepted.reviewed_by) == (False, admin_user)
    assert accepted.review_flags == [ReviewFlag.FAR_CHECK_IN]
    assert _hours(org) == 45
    assert not selectors.visits_to_review(org).exists()
    after = AuditEntry.objects.get(action="care.visit.review").after or {}
    assert (after["note"], after["needs_review"]) == ("Traffico", False)


def test_the_tolerance_is_the_organizations_setting(org, visit, oss):
    catalogue.scheduling_settings_update(
        actor=None, organization=org, data={"check_in_tolerance_minutes": 60}
    )
    scheduled(visit, oss)
    started = visits.visit_check_in(actor=None, visit=visit, at=at(DAY, 9, 45))
    assert (started.review_flags, started.needs_review) == ([], False)


def test_a_second_check_in_while_a_visit_is_in_progress_is_flagged(org, visit, oss):
    # given two visits of the same carer, the first one in progress
    later = VisitFactory.create(line=LineFactory.create(organization=org), date=DAY)
    scheduled(visit, oss, hour=9)
    scheduled(later, oss, hour=10)
    visits.visit_check_in(actor=None, visit=visit, at=at(DAY, 9))
    # when the carer checks in at the second one without leaving the first
    second = visits.visit_check_in(actor=None, visit=later, at=at(DAY, 9, 50))
    # then the second check-in is flagged, not refused
    assert second.status == VisitStatus.IN_PROGRESS
    assert (second.review_flags, second.needs_review) == ([ReviewFlag.OVERLAP], True)


def test_a_visit_of_zero_minutes_is_flagged(org, visit, oss):
    scheduled(visit, oss)
    visits.visit_check_in(actor=None, visit=visit, at=at(DAY, 9))
    done = visits.visit_check_out(actor=None, visit=visit, at=at(DAY, 9))
    assert (done.review_flags, done.needs_review) == ([ReviewFlag.ZERO_MINUTES], True)


def test_a_flagged_volunteer_visit_reaches_the_register_once_accepted(org, admin_user, visit):
    volunteer = volunteer_carer(org)
    scheduled(visit, volunteer)
    visits.visit_check_in(actor=None, visit=visit, at=at(DAY, 11))
    done = visits.visit_check_out(actor=None, visit=visit, at=at(DAY, 12))
    assert done.needs_review
    assert not VolunteerHours.objects.exists()
    visits.visit_review_accept(actor=admin_user, visit=done)
    assert VolunteerHours.objects.get().hours == Decimal("1.00")


def test_only_a_done_visit_waiting_for_review_is_accepted(org, visit, oss):
    scheduled(visit, oss)
    visits.visit_check_in(actor=None, visit=visit, at=at(DAY, 13))
    with pytest.raises(ValidationError) as caught:
        visits.visit_review_accept(actor=None, visit=visit)
    assert "conclusa" in caught.value.messages[0]
    visits.visit_check_out(actor=None, visit=visit, at=at(DAY, 14))
    visits.visit_review_accept(actor=None, visit=visit)
    with pytest.raises(ValidationError) as caught:
        visits.visit_review_accept(actor=None, visit=visit)
    assert "da verificare" in caught.value.messages[0]
