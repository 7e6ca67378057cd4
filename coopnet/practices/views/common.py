"""What the practices pages share: permissions and files' downloads."""

from __future__ import annotations

from django.http import HttpResponse

from coopnet.core.web import stored_file

from ..models import FileKind, SubmissionFile

MANAGE = "practices.calls:manage"
SUBMIT = "practices.submissions:write"
REVIEW = "practices.reviews:write"


def file_response(row: SubmissionFile) -> HttpResponse:
    """A submission's file: pictures shown, documents downloaded."""
    return stored_file(row.file, as_attachment=row.kind != FileKind.PICTURE)
