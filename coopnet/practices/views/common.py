"""What the practices pages share: permissions and files' downloads."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse

from ..models import FileKind, SubmissionFile

MANAGE = "practices.calls:manage"
SUBMIT = "practices.submissions:write"
REVIEW = "practices.reviews:write"


def file_response(row: SubmissionFile) -> HttpResponse:
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=row.kind != FileKind.PICTURE)  # type: ignore[return-value]
