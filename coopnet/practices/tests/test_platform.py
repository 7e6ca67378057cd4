"""Calls run by the platform: its own organization (made on first use by the platform
administrators' link), its calls' "members" are every cooperative, public pages say
"Organizzato da coopnet (piattaforma)"; nobody else reaches it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coopnet.core.models import Organization, OrganizationKind
from coopnet.core.platform import platform_organization
from coopnet.core.tests.factories import OrganizationFactory
from coopnet.network.services import affiliation_create
from coopnet.practices import selectors, services
from coopnet.practices.models import Call, Story

from .conftest import close, make_call, submit


def test_the_platform_admins_link_makes_the_platform_organization_once(
    client, platform_admin, settings
):
    settings.COOPNET_PLATFORM_SLUG = "piattaforma-test"
    client.force_login(platform_admin)
    assert "Bandi della piattaforma" in client.get(reverse("practices:catalogue")).content.decode()
    first = client.get(reverse("practices:platform_calls"))
    again = client.get(reverse("practices:platform_calls"))
    platform = Organization.objects.get(slug="piattaforma-test")
    assert (platform.kind, platform.short_name) == (OrganizationKind.PLATFORM, "coopnet")
    assert first["Location"] == reverse("practices:calls", args=["piattaforma-test"])
    assert again["Location"] == first["Location"]
    assert Organization.objects.filter(kind=OrganizationKind.PLATFORM).count() == 1


def test_others_do_not_reach_the_platforms_calls(client, admin_user, org):
    client.force_login(admin_user)  # a cooperative's administrator
    assert client.get(reverse("practices:platform_calls")).status_code == 404
    assert not Organization.objects.filter(kind=OrganizationKind.PLATFORM).exists()
    platform = platform_organization()
    assert client.get(reverse("practices:calls", args=[platform.slug])).status_code == 404
    client.logout()
    assert client.get(reverse("practices:platform_calls")).status_code == 302  # to the login


def test_a_platform_admin_creates_and_publishes_a_call_from_the_pages(client, platform_admin):
    client.force_login(platform_admin)
    calls = client.get(reverse("practices:platform_calls"), follow=True)
    platform = platform_organization()
    assert calls.status_code == 200
    assert "I nostri bandi" in calls.text
    assert "Bandi aperti e candidature" not in calls.text  # the platform never submits
    now = timezone.localtime()
    created = client.post(
        reverse("practices:call_create", args=[platform.slug]),
        {
            "title": "Premio nazionale coopnet",
            "text": "Per ogni cooperativa della piattaforma.",
            "eligibility": "aderenti",
            "opens_on": now.date().isoformat(),
            "closes_at": (now + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
            "reviews_due_on": (now + dt.timedelta(days=20)).date().isoformat(),
        },
    )
    assert created.status_code == 302
    call = Call.objects.for_org(platform).get()
    page = reverse("practices:call", args=[platform.slug, call.pk])
    client.post(
        page,
        {"action": "criterion", "c-name": "Impatto", "c-weight": "1", "c-scale_min": "0",
         "c-scale_max": "5"},
    )  # fmt: skip
    publish = reverse("practices:call_publish", args=[platform.slug, call.pk])
    assert client.post(publish).status_code == 302
    call.refresh_from_db()
    assert call.published
    assert "I nostri bandi" in client.get(page).content.decode()


def test_a_platform_call_for_members_is_for_every_cooperative(org, other_org):
    platform = platform_organization()
    call = make_call(platform, eligibility="aderenti")
    association = OrganizationFactory.create(slug="assoc", kind=OrganizationKind.ASSOCIATION)
    # Two cooperatives affiliated to nobody may submit; an association may not
    assert services.eligibility_reason(call, org) == ""
    assert call in selectors.open_calls(other_org)
    assert call not in selectors.open_calls(association)
    assert "riservato alle cooperative" in services.eligibility_reason(call, association)
    with pytest.raises(ValidationError, match="riservato alle cooperative"):
        services.submission_create(actor=None, call=call, applicant=association, title="X")
    # The platform never answers its own calls, nor anyone's
    consortium_call = make_call(
        OrganizationFactory.create(slug="cons", kind=OrganizationKind.CONSORTIUM),
        eligibility="tutti",
    )
    assert services.eligibility_reason(consortium_call, platform) != ""
    assert not selectors.open_calls(platform).exists()


def test_only_groups_and_the_platform_run_calls(org):
    with pytest.raises(ValidationError) as refused:
        make_call(org)
    assert "piattaforma" in refused.value.message_dict["title"][0]


def test_public_pages_say_the_platform_organized_it(client, org):
    platform = platform_organization()
    call = make_call(platform, eligibility="cooperative")
    submission = submit(call, org)
    close(call)
    services.decision_save(actor=None, submission=submission, decision="accolta", feedback="")
    services.decisions_release(actor=None, call=call, on=timezone.localdate())
    practice = submission.practice
    page = client.get(reverse("practices:practice", args=[practice.pk])).content.decode()
    assert "Organizzato da coopnet (piattaforma)" in page
    calls = client.get("/api/v1/practices/calls").json()
    assert [c["organizer"] for c in calls["items"]] == ["coopnet (piattaforma)"]
    found = client.get(reverse("practices:catalogue")).content.decode()
    assert practice.title in found


def test_the_platform_joins_no_consortium(consortium):
    platform = platform_organization()
    with pytest.raises(ValidationError) as refused:
        affiliation_create(
            actor=None, organization=platform, group=consortium, start_date=dt.date(2026, 1, 1)
        )
    assert "piattaforma" in refused.value.message_dict["group"][0]


def test_a_platform_admin_posts_a_story_shown_on_the_home_and_in_the_feeds(
    client, platform_admin, org, admin_user
):
    # Given the platform's organization, reached through the platform administrators' link
    client.force_login(platform_admin)
    calls = client.get(reverse("practices:platform_calls"), follow=True)
    platform = platform_organization()
    stories = reverse("practices:stories", args=[platform.slug])
    assert f'href="{stories}">Notizie</a>' in calls.text

    # When an administrator posts a story from its pages
    post = {
        "title": "Aperto il premio nazionale",
        "text": "Tutte le cooperative possono partecipare.",
        "published_on": timezone.localdate().isoformat(),
    }
    created = client.post(reverse("practices:story_create", args=[platform.slug]), post)
    assert created.status_code == 302
    assert created["Location"] == stories
    story = Story.objects.for_org(platform).get()
    assert "Aperto il premio nazionale" in client.get(stories).content.decode()

    # Then anyone reads it on the catalogue's home, its page, the feeds and the API, by the
    # platform
    client.logout()
    home = client.get(reverse("practices:catalogue")).content.decode()
    assert 'data-testid="stories"' in home
    assert "Aperto il premio nazionale</a> · coopnet (piattaforma) ·" in home
    page = client.get(reverse("practices:story", args=[story.pk])).content.decode()
    assert "coopnet (piattaforma)" in page
    rss = client.get(reverse("practices:feed_rss")).content.decode()
    assert "<title>Aperto il premio nazionale</title>" in rss
    assert "coopnet (piattaforma)</dc:creator>" in rss
    atom = client.get(reverse("practices:feed_atom")).content.decode()
    assert "<name>coopnet (piattaforma)</name>" in atom
    api = client.get("/api/v1/practices/stories").json()
    assert [(s["title"], s["organizer"]) for s in api["items"]] == [
        ("Aperto il premio nazionale", "coopnet (piattaforma)")
    ]

    # A cooperative still posts none: refused in words, by its pages and by the service
    client.force_login(admin_user)
    refused = client.post(reverse("practices:story_create", args=[org.slug]), post)
    assert refused.status_code == 200
    assert "Solo chi promuove bandi" in refused.content.decode()
    with pytest.raises(ValidationError) as no:
        services.story_create(actor=admin_user, organization=org, data=post)
    assert "Solo chi promuove bandi" in no.value.message_dict["title"][0]
    assert not Story.objects.for_org(org).exists()
