"""The public catalogue: its search ignores accents and case (SQLite and PostgreSQL alike),
its filters, and a practice is public only from its release day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coopnet.core.models import Comune
from coopnet.practices import selectors, services
from coopnet.practices.models import Call, Practice
from coopnet.practices.search import normalize

from .conftest import close, core, submit


def test_normalize_drops_accents_case_and_punctuation():
    assert normalize("Comunità, PERCHÉ l'àncora!") == "comunita perche l ancora"


@pytest.fixture
def published(call, org, other_org):
    first = submit(call, org, title="Welfare di comunità a Pievepelago")
    second = submit(
        call, other_org, title="Trasporto solidale", comune="Bologna", themes=["cura"],
        sdgs=["3"], sector="49.39", summary="Un pulmino per chi non guida.",
        actions="Autisti volontari accompagnano gli anziani.",
    )  # fmt: skip
    close(call)
    for submission in (first, second):
        services.decision_save(actor=None, submission=submission, decision="accolta", feedback="")
    services.decisions_release(actor=None, call=call, on=timezone.localdate())
    return call


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("comunita", ["Welfare di comunità a Pievepelago"]),
        ("COMUNITÀ pievepel", ["Welfare di comunità a Pievepelago"]),
        ("trasporto", ["Trasporto solidale"]),
        ("bottega", ["Welfare di comunità a Pievepelago"]),
        ("anziani", ["Trasporto solidale"]),
        ("negozio", ["Trasporto solidale", "Welfare di comunità a Pievepelago"]),
        ("nessunaparola", []),
    ],
)
def test_search_ignores_accents_and_case(published, query, titles):
    assert sorted(p.title for p in selectors.catalogue(query)) == titles


def test_filters_narrow_the_catalogue(published):
    bologna = Comune.objects.select_related("province").get(name="Bologna")
    assert [p.title for p in selectors.catalogue(tema="cura")] == ["Trasporto solidale"]
    assert [p.title for p in selectors.catalogue(sdg="11")] == ["Welfare di comunità a Pievepelago"]
    assert [p.title for p in selectors.catalogue(provincia=bologna.province_id)] == [
        "Trasporto solidale"
    ]
    assert len(selectors.catalogue(regione=bologna.province.region_id, settore="49")) == 1
    assert len(selectors.catalogue(anno=timezone.localdate().year, bando=published.pk)) == 2
    assert len(selectors.catalogue(tipo="social_coop_a")) == 0


def test_practices_are_public_only_from_the_release_day(published, client):
    Call.objects.filter(pk=published.pk).update(
        release_on=timezone.localdate() + dt.timedelta(days=1)
    )
    Practice.objects.for_org(published.organization).update(
        published_on=timezone.localdate() + dt.timedelta(days=1)
    )
    assert list(selectors.catalogue()) == []
    for practice in Practice.objects.for_org(published.organization):
        assert client.get(reverse("practices:practice", args=[practice.pk])).status_code == 404


def test_the_catalogue_page_searches_and_ignores_bad_filters(published, client):
    response = client.get(reverse("practices:catalogue"), {"q": "comunita", "anno": "abc"})
    assert response.status_code == 200
    assert [p.title for p in response.context["page"]] == ["Welfare di comunità a Pievepelago"]
    practice = response.context["page"][0]
    page = client.get(reverse("practices:practice", args=[practice.pk])).text
    for text in (response.text, page):  # the comune with its province, once
        assert "Pievepelago (MO)" in text
        assert "(MO) (MO)" not in text


def _titles(query: str) -> list[str]:
    return sorted(p.title for p in selectors.catalogue(query))


WELFARE = "Welfare di comunità a Pievepelago"


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("pulmin", ["Trasporto solidale"]),  # the start of a longer word
        ("autist volont", ["Trasporto solidale"]),
        ("cooperativ", [WELFARE]),  # «cooperativa», whose Italian stem is shorter
        ("comunit", [WELFARE]),
        ("anziani pulmino", ["Trasporto solidale"]),  # every word must match
        ("anziani emporio", []),
        ("emporio montagna riaperto", [WELFARE]),
        ("tito", []),  # the middle of a word is not a word: «autisti» is not found by «tisti»
        ("tisti", []),
    ],
)
def test_search_matches_the_start_of_every_word(published, query, titles):
    assert _titles(query) == titles


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ('"comunità"*', [WELFARE]),
        ("comunita:*", [WELFARE]),
        ("bottega & !negozio", [WELFARE]),  # operators are not operators: both words match
        ("(bottega) | emporio", [WELFARE]),
        ("pulmino OR emporio", []),  # «or» is a word too, found nowhere
        ("NEAR(pulmino anziani)", []),
        ("pulmino AND anziani", []),
        ("'\"*:&|!()^-+{}[]~<>;\\", None),  # nothing left: no filter
        ('"', None),
        ("*", None),
    ],
)
def test_query_syntax_is_reduced_to_words_and_never_raises(published, query, titles):
    found = _titles(query)
    if titles is None:
        assert found == ["Trasporto solidale", WELFARE]
    else:
        assert found == titles


def test_an_approved_revision_is_found_by_its_new_words_only(published, org):
    practice = Practice.objects.get(title=WELFARE)
    revision = services.revision_propose(
        actor=None,
        practice=practice,
        owner=org,
        data={
            **core(),
            "title": "Scuole aperte d'estate",
            "summary": "Le scuole del paese restano aperte con le cooperative dei genitori.",
            "problem": "D'estate i bambini restavano soli.",
            "actions": "I genitori curano laboratori e merende.",
            "results": "40 bambini ogni estate.",
        },
        note="",
    )
    assert _titles("emporio") == [WELFARE]  # a proposed revision is not public yet
    assert _titles("merende") == []
    services.revision_approve(actor=None, revision=revision)
    assert _titles("merende genitori") == ["Scuole aperte d'estate"]
    assert _titles("scuol") == ["Scuole aperte d'estate"]
    assert _titles("cooperativ") == ["Scuole aperte d'estate"]
    assert _titles("emporio") == []
    assert _titles("montagna bottega") == []


def test_unpublished_and_deleted_practices_are_not_found(published):
    welfare = Practice.objects.get(title=WELFARE)
    Practice.objects.filter(pk=welfare.pk).update(
        published_on=timezone.localdate() + dt.timedelta(days=1)
    )
    assert _titles("emporio") == []
    assert _titles("comunita") == []
    Practice.objects.filter(pk=welfare.pk).update(published_on=timezone.localdate())
    assert _titles("emporio") == [WELFARE]
    transport = Practice.objects.get(title="Trasporto solidale")
    transport.replication_requests.all().delete()
    Practice.objects.filter(pk=transport.pk).delete()
    assert _titles("pulmino") == []
    assert _titles("") == [WELFARE]


def test_text_written_without_the_services_is_found(published):
    """Bulk writes (the benchmark's seed, a data fix) bypass the services: the search follows
    the column itself (SQLite's triggers, PostgreSQL's expression index)."""
    welfare = Practice.objects.get(title=WELFARE)
    Practice.objects.filter(pk=welfare.pk).update(search_text=" zanzare tigre ")
    assert _titles("zanzar tigr") == [WELFARE]
    assert _titles("emporio") == []
