"""Each rule at its boundaries, given/when/then."""

import datetime as dt
from decimal import Decimal
from typing import cast

import pytest

from coopnet.compliance.findings import Level, Status
from coopnet.compliance.rules import civil_code, enterprise, law381
from coopnet.core.models import Affiliation, LegalForm, OrganizationKind
from coopnet.members.models import MemberCategory, MembershipStatus, PersonKind, Statute
from coopnet.members.models import ShareTransactionKind as Kind
from coopnet.network.models import Incubation
from coopnet.workforce.models import Branch, ContractType

from .conftest import AS_OF, members, new_org, staff
from .factories import (
    DisadvantagedStatusFactory,
    EmploymentFactory,
    MembershipFactory,
    PersonFactory,
    ShareTransactionFactory,
    StatuteFactory,
    VolunteerFactory,
    VolunteerInsuranceFactory,
)

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def ratio(value):
    return Decimal(value).quantize(Decimal("0.0001"))


# --- R-381-4b ---------------------------------------------------------------------------------


def test_4b_exactly_thirty_percent_is_ok(coop_b):
    # given 10 full-year workers, 3 of them disadvantaged
    staff(coop_b, 10, disadvantaged=3)
    # when
    f = law381.r381_4b.check(coop_b, AS_OF)
    # then D/T is exactly 30% and D/(T-D) 42.9%
    assert f.status == Status.OK
    assert f.data["workers"] == Decimal("10.00")
    assert f.data["disadvantaged"] == Decimal("3.00")
    assert f.data["share_of_workers"] == ratio("0.3")
    assert f.data["share_of_non_disadvantaged"] == ratio(3 / 7)
    assert f.level == Level.SECONDARY
    assert "art. 4 c.2 L. 381/1991" in f.explanation


def test_4b_only_the_inps_reading_reaches_the_threshold_is_a_warning(coop_b):
    # given 3 disadvantaged out of 11 workers: D/T 27.3%, D/(T-D) 37.5%
    staff(coop_b, 11, disadvantaged=3)
    f = law381.r381_4b.check(coop_b, AS_OF)
    assert f.status == Status.WARNING
    assert f.data["share_of_workers"] == ratio(3 / 11)
    assert f.data["share_of_non_disadvantaged"] == ratio("0.375")
    assert "INPS" in f.explanation


def test_4b_both_readings_below_is_a_violation(coop_b):
    # given 2 of 10: 20% and 25%
    staff(coop_b, 10, disadvantaged=2)
    f = law381.r381_4b.check(coop_b, AS_OF)
    assert f.status == Status.VIOLATION
    assert f.value == ratio("0.2")
    assert f.data["share_of_non_disadvantaged"] == ratio("0.25")
    assert f.action


def test_4b_counts_heads_not_hours(coop_b):
    # given 3 disadvantaged of 10, one non-disadvantaged working 10 hours a week
    jobs = staff(coop_b, 10, disadvantaged=3)
    jobs[-1].weekly_hours = Decimal("10")
    jobs[-1].save()
    f = law381.r381_4b.check(coop_b, AS_OF)
    # then the part-timer counts as one head
    assert f.data["workers"] == Decimal("10.00")
    assert f.status == Status.OK


def test_4b_a_hire_half_way_through_the_window_weighs_about_half(coop_b):
    # given one worker hired 182 days before the as-of day (183 of 365 days employed)
    EmploymentFactory(organization=coop_b, start_date=AS_OF - 182 * DAY)
    f = law381.r381_4b.check(coop_b, AS_OF)
    # then T is half a head, within one day
    assert f.data["window_days"] == 365
    worker_days = f.data["worker_days"]
    assert isinstance(worker_days, int)
    assert abs(worker_days - Decimal("182.5")) <= 1
    assert f.data["workers"] == Decimal("0.50")


def test_4b_weights_disadvantaged_by_days_employed_and_certified(coop_b):
    # given 4 full-year workers, one certified only for the last 73 days (a fifth of a year)
    jobs = staff(coop_b, 4)
    DisadvantagedStatusFactory(
        organization=coop_b, person=jobs[0].person, valid_from=AS_OF - 72 * DAY
    )
    f = law381.r381_4b.check(coop_b, AS_OF)
    assert f.data["disadvantaged"] == Decimal("0.20")
    assert f.status == Status.VIOLATION


