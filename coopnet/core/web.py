"""The glue every page uses: who is asking, what is not found, and a form handed to a service.

A view stays thin: it reads through selectors, builds a form, and on a valid POST calls
``saved(request, form, lambda: service(...), message)``; a ``ValidationError`` the service
raises goes back onto the form, next to the field it names (the rest at the top).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest

from .models import User

T = TypeVar("T")


def current_user(request: HttpRequest) -> User:
    """The logged-in user (views behind ``org_view`` or ``login_required`` only)."""
    user = request.user
    assert isinstance(user, User)
    return user


def get_or_404(getter: Callable[..., T], *args: Any) -> T:
    """``getter(*args)``, or 404 when it finds nothing (never a 500, never another's row)."""
    try:
        return getter(*args)
    except ObjectDoesNotExist as error:
        raise Http404 from error


def apply_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's errors next to the fields they name; the others at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def saved(request: HttpRequest, form: BaseForm, write: Callable[[], T], message: str) -> T | None:
    """Run a service for a valid form and say ``message``; None when the service refused
    (its errors are then on the form, to show it again)."""
    try:
        result = write()
    except ValidationError as error:
        apply_errors(form, error)
        return None
    messages.success(request, message)
    return result
