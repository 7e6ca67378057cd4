"""What the workforce pages share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from coopnet.core.models import Organization, User
from coopnet.core.web import current_user, form_page
from coopnet.members.models import Person

from .. import selectors
from ..forms import PersonChoiceMixin

PAGE_SIZE = 50
T = TypeVar("T")


def back(name: str, organization: Organization, **kwargs: Any) -> HttpResponse:
    """Redirect to the workforce page ``name`` of ``organization``."""
    return redirect(f"workforce:{name}", org_slug=organization.slug, **kwargs)


def person_form_page(
    request: HttpRequest,
    organization: Organization,
    form: PersonChoiceMixin,
    write: Callable[[User, Person | None, dict[str, Any]], T],
    message: str,
    then: Callable[[T], HttpResponse],
    template: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """``form_page`` for a form about someone on file or someone new: the form offers the
    organization's people, ``write(actor, person, new_person)`` gets the one chosen (or the
    new one's data)."""
    form.set_persons(selectors.persons(organization))
    return form_page(
        request,
        form,
        lambda: write(current_user(request), form.cleaned_data["person"], form.new_person_data()),
        message,
        then,
        template,
        context,
    )