def test_4b_a_person_with_two_overlapping_contracts_is_one_head(coop_b):
    person = PersonFactory(organization=coop_b)
    EmploymentFactory(organization=coop_b, person=person)
    EmploymentFactory(
        organization=coop_b,
        person=person,
        start_date=dt.date(2024, 9, 1),
        contract_type=ContractType.WORKER_MEMBER,
    )
    f = law381.r381_4b.check(coop_b, AS_OF)
    assert f.data["workers"] == Decimal("1.00")


def test_4b_a_worker_who_left_before_the_window_is_not_counted(coop_b):
    staff(coop_b, 3, disadvantaged=1)
    EmploymentFactory(organization=coop_b, end_date=AS_OF - 400 * DAY)
    f = law381.r381_4b.check(coop_b, AS_OF)
    assert f.data["workers"] == Decimal("3.00")


def test_4b_mixed_cooperative_counts_branch_b_only(coop_ab):
    # given 3 of 10 in branch B and 5 non-disadvantaged workers in branch A
    staff(coop_ab, 10, disadvantaged=3, branch=Branch.B)
    staff(coop_ab, 5, branch=Branch.A)
    f = law381.r381_4b.check(coop_ab, AS_OF)
    # then branch A is left out: exactly 30%
    assert f.status == Status.OK
    assert f.data["workers"] == Decimal("10.00")
    assert f.data["branch_a_workers"] == 5
    assert "ramo B" in f.explanation


def test_4b_mixed_cooperative_asks_for_the_missing_branch(coop_ab):
    staff(coop_ab, 10, disadvantaged=3, branch=Branch.B)
    staff(coop_ab, 2, branch="")
    f = law381.r381_4b.check(coop_ab, AS_OF)
    assert f.data["workers_without_branch"] == 2
    assert "ramo (A o B) di 2 lavoratori" in f.action


def test_4b_trainees_freelancers_and_volunteers_are_not_workers(coop_b):
    # given 3 of 10 employees, plus trainees and freelancers (not disadvantaged) and a volunteer
    staff(coop_b, 10, disadvantaged=3)
    staff(coop_b, 3, contract_type=ContractType.TRAINEE)
    staff(coop_b, 1, contract_type=ContractType.FREELANCE)
    VolunteerFactory(organization=coop_b)
    f = law381.r381_4b.check(coop_b, AS_OF)
    assert f.status == Status.OK
    assert f.data["workers"] == Decimal("10.00")
    assert f.data["excluded_trainees_freelancers"] == 4
    assert "tirocinanti" in f.explanation


def test_4b_does_not_apply_to_type_a(org):
    staff(org, 10)
    f = law381.r381_4b.check(org, AS_OF)
    assert f.status == Status.NOT_APPLICABLE


def test_4b_averages_from_the_start_of_operations(coop_b):
    # given a cooperative founded 100 days ago
    coop_b.founded_on = AS_OF - 99 * DAY
    coop_b.save()
    staff(coop_b, 10, disadvantaged=3, start_date=coop_b.founded_on)
    f = law381.r381_4b.check(coop_b, AS_OF)
    assert f.data["window_days"] == 100
    assert f.data["workers"] == Decimal("10.00")


def test_4b_without_workers_is_not_applicable_yet(coop_b):
    f = law381.r381_4b.check(coop_b, AS_OF)
    assert f.status == Status.NOT_APPLICABLE


# --- R-381-4c and R-381-4d --------------------------------------------------------------------


def test_4c_a_disadvantaged_non_member_without_reason_is_a_warning(coop_b):
    jobs = staff(coop_b, 3, disadvantaged=3)
    MembershipFactory(organization=coop_b, person=jobs[0].person)
    justified = DisadvantagedStatusFactory.build(organization=coop_b, person=jobs[1].person)
    justified.non_member_justification = "Ricoverato: ammissione rinviata"
    justified.valid_from = dt.date(2020, 1, 1)
    justified.save()
    f = law381.r381_4c.check(coop_b, AS_OF)
    assert f.status == Status.WARNING
    assert f.data == {"disadvantaged_workers": 3, "not_members_unjustified": 1}


