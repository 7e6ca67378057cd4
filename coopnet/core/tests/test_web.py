"""The shared page glue: form fields, service errors onto forms, not found as 404."""

import re
from collections.abc import Iterator
from typing import cast

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.template.loader import render_to_string
from django.test import RequestFactory

from coopnet.core.models import Job
from coopnet.core.web import get_or_404, saved, stored_file


class _Form(forms.Form):
    name = forms.CharField(label="Nome", help_text="Come compare nel libro soci.")
    agreed = forms.BooleanField(label="Accetto", required=False)


def test_the_help_text_carries_the_id_the_input_points_to():
    form = _Form(data={})
    form.is_valid()
    html = render_to_string("includes/_form.html", {"form": form})
    described = re.search(r'name="name"[^>]*aria-describedby="([^"]+)"', html)
    assert described is not None, html
    for target in described.group(1).split():
        assert f'id="{target}"' in html  # help text and error list both exist
    assert "<label><input" in html  # a checkbox sits inside its label


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_a_refusal_goes_onto_the_field_it_names_and_the_rest_on_top():
    form = _Form(data={"name": "Ada"})
    assert form.is_valid()

    def refuse():
        raise ValidationError({"name": "Già registrato.", "tax_code": "Non valido."})

    assert saved(_request(), form, refuse, "Salvato.") is None
    assert form.errors["name"] == ["Già registrato."]
    assert form.non_field_errors() == ["Non valido."]


def test_a_success_returns_what_the_service_returned_and_says_so():
    form = _Form(data={"name": "Ada"})
    assert form.is_valid()
    request = _request()
    assert saved(request, form, lambda: 42, "Salvato.") == 42
    assert [str(m) for m in request._messages] == ["Salvato."]


def test_nothing_found_is_a_404():
    def missing():
        raise ObjectDoesNotExist

    with pytest.raises(Http404):
        get_or_404(missing)
    assert get_or_404(lambda n: n + 1, 1) == 2


def test_a_stored_file_is_streamed_and_a_missing_one_is_404(org, media):
    job = Job(organization=org, kind="prova")
    with pytest.raises(Http404):  # no file on the row
        stored_file(job.input_file, as_attachment=True)
    job.input_file.save("soci.csv", ContentFile(b"nome;cognome\n"), save=False)

    response = cast(FileResponse, stored_file(job.input_file, as_attachment=True))

    content = b"".join(cast(Iterator[bytes], response.streaming_content))
    response.close()
    assert content == b"nome;cognome\n"
    assert response["Content-Disposition"].startswith("attachment;")
    job.input_file.storage.delete(str(job.input_file.name))
    lost = Job(organization=org, kind="prova", input_file=job.input_file.name)
    with pytest.raises(Http404):  # the storage lost it
        stored_file(lost.input_file, as_attachment=False)
