"""Stories and the feed: the organizer writes news about its practices and calls; they are
public from their day, on the catalogue's home page and in the RSS/Atom feed with the new
practices; HTML typed in them stays text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coopnet.practices import selectors, services
from coopnet.practices.models import Story

from .conftest import make_call

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def _story(organizer, **overrides):
    data = {
        "title": "<script>alert(1)</script> Premiata la bottega",
        "text": "La giuria ha scelto <b>tre</b> pratiche.",
        "practice": None,
        "call": None,
        "published_on": timezone.localdate(),
        **overrides,
    }
    return services.story_create(actor=None, organization=organizer, data=data)


def test_a_story_is_public_from_its_day(consortium):
    today = _story(consortium)
    _story(consortium, title="Domani", published_on=timezone.localdate() + dt.timedelta(days=1))
    assert list(selectors.public_stories()) == [today]


def test_a_story_links_only_the_organizers_own_practice_and_published_call(
    consortium, practice, org, other_org
):
    _story(consortium, practice=practice, call=practice.call)
    other = make_call(consortium, publish=False)
    with pytest.raises(ValidationError) as refused:
        _story(consortium, call=other)
    assert "call" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _story(org, title="Non siamo un consorzio")
    assert "title" in refused.value.message_dict


def test_a_picture_of_the_wrong_type_or_size_is_refused(consortium, media):
    data = {"title": "Foto", "text": "T", "practice": None, "call": None,
            "published_on": timezone.localdate()}  # fmt: skip
    pdf = SimpleUploadedFile("x.pdf", b"%PDF", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.story_create(actor=None, organization=consortium, data=data, picture=pdf)
    assert "picture" in refused.value.message_dict
    big = SimpleUploadedFile("x.png", b"0" * (10 * 1024 * 1024 + 1), content_type="image/png")
    with pytest.raises(ValidationError, match="10 MB"):
        services.story_create(actor=None, organization=consortium, data=data, picture=big)
    ok = SimpleUploadedFile("x.png", PNG, content_type="image/png")
    story = services.story_create(actor=None, organization=consortium, data=data, picture=ok)
    assert story.picture


def test_the_organizer_writes_a_story_and_the_public_reads_it(
    client, consortium, consortium_staff, practice, media
):
    client.force_login(consortium_staff)
    new = reverse("practices:story_create", args=[consortium.slug])
    post = {
        "title": "<script>alert(1)</script> Premiata",
        "text": "Testo <b>grassetto</b>",
        "practice": practice.pk,
        "published_on": timezone.localdate().strftime("%Y-%m-%d"),
        "picture": SimpleUploadedFile("foto.png", PNG, content_type="image/png"),
    }
    assert client.post(new, post).status_code == 302
    refused = client.post(new, {**post, "title": "", "picture": ""})
    assert refused.status_code == 200
    assert "title" in refused.context["form"].errors
    story = Story.objects.get()
    assert (
        client.get(reverse("practices:story_edit", args=[consortium.slug, story.pk])).status_code
        == 200
    )
    client.logout()
    home = client.get(reverse("practices:catalogue")).content.decode()
    assert 'data-testid="stories"' in home
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Premiata" in home
    assert 'rel="alternate" type="application/rss+xml"' in home
    page = client.get(reverse("practices:story", args=[story.pk])).content.decode()
    assert "Testo &lt;b&gt;grassetto&lt;/b&gt;" in page
    assert practice.title in page
    picture = client.get(reverse("practices:story_picture", args=[story.pk]))
    assert picture.status_code == 200


def test_the_feeds_list_new_practices_and_stories(client, consortium, practice):
    _story(consortium)
    _story(consortium, title="Futura", published_on=timezone.localdate() + dt.timedelta(days=3))
    for name, marker in (("practices:feed_rss", b"<rss"), ("practices:feed_atom", b"<feed")):
        response = client.get(reverse(name))
        assert response.status_code == 200
        body = response.content
        assert marker in body
        assert practice.title.encode() in body
        assert b"&lt;script&gt;alert(1)&lt;/script&gt; Premiata la bottega" in body
        assert b"<script>" not in body
        assert b"Futura" not in body


def test_stories_of_others_are_404(client, consortium, outsider, other_org):
    story = _story(consortium, published_on=timezone.localdate() + dt.timedelta(days=1))
    assert client.get(reverse("practices:story", args=[story.pk])).status_code == 404
    client.force_login(outsider)
    for slug in (consortium.slug, other_org.slug):
        assert client.get(reverse("practices:story_edit", args=[slug, story.pk])).status_code == 404
