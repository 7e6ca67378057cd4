"""Uploaded libro soci files and the state of their checks, for runs in the background."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from coopnet.core.models import Organization, User

from ..jobs import FileJob
from .importer import import_register
from .report import ImportReport


class ImportJob(FileJob):
    """An uploaded libro soci and the state of its check and import."""

    area = "imports"

    @classmethod
    def create(cls, organization_id: int, filename: str, chunks: Iterator[bytes]) -> ImportJob:
        extension = Path(filename).suffix.lower()
        job = cls.new(
            organization_id, extension, {"filename": Path(filename).name, "status": "new"}
        )
        with job.file_path.open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        return job

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
