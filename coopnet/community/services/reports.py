"""Writes of activity reports: what was done under an agreement in a period, and its
pictures. A report is written while the agreement runs, for a period inside it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action
from coopnet.core.models import User
from coopnet.core.services import save_audited
from coopnet.core.validators import check_upload

from ..models import (
    REPORT_FIELDS,
    ActivityReport,
    Agreement,
    ReportDuty,
    ReportPicture,
)
from .agreements import _refuse_if_ended, day

MAX_PICTURE_BYTES = 10 * 1024 * 1024


def _check_report(report: ActivityReport) -> None:
    agreement = report.agreement
    _refuse_if_ended(agreement)
    errors: dict[str, str] = {}
    start, end = report.period_start, report.period_end
    if start and start < agreement.start_date:
        errors["period_start"] = _("Il periodo inizia prima dell'accordo (%(start)s).") % {
            "start": day(agreement.start_date)
        }
    if end and end > agreement.end_date:
        errors["period_end"] = _("Il periodo finisce dopo l'accordo (%(end)s).") % {
            "end": day(agreement.end_date)
        }
    if start and end and end < start:
        errors["period_end"] = _("La fine del periodo non può precedere l'inizio.")
    if start and start > timezone.localdate():
        errors["period_start"] = _("Il periodo non è ancora iniziato.")
    duty = report.duty
    if duty is not None and duty.agreement_id != agreement.pk:
        errors["duty"] = _("Questa rendicontazione è di un altro accordo.")
    elif (
        duty is not None
        and ActivityReport.objects.for_org(agreement.organization_id)
        .filter(duty=duty)
        .exclude(pk=report.pk)
        .exists()
    ):
        errors["duty"] = _("Questa rendicontazione ha già la sua relazione.")
    if errors:
        raise ValidationError(errors)
    report.full_clean(exclude=["organization", "agreement", "duty", "created_by"])


@transaction.atomic
def report_create(
    *,
    actor: User | None,
    agreement: Agreement,
    duty: ReportDuty | None,
    data: Mapping[str, Any],
) -> ActivityReport:
    """An activity report of ``agreement`` (for one of its reporting duties, or not)."""
    report = ActivityReport(
        organization_id=agreement.organization_id,
        agreement=agreement,
        duty=duty,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    return save_audited(
        actor=actor,
        instance=report,
        data=data,
        fields=REPORT_FIELDS,
        clean=_check_report,
        action="community.report.create",
    )


@transaction.atomic
def report_picture_add(
    *, actor: User | None, report: ActivityReport, title: str, upload: UploadedFile
) -> ReportPicture:
    """A picture of a report: JPEG, PNG or WebP, at most 10 MB."""
    check_upload(upload, max_bytes=MAX_PICTURE_BYTES, picture=True, field="upload")
    row = ReportPicture(
        organization_id=report.organization_id,
        report=report,
        title=title.strip() or (upload.name or ""),
        file=upload,
    )
    try:
        row.full_clean(exclude=["organization", "report"])
    except ValidationError as error:
        raise ValidationError({"upload": error.messages}) from error
    row.save()
    log_action(
        actor=actor,
        organization=report.organization,
        action="community.report.picture",
        obj=report,
        after={"picture": row.pk, "title": row.title},
    )
    return row