def test_4c_all_members_is_ok(coop_b):
    jobs = staff(coop_b, 2, disadvantaged=2)
    for job in jobs:
        MembershipFactory(organization=coop_b, person=job.person)
    assert law381.r381_4c.check(coop_b, AS_OF).status == Status.OK


def test_4d_expired_certificate_of_a_worker_still_employed_is_a_violation(coop_b):
    jobs = staff(coop_b, 2)
    DisadvantagedStatusFactory(organization=coop_b, person=jobs[0].person, valid_to=AS_OF - DAY)
    f = law381.r381_4d.check(coop_b, AS_OF)
    assert f.status == Status.VIOLATION
    assert f.data["expired"] == 1


def test_4d_renewed_certificate_is_not_expired(coop_b):
    jobs = staff(coop_b, 1)
    person = jobs[0].person
    DisadvantagedStatusFactory(organization=coop_b, person=person, valid_to=AS_OF - 10 * DAY)
    DisadvantagedStatusFactory(
        organization=coop_b, person=person, valid_from=AS_OF - 9 * DAY, valid_to=None
    )
    assert law381.r381_4d.check(coop_b, AS_OF).status == Status.OK


def test_4d_missing_document_or_issuer_is_a_warning(coop_b):
    jobs = staff(coop_b, 2)
    DisadvantagedStatusFactory(organization=coop_b, person=jobs[0].person, document="")
    DisadvantagedStatusFactory(organization=coop_b, person=jobs[1].person, certifying_body=" ")
    f = law381.r381_4d.check(coop_b, AS_OF)
    assert f.status == Status.WARNING
    assert (f.data["missing_document"], f.data["missing_issuer"]) == (1, 1)


def test_4d_expiring_within_sixty_days_is_info(coop_b):
    jobs = staff(coop_b, 2)
    DisadvantagedStatusFactory(
        organization=coop_b, person=jobs[0].person, valid_to=AS_OF + 60 * DAY
    )
    DisadvantagedStatusFactory(
        organization=coop_b, person=jobs[1].person, valid_to=AS_OF + 61 * DAY
    )
    f = law381.r381_4d.check(coop_b, AS_OF)
    assert f.status == Status.INFO
    assert f.data["expiring_soon"] == 1


# --- R-381-1b, 2a, 2c, 8 ----------------------------------------------------------------------


def test_1b_name_without_cooperativa_sociale_is_a_violation(org):
    assert law381.r381_1b.check(org, AS_OF).status == Status.OK
    org.legal_name = "La Ginestra società cooperativa"
    assert law381.r381_1b.check(org, AS_OF).status == Status.VIOLATION


def test_2a_exactly_half_volunteers_is_ok(org):
    members(org, 5, category=MemberCategory.VOLONTARIO)
    members(org, 5)
    f = law381.r381_2a.check(org, AS_OF)
    assert f.status == Status.OK
    assert f.value == ratio("0.5")


def test_2a_just_above_half_is_a_violation(org):
    members(org, 51, category=MemberCategory.VOLONTARIO)
    members(org, 50)
    f = law381.r381_2a.check(org, AS_OF)
    assert f.status == Status.VIOLATION
    assert f.data == {"members": 101, "volunteer_members": 51, "volunteer_share": ratio(51 / 101)}


def test_2a_counts_members_in_force_on_the_day(org):
    # given two volunteers who left before the day and one applicant
    members(org, 2, category=MemberCategory.VOLONTARIO, ended_on=AS_OF - DAY)
    members(org, 1, category=MemberCategory.VOLONTARIO)
    members(org, 1)
    MembershipFactory(
        organization=org,
        category=MemberCategory.VOLONTARIO,
        status=MembershipStatus.APPLIED,
        register_number=None,
        admitted_on=None,
    )
    assert law381.r381_2a.check(org, AS_OF).data["members"] == 2


def test_2c_every_active_volunteer_insured(org):
    VolunteerInsuranceFactory(volunteer=VolunteerFactory(organization=org))
    assert law381.r381_2c.check(org, AS_OF).status == Status.OK
    uncovered = VolunteerFactory(organization=org)
    VolunteerInsuranceFactory(volunteer=uncovered, valid_to=AS_OF - DAY)
    VolunteerFactory(organization=org, end_date=AS_OF - DAY)  # left: not counted
    f = law381.r381_2c.check(org, AS_OF)
    assert f.status == Status.VIOLATION
    assert f.data == {"active_volunteers": 2, "insured": 1, "uninsured": 1}


