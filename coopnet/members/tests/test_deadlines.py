"""Legal deadlines of the lifecycle: R-CC-2528, R-CC-2532, R-CC-2533."""

from __future__ import annotations

import datetime as dt

import pytest

from coopnet.core.models import Parameter
from coopnet.core.parameters import parameter_value
from coopnet.members import deadlines, selectors, services

from .factories import applicant, member

D = dt.date


@pytest.mark.parametrize(
    ("requested_on", "end"),
    [
        (D(2025, 1, 1), D(2025, 12, 31)),
        (D(2025, 9, 30), D(2025, 12, 31)),
        (D(2025, 10, 1), D(2026, 12, 31)),
        (D(2025, 12, 31), D(2026, 12, 31)),
    ],
)
def test_mutual_relation_end(db, requested_on, end):
    assert deadlines.mutual_relation_end(requested_on) == end


def test_mutual_relation_end_follows_the_parameter(db):
    # given a (hypothetical) change of law to one month's notice from 2030
    Parameter.objects.create(
        key="cc.withdrawal_notice_months", value=1, valid_from=D(2030, 1, 1), source="test"
    )
    assert deadlines.mutual_relation_end(D(2030, 11, 30)) == D(2030, 12, 31)
    assert deadlines.mutual_relation_end(D(2030, 12, 1)) == D(2031, 12, 31)


def test_preloaded_parameters_match_parameter_value(db, django_assert_num_queries):
    lookup = deadlines.preloaded_parameters()
    with django_assert_num_queries(0):
        values = [lookup(key, D(2025, 6, 1)) for key in deadlines.DEADLINE_KEYS]
    assert values == [parameter_value(key, D(2025, 6, 1)) for key in deadlines.DEADLINE_KEYS]


def test_admission_deadline_is_60_days_after_the_application(org):
    membership = applicant(org, applied_on=D(2025, 3, 1))
    assert deadlines.admission_deadline(membership) == D(2025, 4, 30)
    pending = deadlines.pending_decision(membership, D(2025, 4, 30))
    assert pending is not None
    assert (pending.kind, pending.overdue, pending.days_left) == ("admission", False, 0)
    late = deadlines.pending_decision(membership, D(2025, 5, 1))
    assert late is not None
    assert late.overdue is True


def test_appeal_deadline_and_pending_appeal(org, admin_user):
    membership = applicant(org, applied_on=D(2025, 1, 10))
    services.membership_refuse(
        actor=admin_user, membership=membership, refused_on=D(2025, 2, 1), reason="x"
    )
    # before the appeal: the applicant's 60 days, nothing for the board to decide
    assert deadlines.appeal_deadline(membership) == D(2025, 4, 2)
    assert deadlines.pending_decision(membership, D(2025, 2, 2)) is None
    # after the appeal: the assembly decides at its next meeting (no fixed day)
    services.membership_appeal(actor=admin_user, membership=membership, filed_on=D(2025, 2, 5))
    pending = deadlines.pending_decision(membership, D(2026, 1, 1))
    assert pending is not None
    assert (pending.kind, pending.deadline, pending.overdue) == ("appeal", None, False)


def test_withdrawal_deadline(org, admin_user):
    membership = member(org)
    services.withdrawal_request(actor=admin_user, membership=membership, requested_on=D(2025, 3, 1))
    assert deadlines.withdrawal_deadline(membership) == D(2025, 4, 30)
    pending = deadlines.pending_decision(membership, D(2025, 3, 2))
    assert pending is not None
    assert pending.kind == "withdrawal"


def test_pending_decisions_lists_every_kind_most_urgent_first(org, admin_user):
    late = applicant(org, applied_on=D(2025, 1, 1))
    recent = applicant(org, applied_on=D(2025, 5, 1))
    leaving = member(org)
    services.withdrawal_request(actor=admin_user, membership=leaving, requested_on=D(2025, 3, 1))
    member(org)  # an ordinary member waits for nothing
    found = selectors.pending_decisions(org, D(2025, 4, 1))
    assert [(p.membership.pk, p.kind, p.overdue) for p in found] == [
        (late.pk, "admission", True),
        (leaving.pk, "withdrawal", False),
        (recent.pk, "admission", False),
    ]
