"""Files of background work kept for one organization: an uploaded register to import, a PDF book
being printed. Each file has its state beside it as JSON, which the status pages poll."""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any, ClassVar, Self

from django.conf import settings

from coopnet.core.models import Organization

from . import exports, selectors
from .selectors import RegisterFilters

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class FileJob:
    """A file and the state of its work, in MEDIA_ROOT/<area>/<organization id>/ under a random
    name, so one organization's URL can never reach another's file."""

    area: ClassVar[str]

    def __init__(self, organization_id: int, token: str, extension: str = "") -> None:
        if not TOKEN_RE.match(token):
            raise FileNotFoundError(token)
        self.organization_id = organization_id
        self.token = token
        self.folder = Path(settings.MEDIA_ROOT) / self.area / str(organization_id)
        self.state_path = self.folder / f"{token}.json"
        self._extension = extension

    @classmethod
    def new(cls, organization_id: int, extension: str, state: dict[str, Any]) -> Self:
        job = cls(organization_id, secrets.token_urlsafe(24), extension)
        job.folder.mkdir(parents=True, exist_ok=True)
        job.save_state({**state, "extension": extension})
        return job

    @classmethod
    def load(cls, organization_id: int, token: str) -> Self:
        job = cls(organization_id, token)
        if not job.state_path.exists():
            raise FileNotFoundError(token)
        job._extension = job.state()["extension"]
        return job

    @property
    def file_path(self) -> Path:
        return self.folder / f"{self.token}{self._extension}"

    def state(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.state_path.read_text())
        return result

    def save_state(self, state: dict[str, Any]) -> None:
        temporary = self.state_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(state))
        os.replace(temporary, self.state_path)

    def update(self, **changes: Any) -> dict[str, Any]:
        state = {**self.state(), **changes}
        self.save_state(state)
        return state


class ExportJob(FileJob):
    """The printable libro soci (PDF) of some filters, built in the background and kept for a
    day for download (a book of 2,000 members takes WeasyPrint about half a minute)."""

    area = "exports"
    KEEP_SECONDS = 24 * 3600

    @classmethod
    def create(cls, organization_id: int, filters: RegisterFilters, filename: str) -> ExportJob:
        cls.prune(organization_id)
        state = {"status": "queued", "filters": asdict(filters), "filename": filename}
        return cls.new(organization_id, ".pdf", state)

    @classmethod
    def prune(cls, organization_id: int) -> None:
        """Remove books older than KEEP_SECONDS: they hold personal data."""
        folder = Path(settings.MEDIA_ROOT) / cls.area / str(organization_id)
        oldest = time.time() - cls.KEEP_SECONDS
        for path in folder.glob("*") if folder.exists() else []:
            if path.stat().st_mtime < oldest:
                path.unlink(missing_ok=True)

    def run(self) -> dict[str, Any]:
        """Print the book; a finished one is not printed again (the task is idempotent)."""
        state = self.state()
        if state["status"] == "done" and self.file_path.exists():
            return state
        self.update(status="running")
        try:
            organization = Organization.objects.get(pk=self.organization_id)
            rows = selectors.register(organization, RegisterFilters(**state["filters"]))
            document = exports.pdf_document(organization, rows)
            temporary = self.file_path.with_suffix(".part")
            temporary.write_bytes(document.write_pdf())
            os.replace(temporary, self.file_path)
        except Exception:
            self.update(status="failed")
            raise
        return self.update(status="done", pages=len(document.pages))
