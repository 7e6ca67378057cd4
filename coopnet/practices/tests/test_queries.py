"""List pages read in a number of queries that does not grow with their rows."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coopnet.core.tests.factories import new_org
from coopnet.practices import services

from .conftest import close, make_call, submit


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _released_call(consortium, reviewers, n):
    call = make_call(consortium, title=f"Bando {n}")
    submissions = [
        submit(call, new_org(slug=f"c{n}-{i}"), title=f"Pratica {n}-{i}") for i in range(n)
    ]
    close(call)
    services.reviewers_assign(actor=None, call=call, reviewers=reviewers, per_submission=2)
    for s in submissions:
        services.decision_save(actor=None, submission=s, decision="accolta", feedback="")
    return services.decisions_release(actor=None, call=call, on=timezone.localdate())


def test_the_organizer_pages_and_the_catalogue_do_not_grow(
    client, consortium, consortium_staff, reviewers
):
    small = _released_call(consortium, reviewers, 1)
    large = _released_call(consortium, reviewers, 4)
    client.force_login(consortium_staff)
    for name in ("practices:call", "practices:ranking"):
        few = _count(client, reverse(name, args=[consortium.slug, small.pk]))
        many = _count(client, reverse(name, args=[consortium.slug, large.pk]))
        assert many == few, name
    client.force_login(reviewers[0])
    reviews = _count(client, reverse("practices:reviews", args=[consortium.slug]))
    client.logout()
    few = _count(client, reverse("practices:catalogue") + f"?bando={small.pk}")
    many = _count(client, reverse("practices:catalogue") + f"?bando={large.pk}")
    assert many == few
    assert reviews < 15
