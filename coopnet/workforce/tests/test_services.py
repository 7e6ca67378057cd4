"""Employment, qualification and volunteer services: the rules and their messages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coopnet.core.models import AuditEntry, OrganizationKind
from coopnet.workforce import services
from coopnet.workforce.models import Employment, ExpenseReimbursement, VolunteerHours

from .factories import EmploymentFactory, PersonFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

JAN = dt.date(2024, 1, 1)


def hire(organization, person, *, actor=None, **overrides):
    """An employment of ``person`` through the service: permanent, 38 hours a week, from
    ``JAN``, but for ``overrides``."""
    data = {
        "contract_type": "dipendente_indeterminato",
        "weekly_hours": Decimal("38"),
        "start_date": JAN,
        **overrides,
    }
    return services.employment_create(
        actor=actor, organization=organization, person=person, data=data
    )


# --- employment ---------------------------------------------------------------------------


def test_employment_create_saves_and_audits(org, person, admin_user):
    # when an employment is recorded
    employment = hire(org, person, actor=admin_user, ccnl="Coop sociali")
    # then it is saved with one audit entry
    assert employment.pk
    assert employment.branch == ""
    entry = AuditEntry.objects.get(action="workforce.employment.create")
    assert entry.actor == admin_user
    assert entry.after is not None
    assert entry.after["ccnl"] == "Coop sociali"


def test_branch_is_required_in_a_mixed_cooperative(mixed_org):
    person = PersonFactory.create(organization=mixed_org)
    # when a mixed A+B cooperative records a worker without a branch
    with pytest.raises(ValidationError) as error:
        hire(mixed_org, person)
    # then it is refused, naming the rule
    assert "R-381-1c" in error.value.message_dict["branch"][0]
    # and with a branch it is accepted
    employment = hire(mixed_org, person, branch="B")
    assert employment.branch == "B"


@pytest.mark.parametrize(
    "kind", [OrganizationKind.SOCIAL_COOP_A, OrganizationKind.SOCIAL_COOP_B, OrganizationKind.COOP]
)
def test_branch_must_be_blank_outside_mixed_cooperatives(org, person, kind):
    org.kind = kind
    org.save()
    with pytest.raises(ValidationError) as error:
        hire(org, person, branch="A")
    assert "branch" in error.value.message_dict
    assert not Employment.objects.exists()


def test_end_before_start_is_refused(org, person):
    with pytest.raises(ValidationError) as error:
        hire(org, person, end_date=JAN - dt.timedelta(days=1))
    assert "end_date" in error.value.message_dict


def test_end_on_the_start_day_is_allowed(org, person):
    employment = hire(org, person, end_date=JAN)
    assert employment.end_date == JAN


@pytest.mark.parametrize(
    ("hours", "ok"),
    [("0", True), ("168", True), ("168.01", False), ("-1", False), ("20.5", True)],
)
def test_weekly_hours_between_0_and_168(org, person, hours, ok):
    if ok:
        hire(org, person, weekly_hours=Decimal(hours))
    else:
        with pytest.raises(ValidationError) as error:
            hire(org, person, weekly_hours=Decimal(hours))
        assert "weekly_hours" in error.value.message_dict


@pytest.mark.parametrize(
    ("start", "end", "overlaps"),
    [
        (dt.date(2024, 6, 30), None, True),  # starts on the last day of the other
        (dt.date(2024, 7, 1), None, False),  # starts the day after
        (dt.date(2023, 1, 1), dt.date(2024, 1, 1), True),  # ends on the other's first day
        (dt.date(2023, 1, 1), dt.date(2023, 12, 31), False),  # ends the day before
        (dt.date(2023, 1, 1), None, True),  # open-ended, covering the other
    ],
)
def test_no_overlapping_periods_for_the_same_person(org, person, start, end, overlaps):
    # given a period from 01/01/2024 to 30/06/2024
    EmploymentFactory.create(
        organization=org, person=person, start_date=JAN, end_date=dt.date(2024, 6, 30)
    )
    if overlaps:
        with pytest.raises(ValidationError) as error:
            hire(org, person, start_date=start, end_date=end)
        assert "sovrappone" in error.value.message_dict["start_date"][0]
    else:
        hire(org, person, start_date=start, end_date=end)


def test_open_ended_period_blocks_later_ones(org, person):
    EmploymentFactory.create(organization=org, person=person, start_date=JAN)
    with pytest.raises(ValidationError):
        hire(org, person, start_date=dt.date(2030, 1, 1))


def test_same_person_in_another_organization_does_not_overlap(org, other_org):
    mine = PersonFactory.create(organization=org, codice_fiscale="RSSMRA80A01H501U")
    theirs = PersonFactory.create(organization=other_org, codice_fiscale="RSSMRA80A01H501U")
    EmploymentFactory.create(organization=org, person=mine, start_date=JAN)
    hire(other_org, theirs)
    assert Employment.objects.count() == 2


def test_person_of_another_organization_is_refused(org, other_org):
    stranger = PersonFactory.create(organization=other_org)
    with pytest.raises(ValidationError):
        hire(org, stranger)


def test_update_does_not_overlap_with_itself(org, person):
    employment = EmploymentFactory.create(organization=org, person=person, start_date=JAN)
    services.employment_update(actor=None, employment=employment, data={"weekly_hours": 20})
    employment.refresh_from_db()
    assert employment.weekly_hours == 20


def test_end_closes_an_open_period_once(org, person, admin_user):
    employment = EmploymentFactory.create(organization=org, person=person, start_date=JAN)
    services.employment_end(actor=admin_user, employment=employment, end_date=dt.date(2024, 3, 31))
    employment.refresh_from_db()
    assert employment.end_date == dt.date(2024, 3, 31)
    with pytest.raises(ValidationError):
        services.employment_end(
            actor=admin_user, employment=employment, end_date=dt.date(2024, 4, 1)
        )


def test_end_before_start_refused_on_end(org, person):
    employment = EmploymentFactory.create(organization=org, person=person, start_date=JAN)
    with pytest.raises(ValidationError) as error:
        services.employment_end(actor=None, employment=employment, end_date=dt.date(2023, 12, 31))
    assert "end_date" in error.value.message_dict


# --- qualifications -----------------------------------------------------------------------


def test_qualification_with_expiry(org, person):
    qualification = services.qualification_create(
        actor=None,
        organization=org,
        person=person,
        data={"kind": "oss", "issued_on": JAN, "expires_on": dt.date(2029, 1, 1)},
    )
    assert qualification.expires_on == dt.date(2029, 1, 1)
    with pytest.raises(ValidationError) as error:
        services.qualification_update(
            actor=None, qualification=qualification, data={"expires_on": dt.date(2023, 1, 1)}
        )
    assert "expires_on" in error.value.message_dict


# --- volunteers ---------------------------------------------------------------------------


def test_volunteer_register_and_no_double_entry(org, person):
    volunteer = services.volunteer_register(
        actor=None,
        organization=org,
        person=person,
        data={"activities": "Trasporto", "start_date": JAN},
    )
    assert volunteer.pk
    with pytest.raises(ValidationError):
        services.volunteer_register(
            actor=None, organization=org, person=person, data={"start_date": dt.date(2025, 1, 1)}
        )


def test_insurance_dates_ordered(org):
    volunteer = VolunteerFactory.create(organization=org)

    def add(valid_to):
        return services.insurance_add(
            actor=None,
            volunteer=volunteer,
            insurer="INAIL",
            policy_number="1",
            valid_from=JAN,
            valid_to=valid_to,
        )

    with pytest.raises(ValidationError):
        add(JAN - dt.timedelta(days=1))
    assert add(JAN).organization_id == org.pk


def test_hours_within_the_day_and_the_register_period(org):
    volunteer = VolunteerFactory.create(
        organization=org, start_date=JAN, end_date=dt.date(2024, 12, 31)
    )
    services.hours_record(actor=None, volunteer=volunteer, date=JAN, hours=Decimal("20"))
    with pytest.raises(ValidationError):  # 20 + 5 > 24 on the same day
        services.hours_record(actor=None, volunteer=volunteer, date=JAN, hours=Decimal("5"))
    with pytest.raises(ValidationError):  # after the end of the registration
        services.hours_record(
            actor=None, volunteer=volunteer, date=dt.date(2025, 1, 1), hours=Decimal("1")
        )
    assert VolunteerHours.objects.count() == 1


# --- reimbursements (R-381-2b) ------------------------------------------------------------


def reimburse(volunteer, amount, *, day=JAN, self_certified=True):
    return services.reimbursement_record(
        actor=None,
        volunteer=volunteer,
        date=day,
        amount=Decimal(amount),
        self_certified=self_certified,
        description="Carburante",
    )


@pytest.fixture
def volunteer(org):
    return VolunteerFactory.create(organization=org, start_date=dt.date(2020, 1, 1))


def test_self_certified_exactly_10_a_day_is_allowed(volunteer):
    reimburse(volunteer, "6.00")
    reimburse(volunteer, "4.00")
    assert ExpenseReimbursement.objects.count() == 2


def test_self_certified_just_above_10_a_day_is_refused(volunteer):
    reimburse(volunteer, "6.00")
    with pytest.raises(ValidationError) as error:
        reimburse(volunteer, "4.01")
    message = error.value.message_dict["amount"][0]
    assert "R-381-2b" in message
    assert "117/2017" in message
    assert "al giorno" in message
    assert "10,00" in message


def test_self_certified_exactly_150_a_month_is_allowed(volunteer):
    for day in range(1, 16):  # 15 days x 10.00
        reimburse(volunteer, "10.00", day=dt.date(2024, 3, day))
    assert ExpenseReimbursement.objects.count() == 15


def test_self_certified_just_above_150_a_month_is_refused(volunteer):
    for day in range(1, 16):
        reimburse(volunteer, "10.00", day=dt.date(2024, 3, day))
    with pytest.raises(ValidationError) as error:
        reimburse(volunteer, "0.01", day=dt.date(2024, 3, 31))
    message = error.value.message_dict["amount"][0]
    assert "R-381-2b" in message
    assert "al mese" in message
    assert "150,00" in message
    # and the next month starts again from zero
    reimburse(volunteer, "10.00", day=dt.date(2024, 4, 1))


def test_documented_expenses_are_not_capped(volunteer):
    reimburse(volunteer, "10.00")
    reimburse(volunteer, "250.00", self_certified=False)
    assert ExpenseReimbursement.objects.count() == 2


def test_documented_expenses_do_not_use_the_self_certified_cap(volunteer):
    reimburse(volunteer, "200.00", self_certified=False)
    self_certified = reimburse(volunteer, "10.00")
    assert self_certified.self_certified
    assert ExpenseReimbursement.objects.filter(volunteer=volunteer).count() == 2
    # the full 10.00 of the day went to the self-certified expense: one cent more is refused
    with pytest.raises(ValidationError) as error:
        reimburse(volunteer, "0.01")
    assert "al giorno" in error.value.message_dict["amount"][0]


def test_caps_count_only_this_volunteer(org, volunteer):
    other = VolunteerFactory.create(organization=org, start_date=dt.date(2020, 1, 1))
    reimburse(other, "10.00")
    reimbursement = reimburse(volunteer, "10.00")
    assert reimbursement.volunteer == volunteer
    assert ExpenseReimbursement.objects.filter(volunteer=volunteer).count() == 1
    assert ExpenseReimbursement.objects.filter(volunteer=other).count() == 1


def test_caps_come_from_the_parameter_table(volunteer):
    from coopnet.core.models import Parameter

    Parameter.objects.create(
        key="r381.volunteer_expense_day_max",
        value=Decimal("12"),
        valid_from=dt.date(2024, 1, 1),
        source="test",
    )
    reimburse(volunteer, "12.00")  # above the statutory 10.00, within the parameter in force
    assert ExpenseReimbursement.objects.get().amount == Decimal("12.00")
    with pytest.raises(ValidationError) as error:
        reimburse(volunteer, "0.01")
    assert "12,00" in error.value.message_dict["amount"][0]


def test_reimbursement_must_be_positive(volunteer):
    with pytest.raises(ValidationError):
        reimburse(volunteer, "0")
