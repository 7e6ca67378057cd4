"""Uploaded libro soci files and the state of their checks, for runs in the background."""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings

from coopnet.core.models import Organization, User

from .importer import import_register
from .report import ImportReport

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class ImportJob:
    """An uploaded file and the state of its checks, kept beside it as JSON.

    Files live in MEDIA_ROOT/imports/<organization id>/ with a random name, so one
    organization's URL can never reach another's upload.
    """

    def __init__(self, organization_id: int, token: str, extension: str = "") -> None:
        if not TOKEN_RE.match(token):
            raise FileNotFoundError(token)
        self.organization_id = organization_id
        self.token = token
        self.folder = Path(settings.MEDIA_ROOT) / "imports" / str(organization_id)
        self.state_path = self.folder / f"{token}.json"
        self._extension = extension

    @classmethod
    def create(cls, organization_id: int, filename: str, chunks: Iterator[bytes]) -> ImportJob:
        extension = Path(filename).suffix.lower()
        job = cls(organization_id, secrets.token_urlsafe(24), extension)
        job.folder.mkdir(parents=True, exist_ok=True)
        with job.file_path.open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        job.save_state({"filename": Path(filename).name, "extension": extension, "status": "new"})
        return job

    @classmethod
    def load(cls, organization_id: int, token: str) -> ImportJob:
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

    def _progress(self, done: int, total: int) -> None:
        self.update(done=done, total=total)

    def run(self, *, actor: User | None, dry_run: bool) -> ImportReport:
        """Run the check or the import and keep its report; a finished run is not repeated."""
        phase = "check" if dry_run else "import"
        state = self.state()
        if state.get("phase") == phase and state.get("status") == "done":
            return ImportReport.from_dict(state["report"])
        self.update(phase=phase, status="running", done=0, total=0)
        organization = Organization.objects.get(pk=self.organization_id)
        try:
            report = import_register(
                organization=organization,
                path=self.file_path,
                actor=actor,
                dry_run=dry_run,
                progress=self._progress,
            )
        except Exception:
            self.update(status="failed")
            raise
        self.update(status="done", report=report.to_dict())
        if report.saved:
            self.file_path.unlink(missing_ok=True)  # the data now lives in the register
        return report
