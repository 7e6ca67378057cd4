"""Calls: only a consortium or a federation runs one; dates in order; questions and criteria
are fixed once it is published; eligibility decides who sees it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coopnet.core.models import OrganizationKind
from coopnet.core.tests.factories import new_org
from coopnet.practices import selectors, services
from coopnet.practices.models import QuestionKind

from .conftest import call_data, make_call


def test_a_call_is_created_with_its_themes_and_criteria(consortium):
    call = make_call(consortium)
    assert call.themes == " aree_interne welfare "
    assert [c.name for c in call.criteria.all()] == ["Impatto", "Replicabilità"]
    assert call.published
    assert call.is_open()


def test_a_cooperative_does_not_run_a_call(org):
    with pytest.raises(ValidationError) as refused:
        services.call_create(actor=None, organization=org, data=call_data())
    assert "title" in refused.value.message_dict


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"closes_at": timezone.now() - dt.timedelta(days=3)}, "closes_at"),
        ({"reviews_due_on": timezone.localdate() + dt.timedelta(days=1)}, "reviews_due_on"),
        ({"title": ""}, "title"),
    ],
)
def test_dates_out_of_order_are_refused_with_the_field(consortium, change, field):
    with pytest.raises(ValidationError) as refused:
        services.call_create(actor=None, organization=consortium, data=call_data(**change))
    assert field in refused.value.message_dict


def test_questions_need_options_only_for_choices_and_freeze_on_publication(consortium):
    call = make_call(consortium, publish=False)
    with pytest.raises(ValidationError) as refused:
        services.question_add(
            actor=None, call=call, label="Quale fascia?", kind=QuestionKind.CHOICE,
            options="solo una", required=True,
        )  # fmt: skip
    assert "options" in refused.value.message_dict
    services.question_add(
        actor=None, call=call, label="Budget (euro)", kind=QuestionKind.NUMBER, required=False
    )
    services.call_publish(actor=None, call=call)
    with pytest.raises(ValidationError):
        services.question_add(
            actor=None, call=call, label="Altro", kind=QuestionKind.TEXT, required=False
        )
    with pytest.raises(ValidationError):
        services.call_publish(actor=None, call=call)


def test_a_criterion_needs_a_scale(consortium):
    call = make_call(consortium, publish=False)
    with pytest.raises(ValidationError) as refused:
        services.criterion_add(
            actor=None, call=call, name="Costo", weight=1, scale_min=5, scale_max=5
        )
    assert "scale_max" in refused.value.message_dict


def test_open_calls_follow_eligibility(consortium, org, other_org, affiliated):
    members_only = make_call(consortium, title="Solo aderenti", eligibility="aderenti")
    for_coops = make_call(consortium, title="Cooperative", eligibility="cooperative")
    make_call(consortium, title="Bozza", publish=False)
    association = new_org(kind=OrganizationKind.ASSOCIATION)
    assert set(selectors.open_calls(org)) == {members_only, for_coops}
    assert set(selectors.open_calls(other_org)) == {for_coops}
    assert list(selectors.open_calls(association)) == []
    assert services.eligibility_reason(members_only, other_org)
