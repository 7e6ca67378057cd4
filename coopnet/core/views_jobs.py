"""Web glue of background jobs for every app's progress pages: load one, retry one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django_tasks.base import Task

from . import selectors
from .access import OrgAccess
from .jobs import job_check_lease, job_retry
from .models import Job, User


def job_or_404(access: OrgAccess, kind: str, pk: int) -> Job:
    """One of the organization's jobs of this kind (else 404), failed first if its worker died:
    the polling page is where a lapsed lease is noticed."""
    job = get_object_or_404(selectors.jobs(access.organization, kind), pk=pk)
    return job_check_lease(job=job)


def retry_job(request: HttpRequest, job: Job, task: Task[[int], Any]) -> None:
    """Queue a failed job again; a refusal (still running, file gone) becomes a message."""
    user = request.user
    assert isinstance(user, User)
    try:
        job_retry(actor=user, job=job, task=task)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