@pytest.mark.parametrize(("social", "expected"), [(7, Status.OK), (6, Status.VIOLATION)])
def test_8_consortium_seventy_percent(social, expected):
    consortium = new_org(kind=OrganizationKind.CONSORTIUM)
    for i in range(10):
        kind = OrganizationKind.SOCIAL_COOP_A if i < social else OrganizationKind.COOP
        Affiliation.objects.create(
            organization=new_org(kind=kind),
            group=consortium,
            start_date=dt.date(2020, 1, 1),
        )
    gone = new_org(kind=OrganizationKind.COOP)
    Affiliation.objects.create(
        organization=gone, group=consortium, start_date=dt.date(2020, 1, 1), end_date=AS_OF - DAY
    )
    f = law381.r381_8.check(consortium, AS_OF)
    assert f.status == expected
    assert f.data["affiliates"] == 10


# --- Civil Code ---------------------------------------------------------------------------------


def test_2522_nine_members_ok_eight_only_a_warning(org):
    members(org, 8)
    f = civil_code.cc_2522.check(org, AS_OF)
    # an uncertain rule never reports a violation
    assert f.status == Status.WARNING
    assert f.level == Level.UNCERTAIN
    assert f.threshold == 9
    members(org, 1)
    assert civil_code.cc_2522.check(org, AS_OF).status == Status.OK


def test_2522_srl_model_with_natural_persons_needs_three(org):
    org.legal_form = LegalForm.SCRL
    members(org, 3)
    assert civil_code.cc_2522.check(org, AS_OF).status == Status.OK
    legal = PersonFactory(organization=org, kind=PersonKind.LEGAL, denomination="Fondazione")
    MembershipFactory(organization=org, person=legal, category=MemberCategory.PERSONA_GIURIDICA)
    f = civil_code.cc_2522.check(org, AS_OF)
    assert f.threshold == 9
    assert f.status == Status.WARNING


def test_2522_srl_model_with_twenty_cooperators_asks_to_check_assets(org):
    org.legal_form = LegalForm.SCRL
    members(org, 20)
    f = civil_code.cc_2522.check(org, AS_OF)
    assert f.status == Status.WARNING
    assert "1.438.000" in f.explanation


def test_2525_holding_cap_changes_on_18_10_2024(org):
    # given a natural person holding 120,000 euros (plus a capitalised ristorno, not counted)
    StatuteFactory(organization=org)
    membership = MembershipFactory(organization=org)
    ShareTransactionFactory(membership=membership, subscribed_delta=Decimal("120000"))
    ShareTransactionFactory(
        membership=membership, kind=Kind.RISTORNO, subscribed_delta=Decimal("30000")
    )
    # when / then: over the old 100,000 cap, within the new 143,800 one
    before = civil_code.cc_2525.check(org, dt.date(2024, 10, 17))
    assert before.status == Status.VIOLATION
    assert before.threshold == Decimal("100000")
    after = civil_code.cc_2525.check(org, dt.date(2024, 10, 18))
    assert after.status == Status.OK
    assert after.threshold == Decimal("143800")


def test_2525_legal_persons_are_not_capped(org):
    StatuteFactory(organization=org)
    legal = PersonFactory(organization=org, kind=PersonKind.LEGAL, denomination="Fondazione")
    membership = MembershipFactory(organization=org, person=legal)
    ShareTransactionFactory(membership=membership, subscribed_delta=Decimal("500000"))
    assert civil_code.cc_2525.check(org, AS_OF).status == Status.OK


def test_2525_nominal_value_bounds(org):
    statute = cast(Statute, StatuteFactory(organization=org, share_nominal_value=Decimal("20")))
    assert civil_code.cc_2525.check(org, AS_OF).status == Status.VIOLATION
    statute.share_nominal_value = Decimal("719")
    statute.shares_are_azioni = True
    statute.save()
    assert civil_code.cc_2525.check(org, AS_OF).status == Status.OK
    assert civil_code.cc_2525.check(org, dt.date(2024, 10, 17)).status == Status.VIOLATION


