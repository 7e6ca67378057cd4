"""The glue every page uses: who is asking, what is not found, a form handed to a service, and
a background job's progress page (load it, retry it).

A view stays thin: it reads through selectors, builds a form, and on a valid POST calls
``saved(request, form, lambda: service(...), message)``; a ``ValidationError`` the service
raises goes back onto the form, next to the field it names (the rest at the top).
``form_page`` is that whole page: the form, the service, where to go after, the template.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models.fields.files import FieldFile
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django_tasks.base import Task

from . import selectors
from .access import OrgAccess
from .jobs import job_check_lease, job_retry
from .models import Job, User

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


def attempt(
    request: HttpRequest, write: Callable[[], T], message: str | Callable[[T], str] | None = None
) -> T | None:
    """Run a service for a button (no form to show again): its refusal becomes an error
    message, else ``message`` (or ``message(result)``) is said; returns the service's result,
    None when it refused."""
    try:
        result = write()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    if message is not None:
        messages.success(request, message(result) if callable(message) else message)
    return result


def form_page(
    request: HttpRequest,
    form: BaseForm,
    write: Callable[[], T],
    message: str,
    then: Callable[[T], HttpResponse],
    template: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The one shape of a page with a form: on a valid POST run ``write`` (a service, through
    ``saved``) and go ``then(result)``; else, or when the service refused (its errors then on
    the form), render ``template`` with ``form`` and ``context``."""
    if request.method == "POST" and form.is_valid():
        result = saved(request, form, write, message)
        if result is not None:
            return then(result)
    return render(request, template, {"form": form, **(context or {})})


def job_or_404(access: OrgAccess, kind: str, pk: int) -> Job:
    """One of the organization's jobs of this kind (else 404), failed first if its worker died:
    the polling page is where a lapsed lease is noticed."""
    job = get_or_404(lambda: selectors.jobs(access.organization, kind).get(pk=pk))
    return job_check_lease(job=job)


def retry_job(request: HttpRequest, job: Job, task: Task[[int], Any]) -> None:
    """Queue a failed job again; a refusal (still running, file gone) becomes a message."""
    attempt(request, lambda: job_retry(actor=current_user(request), job=job, task=task))


def stored_file(field: FieldFile, *, as_attachment: bool) -> HttpResponse:
    """An uploaded file, streamed: a download, or shown inline (pictures); 404 when the row has
    no file or the storage lost it."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=as_attachment)  # type: ignore[return-value]
