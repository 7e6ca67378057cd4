"""Fail background jobs whose worker died and delete expired uploads and jobs (cron)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from coopnet.core.jobs import jobs_cleanup


class Command(BaseCommand):
    help = (
        "Mark failed the background jobs whose lease lapsed, delete uploaded files older than "
        "COOPNET_UPLOAD_RETENTION_HOURS and finished jobs older than COOPNET_JOB_RETENTION_HOURS."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            counts = jobs_cleanup()
            self.stdout.write(
                _(
                    "%(expired)d lavori interrotti, %(uploads)d file caricati eliminati, "
                    "%(jobs)d lavori conclusi eliminati."
                )
                % counts
            )