def _applicant(org, applied_on, **fields):
    fields = {"status": MembershipStatus.APPLIED, **fields}
    return MembershipFactory(
        organization=org, register_number=None, applied_on=applied_on, admitted_on=None, **fields
    )


def test_2528_pending_at_day_60_is_in_term_at_day_61_overdue(org):
    _applicant(org, AS_OF - 60 * DAY)
    f = civil_code.cc_2528.check(org, AS_OF)
    assert f.status == Status.INFO
    assert f.data["next_deadline"] == AS_OF.isoformat()
    _applicant(org, AS_OF - 61 * DAY)
    f = civil_code.cc_2528.check(org, AS_OF)
    assert f.status == Status.VIOLATION
    assert (f.data["pending"], f.data["overdue"], f.value) == (2, 1, 61)


def test_2528_an_application_decided_later_was_pending_on_the_day(org):
    # given an applicant admitted after the as-of day
    MembershipFactory(organization=org, applied_on=AS_OF - 90 * DAY, admitted_on=AS_OF + DAY)
    assert civil_code.cc_2528.check(org, AS_OF).status == Status.VIOLATION
    assert civil_code.cc_2528.check(org, AS_OF + DAY).status == Status.OK


def test_2528_appeal_not_decided_is_a_warning(org):
    _applicant(
        org,
        AS_OF - 120 * DAY,
        status=MembershipStatus.REFUSED,
        refused_on=AS_OF - 90 * DAY,
        appeal_filed_on=AS_OF - 80 * DAY,
    )
    f = civil_code.cc_2528.check(org, AS_OF)
    assert f.status == Status.WARNING
    assert f.data["appeals_pending"] == 1


def test_2532_withdrawal_pending_past_sixty_days(org):
    MembershipFactory(organization=org, exit_requested_on=AS_OF - 60 * DAY)
    assert civil_code.cc_2532.check(org, AS_OF).status == Status.INFO
    MembershipFactory(organization=org, exit_requested_on=AS_OF - 61 * DAY)
    assert civil_code.cc_2532.check(org, AS_OF).status == Status.VIOLATION
    MembershipFactory(
        organization=org, exit_requested_on=AS_OF - 200 * DAY, exit_decided_on=AS_OF - 150 * DAY
    )
    assert civil_code.cc_2532.check(org, AS_OF).data["pending"] == 2


def test_civil_code_rules_do_not_apply_to_a_federation():
    federation = new_org(kind=OrganizationKind.FEDERATION)
    for rule in (civil_code.cc_2522, civil_code.cc_2525, civil_code.cc_2528):
        assert rule.check(federation, AS_OF).status == Status.NOT_APPLICABLE


# --- R-IS-4, R-NET-1, R-NET-3 -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("highest", "expected"),
    [
        ("80000", Status.OK),
        ("80100", Status.WARNING),
        ("120000", Status.WARNING),
        ("120100", Status.VIOLATION),
    ],
)
def test_is4_pay_ratio(org, highest, expected):
    EmploymentFactory(organization=org, gross_annual_pay=Decimal("10000"))
    EmploymentFactory(organization=org, gross_annual_pay=Decimal(highest))
    # a trainee's allowance is not an employee's pay
    EmploymentFactory(
        organization=org, contract_type=ContractType.TRAINEE, gross_annual_pay=Decimal("3000")
    )
    f = enterprise.is_4.check(org, AS_OF)
    assert f.status == expected
    assert f.value == (Decimal(highest) / 10000).quantize(Decimal("0.01"))


def test_is4_without_pay_data_is_not_applicable(org):
    assert enterprise.is_4.check(org, AS_OF).status == Status.NOT_APPLICABLE


def test_net1_human_scale_is_advice(org):
    members(org, 100)
    assert enterprise.net_1.check(org, AS_OF).status == Status.OK
    members(org, 1)
    f = enterprise.net_1.check(org, AS_OF)
    assert f.status == Status.WARNING
    assert f.level == Level.NETWORK


def test_net3_incubation(org):
    assert enterprise.net_3.check(org, AS_OF).status == Status.INFO
    Incubation.objects.create(organization=org, child=new_org(), start_date=dt.date(2023, 1, 1))
    f = enterprise.net_3.check(org, AS_OF)
    assert f.status == Status.OK
    assert f.data == {"incubated": 1}
