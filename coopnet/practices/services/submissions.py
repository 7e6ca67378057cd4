"""Writes of a submission: a draft, its changes and files, submitting and withdrawing it.

A draft is saved whatever it holds; submitting checks it is complete and the call still open.
The page saves the draft first and submits after, in two transactions, so a refused submit
never loses what was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action
from coopnet.core.models import Affiliation, Comune, Organization, User
from coopnet.core.services import save_audited
from coopnet.core.validators import check_upload

from ..models import (
    COOPERATIVE_KINDS,
    REQUIRED_TO_SUBMIT,
    SUBMISSION_FIELDS,
    Answer,
    Call,
    Eligibility,
    FileKind,
    Question,
    QuestionKind,
    Submission,
    SubmissionFile,
    SubmissionState,
    codes_text,
)

MAX_FILE_BYTES = 10 * 1024 * 1024


def eligibility_reason(
    call: Call, applicant: Organization | None, *, today: dt.date | None = None
) -> str:
    """Why ``applicant`` (None: a person, as themselves) may not submit to ``call`` on
    ``today`` ("" when it may). On the platform's calls the "member" organizations are
    every cooperative."""
    if applicant is None:
        if call.eligibility != Eligibility.ANYONE:
            return _(
                "Il bando è riservato alle organizzazioni (%(who)s): una persona senza "
                "organizzazione partecipa solo ai bandi aperti a chiunque."
            ) % {"who": call.get_eligibility_display()}
        return ""
    if applicant.pk == call.organization_id:
        return _("Chi promuove il bando non vi partecipa.")
    if applicant.is_platform:
        return _("L'organizzazione della piattaforma non partecipa ai bandi.")
    platform_members = call.eligibility == Eligibility.MEMBERS and call.organization.is_platform
    if (
        call.eligibility == Eligibility.COOPERATIVES or platform_members
    ) and applicant.kind not in COOPERATIVE_KINDS:
        return _("Il bando è riservato alle cooperative.")
    if call.eligibility == Eligibility.MEMBERS and not platform_members:
        member = (
            Affiliation.objects.for_org(applicant)
            .filter(
                Affiliation.active_on(today or timezone.localdate()), group_id=call.organization_id
            )
            .exists()
        )
        if not member:
            return _("Il bando è riservato alle organizzazioni aderenti a %(organizer)s.") % {
                "organizer": call.organization
            }
    return ""


def _check_open(call: Call, now: dt.datetime) -> None:
    if call.published and now > call.closes_at:
        when = timezone.localtime(call.closes_at).strftime("%d/%m/%Y %H:%M")
        raise ValidationError(_("Il bando è chiuso: la scadenza era il %(when)s.") % {"when": when})
    if not call.is_open(now):
        raise ValidationError(_("Il bando non è aperto."))


def _locked(submission: Submission) -> Submission:
    """The submission, locked for the change; refused when it is no longer a draft."""
    row = (
        Submission.objects.for_org(submission.organization_id)
        .select_for_update()
        .get(pk=submission.pk)
    )
    if row.state == SubmissionState.SUBMITTED:
        raise ValidationError(_("La candidatura è presentata: ritirala per modificarla."))
    return row


def _submission_data(data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        **data,
        "themes": codes_text(data.get("themes") or []),
        "sdgs": codes_text(data.get("sdgs") or []),
    }


def _check_draft(submission: Submission) -> None:
    submission.full_clean(exclude=["organization", "call", "applicant", "user", "created_by"])


@transaction.atomic
def submission_create(
    *,
    actor: User | None,
    call: Call,
    applicant: Organization | None,
    title: str,
    now: dt.datetime | None = None,
) -> Submission:
    """Start a draft; one per organization (or person) and call unless the call allows more.

    ``applicant`` None: ``actor`` submits as a person, to a call open to anyone."""
    now = now or timezone.now()
    person = actor if applicant is None and actor is not None and actor.is_authenticated else None
    if applicant is None and person is None:
        raise ValidationError(_("Accedi per presentare una candidatura a tuo nome."))
    _check_open(call, now)
    reason = eligibility_reason(call, applicant, today=timezone.localdate(now))
    if reason:
        raise ValidationError(reason)
    if not call.several_per_organization:
        if applicant is not None and applicant.practice_submissions.filter(call=call).exists():
            raise ValidationError(_("La tua organizzazione ha già una candidatura a questo bando."))
        if person is not None and call.submissions.filter(user=person).exists():
            raise ValidationError(_("Hai già una candidatura a tuo nome a questo bando."))
    return save_audited(
        actor=actor,
        instance=Submission(
            organization_id=call.organization_id,
            call=call,
            applicant=applicant,
            user=person,
            organization_kind=applicant.kind if applicant is not None else "",
            created_by=actor if actor is not None and actor.is_authenticated else None,
        ),
        data={"title": title.strip()},
        fields=("title",),
        clean=_check_draft,
        action="practices.submission.create",
    )


def _answer_value(question: Question, value: Any) -> str:
    text = "" if value is None else str(value).strip()
    if question.kind == QuestionKind.CHOICE and text and text not in question.option_list():
        raise ValidationError({f"q{question.pk}": _("Scegli una delle opzioni.")})
    return text


@transaction.atomic
def submission_save(
    *,
    actor: User | None,
    submission: Submission,
    data: Mapping[str, Any],
    comuni: list[Comune],
    answers: Mapping[int, Any],
) -> Submission:
    """Save a draft (or a withdrawn submission): the core, the territory, the answers."""
    row = _locked(submission)
    save_audited(
        actor=actor,
        instance=row,
        data=_submission_data(data),
        fields=SUBMISSION_FIELDS,
        clean=_check_draft,
        action="practices.submission.update",
    )
    row.comuni.set(comuni)
    for question in row.call.questions.exclude(kind=QuestionKind.FILE):
        if question.pk in answers:
            Answer.objects.update_or_create(
                organization_id=row.organization_id,
                submission=row,
                question=question,
                defaults={"text": _answer_value(question, answers[question.pk])},
            )
    return row


def _missing(submission: Submission) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in REQUIRED_TO_SUBMIT:
        if not str(getattr(submission, name) or "").strip():
            label = getattr(Submission._meta.get_field(name), "verbose_name", name)
            errors[name] = _("Manca «%(field)s».") % {"field": label}
    if not submission.by_person and not submission.organization_kind:
        errors["organization_kind"] = _("Manca «%(field)s».") % {
            "field": Submission._meta.get_field("organization_kind").verbose_name
        }
    if submission.by_person and not submission.contact_name.strip():
        # A person's practice is signed, once public, with the name they give here.
        errors["contact_name"] = _(
            "Indica il tuo nome come referente: è il nome con cui la pratica sarà pubblicata."
        )
    if not submission.comuni.exists():
        errors["comuni"] = _("Indica almeno un comune in cui si svolge la pratica.")
    answered = {a.question_id for a in submission.answers.all() if a.text}
    answered |= {f.question_id for f in submission.files.all() if f.question_id}
    for question in submission.call.questions.filter(required=True):
        if question.pk not in answered:
            errors[f"q{question.pk}"] = _("Rispondi alla domanda «%(q)s».") % {"q": question}
    return errors


@transaction.atomic
def submission_submit(
    *, actor: User | None, submission: Submission, now: dt.datetime | None = None
) -> Submission:
    """Submit a complete draft before the deadline (again after withdrawing it)."""
    now = now or timezone.now()
    row = _locked(submission)
    _check_open(row.call, now)
    errors = _missing(row)
    if errors:
        raise ValidationError(errors)
    row.state = SubmissionState.SUBMITTED
    row.submitted_at = now
    row.save(update_fields=["state", "submitted_at", "updated_at"])
    log_action(
        actor=actor, action="practices.submission.submit", obj=row, after={"state": row.state}
    )
    return row


@transaction.atomic
def submission_withdraw(
    *, actor: User | None, submission: Submission, now: dt.datetime | None = None
) -> Submission:
    """Withdraw a submitted submission while the call is open: it may be changed and
    submitted again until the deadline."""
    now = now or timezone.now()
    row = (
        Submission.objects.for_org(submission.organization_id)
        .select_for_update()
        .get(pk=submission.pk)
    )
    if row.state != SubmissionState.SUBMITTED:
        raise ValidationError(_("Si ritira solo una candidatura presentata."))
    _check_open(row.call, now)
    row.state = SubmissionState.WITHDRAWN
    row.save(update_fields=["state", "updated_at"])
    log_action(
        actor=actor, action="practices.submission.withdraw", obj=row, after={"state": row.state}
    )
    return row


@transaction.atomic
def submission_file_add(
    *,
    actor: User | None,
    submission: Submission,
    kind: str,
    title: str,
    upload: UploadedFile,
    question: Question | None = None,
) -> SubmissionFile:
    """Attach a picture (JPEG, PNG, WebP), a document, or the file a question asks for."""
    row = _locked(submission)
    check_upload(upload, max_bytes=MAX_FILE_BYTES, picture=kind == FileKind.PICTURE, field="upload")
    if question is not None and (question.call_id != row.call_id or question.kind != "file"):
        raise ValidationError({"question": _("La domanda non chiede un file.")})
    attached = SubmissionFile(
        organization_id=row.organization_id,
        submission=row,
        question=question,
        kind=kind,
        title=title.strip() or (upload.name or ""),
        file=upload,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    try:
        attached.full_clean(exclude=["organization", "submission", "question"])
    except ValidationError as error:
        raise ValidationError({"upload": error.messages}) from error
    attached.save()
    log_action(
        actor=actor,
        action="practices.submission.file",
        obj=row,
        after={"file": attached.pk, "kind": kind, "title": attached.title},
    )
    return attached
