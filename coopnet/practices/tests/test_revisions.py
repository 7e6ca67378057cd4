"""Revisions of a published practice: its owner proposes, the organizer approves (the page
then shows the new text) or rejects with a reason; every revision is kept. A practice not
reviewed for a year is "possibly out of date" until the organizer confirms it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coopnet.practices import selectors, services
from coopnet.practices.models import Practice, RevisionState, codes_list

NEW_TEXT = {
    "title": "La bottega di comunità, due anni dopo",
    "summary": "<b>Ora</b> anche un ambulatorio.",
    "problem": "Il paese aveva perso l'ultimo negozio.",
    "actions": "La bottega ospita il medico due volte a settimana.",
    "results": "200 famiglie servite.",
    "people_involved": 200,
    "sector": "47.11",
    "themes": ["welfare", "cura"],
    "sdgs": ["3", "11"],
}


def _propose(practice, owner, **overrides):
    return services.revision_propose(
        actor=None,
        practice=practice,
        owner=owner,
        data={**NEW_TEXT, **overrides},
        note="Aggiornata",
    )


def test_an_approved_revision_replaces_the_public_text_and_the_history_stays(practice, org):
    old_title = practice.title
    revision = _propose(practice, org)
    assert selectors.practice(practice.pk).title == old_title  # not before approval
    services.revision_approve(actor=None, revision=revision)
    shown = selectors.practice(practice.pk)
    assert shown.title == NEW_TEXT["title"]
    assert set(codes_list(shown.themes)) == {"welfare", "cura"}
    assert "ambulatorio" in shown.search_text
    assert [r.state for r in selectors.revisions(shown)] == [RevisionState.APPROVED]
    assert selectors.catalogue("ambulatorio").get() == shown
    with pytest.raises(ValidationError, match="già stata decisa"):
        services.revision_approve(actor=None, revision=revision)


def test_only_the_owner_proposes_and_one_revision_waits_at_a_time(practice, org, other_org):
    with pytest.raises(ValidationError, match="Solo l'organizzazione"):
        _propose(practice, other_org)
    _propose(practice, org)
    with pytest.raises(ValidationError, match="attende già"):
        _propose(practice, org)


def test_a_revision_missing_a_text_names_the_field(practice, org):
    with pytest.raises(ValidationError) as refused:
        _propose(practice, org, results="  ")
    assert "results" in refused.value.message_dict


def test_a_rejection_needs_a_reason_and_keeps_the_page(practice, org):
    revision = _propose(practice, org)
    with pytest.raises(ValidationError) as refused:
        services.revision_reject(actor=None, revision=revision, feedback=" ")
    assert "feedback" in refused.value.message_dict
    services.revision_reject(actor=None, revision=revision, feedback="Mancano i numeri.")
    assert selectors.practice(practice.pk).title == practice.title
    _propose(practice, org)  # a new one may follow


def _age(practice: Practice, days: int) -> None:
    Practice.objects.filter(pk=practice.pk).update(
        reviewed_on=timezone.localdate() - dt.timedelta(days=days)
    )


def test_a_practice_unreviewed_for_a_year_is_marked_until_confirmed(client, practice, settings):
    _age(practice, 365)
    assert not selectors.practice(practice.pk).out_of_date()
    _age(practice, 366)
    page = client.get(reverse("practices:practice", args=[practice.pk])).content.decode()
    assert 'data-testid="out-of-date-note"' in page
    assert (
        'data-testid="out-of-date"' in client.get(reverse("practices:catalogue")).content.decode()
    )
    settings.COOPNET_PRACTICES_REVIEW_DAYS = 400
    assert not selectors.practice(practice.pk).out_of_date()
    settings.COOPNET_PRACTICES_REVIEW_DAYS = 365
    services.practice_confirm(actor=None, practice=practice)
    assert not selectors.practice(practice.pk).out_of_date()


def test_an_approved_revision_renews_the_review_date(practice, org):
    _age(practice, 500)
    services.revision_approve(actor=None, revision=_propose(practice, org))
    assert selectors.practice(practice.pk).reviewed_on == timezone.localdate()


def test_the_owner_proposes_and_the_organizer_approves_through_the_pages(
    client, practice, org, admin_user, consortium, consortium_staff
):
    client.force_login(admin_user)
    own = reverse("practices:published", args=[org.slug, practice.pk])
    assert (
        practice.title
        in client.get(reverse("practices:published_list", args=[org.slug])).content.decode()
    )
    post = {**NEW_TEXT, "note": "<script>x()</script>"}
    assert client.post(own, post).status_code == 302
    page = client.get(own).content.decode()
    assert 'data-testid="waiting"' in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page
    refused = client.post(own, {**post, "title": ""})
    assert refused.status_code == 200
    client.force_login(consortium_staff)
    curated = reverse("practices:curated", args=[consortium.slug, practice.pk])
    listing = client.get(reverse("practices:curated_list", args=[consortium.slug])).content.decode()
    assert practice.title in listing
    page = client.get(curated).content.decode()
    assert "&lt;b&gt;Ora&lt;/b&gt;" in page
    assert client.post(curated, {"action": "reject", "feedback": ""}).status_code == 200
    assert client.post(curated, {"action": "approve"}).status_code == 302
    public = client.get(reverse("practices:practice", args=[practice.pk])).content.decode()
    assert NEW_TEXT["title"] in public
    assert "&lt;b&gt;Ora&lt;/b&gt;" in public
    assert client.post(curated, {"action": "confirm"}).status_code == 302


def test_others_get_404_on_the_revision_pages(client, practice, org, consortium, outsider):
    client.force_login(outsider)
    for url in (
        reverse("practices:published", args=[org.slug, practice.pk]),
        reverse("practices:curated", args=[consortium.slug, practice.pk]),
    ):
        assert client.get(url).status_code == 404
    other = outsider.role_assignments.get().organization
    assert (
        client.get(reverse("practices:published", args=[other.slug, practice.pk])).status_code
        == 404
    )
