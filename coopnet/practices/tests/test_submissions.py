"""Submissions: a draft is saved whatever it holds; submitting needs it complete and the call
open; withdraw and submit again until the deadline; one per organization unless allowed;
files' type and size are checked."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from coopnet.core.models import Comune
from coopnet.practices import services
from coopnet.practices.models import QuestionKind, SubmissionState

from .conftest import close, core, make_call, reload, submit


def test_a_complete_draft_is_submitted(call, org):
    submission = submit(call, org)
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.submitted_at is not None
    assert submission.themes == " welfare "
    assert submission.sdgs == " 11 "


def test_an_incomplete_draft_is_refused_naming_each_missing_field(call, org):
    draft = services.submission_create(actor=None, call=call, applicant=org, title="Idea")
    with pytest.raises(ValidationError) as refused:
        services.submission_submit(actor=None, submission=draft)
    assert {"summary", "problem", "actions", "results", "licence", "comuni"} <= set(
        refused.value.message_dict
    )
    assert reload(draft).state == SubmissionState.DRAFT


def test_one_submission_per_organization_unless_the_call_allows_more(consortium, org):
    call = make_call(consortium)
    submit(call, org)
    with pytest.raises(ValidationError):
        services.submission_create(actor=None, call=call, applicant=org, title="Seconda")
    several = make_call(consortium, several_per_organization=True)
    submit(several, org)
    assert submit(several, org, title="Seconda").state == SubmissionState.SUBMITTED


def test_withdraw_and_submit_again_until_the_deadline(call, org):
    submission = submit(call, org)
    with pytest.raises(ValidationError):
        services.submission_save(
            actor=None, submission=submission, data=core(), comuni=[], answers={}
        )
    services.submission_withdraw(actor=None, submission=submission)
    services.submission_save(
        actor=None,
        submission=submission,
        data=core(title="La bottega, seconda versione"),
        comuni=[Comune.objects.get(name="Pievepelago")],
        answers={},
    )
    again = services.submission_submit(actor=None, submission=submission)
    assert again.state == SubmissionState.SUBMITTED
    assert again.title.endswith("versione")
    services.submission_withdraw(actor=None, submission=submission)
    close(call)
    with pytest.raises(ValidationError, match="scadenza"):
        services.submission_submit(actor=None, submission=submission)
    with pytest.raises(ValidationError):
        services.submission_create(actor=None, call=call, applicant=org, title="Tardi")


def test_required_questions_are_answered_and_choices_checked(consortium, org):
    call = make_call(consortium, publish=False)
    choice = services.question_add(
        actor=None, call=call, label="Dimensione", kind=QuestionKind.CHOICE,
        options="piccola\ngrande", required=True,
    )  # fmt: skip
    document = services.question_add(
        actor=None, call=call, label="Bilancio sociale", kind=QuestionKind.FILE, required=True
    )
    call = services.call_publish(actor=None, call=call)
    draft = services.submission_create(actor=None, call=call, applicant=org, title="X")
    place = [Comune.objects.get(name="Pievepelago")]
    with pytest.raises(ValidationError) as refused:
        services.submission_save(
            actor=None, submission=draft, data=core(), comuni=place, answers={choice.pk: "media"}
        )
    assert f"q{choice.pk}" in refused.value.message_dict
    services.submission_save(
        actor=None, submission=draft, data=core(), comuni=place, answers={choice.pk: "grande"}
    )
    with pytest.raises(ValidationError) as missing:
        services.submission_submit(actor=None, submission=draft)
    assert set(missing.value.message_dict) == {f"q{document.pk}"}
    upload = SimpleUploadedFile("bilancio.pdf", b"%PDF-1.4", content_type="application/pdf")
    services.submission_file_add(
        actor=None, submission=draft, kind="documento", title="", upload=upload, question=document
    )
    assert services.submission_submit(actor=None, submission=draft).state == "presentata"


@pytest.mark.parametrize(
    ("name", "kind", "size"),
    [("foto.pdf", "foto", 10), ("script.exe", "documento", 10), ("grande.pdf", "documento", 0)],
)
def test_a_file_of_the_wrong_type_or_too_big_is_refused(call, org, media, name, kind, size):
    draft = services.submission_create(actor=None, call=call, applicant=org, title="X")
    upload = SimpleUploadedFile(name, b"x" * (size or 11 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        services.submission_file_add(
            actor=None, submission=draft, kind=kind, title="", upload=upload
        )
    assert "upload" in refused.value.message_dict
    assert not draft.files.exists()
