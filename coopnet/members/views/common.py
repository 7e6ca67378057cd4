"""Helpers shared by the members pages: posted data, the contacts form, a member's account."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.http import HttpRequest

from coopnet.core.web import current_user, saved

from .. import services
from ..models import Membership, Person, ShareAccount


def posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one), None for other methods."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None


def contacts_form(
    request: HttpRequest, form_class: type[forms.Form], person: Person, message: str
) -> tuple[forms.Form, bool]:
    """A form on ``person``'s contacts, saved by ``services.person_update`` when posted valid;
    returns it and whether it was saved (``message`` then said so)."""
    initial = {name: getattr(person, name) for name in form_class.base_fields}
    form = form_class(posted(request), initial=initial)
    if request.method != "POST" or not form.is_valid():
        return form, False
    write = partial(
        services.person_update, actor=current_user(request), person=person, data=form.cleaned_data
    )
    return form, saved(request, form, write, message) is not None


def share_account(membership: Membership) -> ShareAccount | None:
    try:
        return membership.share_account
    except ShareAccount.DoesNotExist:
        return None
