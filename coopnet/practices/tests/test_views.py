"""Pages of calls and submissions: the organizer builds and publishes a call, an applicant
drafts and submits; a refused submit keeps the draft; HTML is stored as text and shown
escaped; pages of another organization's rows are 404."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coopnet.core.models import Comune
from coopnet.practices import services
from coopnet.practices.models import Call, Submission, SubmissionState

from .conftest import close, core, make_call, reload, submit


def _core_post(**overrides):
    data = {
        "action": "submit",
        "title": "Orti sociali",
        "summary": "<script>alert('x')</script> Orti per tutti.",
        "problem": "Terreni abbandonati.",
        "actions": "Abbiamo recuperato tre ettari.",
        "results": "40 persone inserite al lavoro.",
        "people_involved": "40",
        "sector": "01.13",
        "organization_kind": "social_coop_b",
        "themes": ["agricoltura"],
        "sdgs": ["2", "8"],
        "comuni": "Pievepelago (MO)",
        "contact_name": "Luca",
        "contact_email": "luca@example.org",
        "contact_phone": "",
        "licence": "cc-by-sa-4.0",
    }
    data.update(overrides)
    return data


def test_the_organizer_builds_and_publishes_a_call(client, consortium, consortium_staff):
    client.force_login(consortium_staff)
    now = timezone.localtime()
    response = client.post(
        reverse("practices:call_create", args=[consortium.slug]),
        {
            "title": "Bando welfare",
            "text": "Testo",
            "themes": ["welfare"],
            "eligibility": "tutti",
            "opens_on": now.date().isoformat(),
            "closes_at": (now + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
            "reviews_due_on": (now + dt.timedelta(days=20)).date().isoformat(),
        },
    )
    call = Call.objects.for_org(consortium).get()
    assert response.status_code == 302
    page = reverse("practices:call", args=[consortium.slug, call.pk])
    client.post(
        page,
        {"action": "criterion", "c-name": "Impatto", "c-weight": "1", "c-scale_min": "0",
         "c-scale_max": "5"},
    )  # fmt: skip
    publish = reverse("practices:call_publish", args=[consortium.slug, call.pk])
    assert b"consequences" in client.get(publish).content
    assert client.post(publish).status_code == 302
    call.refresh_from_db()
    assert call.published
    assert call.criteria.count() == 1


def test_a_refused_call_form_names_the_field(client, consortium, consortium_staff):
    client.force_login(consortium_staff)
    response = client.post(
        reverse("practices:call_create", args=[consortium.slug]),
        {"title": "X", "text": "T", "eligibility": "tutti", "opens_on": "2026-13-01"},
    )
    assert response.status_code == 200
    assert "opens_on" in response.context["form"].errors


def test_an_applicant_drafts_and_submits_with_html_kept_as_text(client, org, admin_user, call):
    client.force_login(admin_user)
    home = client.get(reverse("practices:home", args=[org.slug]))
    assert call.title in home.content.decode()
    start = reverse("practices:open_call", args=[org.slug, call.pk])
    assert client.post(start, {"title": "Orti sociali"}).status_code == 302
    submission = Submission.objects.for_org(call.organization).get()
    page = reverse("practices:submission", args=[org.slug, submission.pk])
    response = client.post(page, _core_post())
    assert response.status_code == 302
    submission = reload(submission)
    assert submission.state == SubmissionState.SUBMITTED
    assert submission.summary.startswith("<script>")
    shown = client.get(page).content.decode()
    assert "<script>alert" not in shown
    assert "&lt;script&gt;" in shown


def test_a_refused_submit_keeps_the_draft(client, org, admin_user, call):
    client.force_login(admin_user)
    submission = submit(call, org)
    page = reverse("practices:submission", args=[org.slug, submission.pk])
    client.post(page, {"action": "withdraw"})
    close(call)
    response = client.post(page, _core_post(title="Titolo nuovo, non perso"))
    assert response.status_code == 200
    assert "scadenza" in response.content.decode()
    submission = reload(submission)
    assert submission.title == "Titolo nuovo, non perso"
    assert submission.state == SubmissionState.WITHDRAWN


def test_an_unknown_comune_is_refused_on_its_field(client, org, admin_user, call):
    client.force_login(admin_user)
    draft = submit(call, org)
    page = reverse("practices:submission", args=[org.slug, draft.pk])
    client.post(page, {"action": "withdraw"})
    response = client.post(page, _core_post(comuni="Atlantide"))
    assert "comuni" in response.context["form"].errors


def test_another_organization_never_reaches_a_submission(client, org, other_org, outsider, call):
    submission = submit(call, org)
    client.force_login(outsider)
    for url in (
        reverse("practices:submission", args=[other_org.slug, submission.pk]),
        reverse("practices:submission", args=[org.slug, submission.pk]),
        reverse("practices:received", args=[other_org.slug, submission.pk]),
    ):
        assert client.get(url).status_code == 404


def test_a_plain_member_does_not_submit(client, org, member_user, consortium):
    make_call(consortium)
    client.force_login(member_user)
    assert client.get(reverse("practices:home", args=[org.slug])).status_code == 404


def test_files_are_checked_and_reach_assigned_reviewers_only(
    client, org, admin_user, consortium, call, reviewers, media
):
    client.force_login(admin_user)
    draft = services.submission_create(actor=None, call=call, applicant=org, title="Con foto")
    page = reverse("practices:submission", args=[org.slug, draft.pk])
    upload = SimpleUploadedFile("orto.png", b"\x89PNG", content_type="image/png")
    assert (
        client.post(page, {"action": "file", "kind": "foto", "upload": upload}).status_code == 302
    )
    wrong = SimpleUploadedFile("orto.pdf", b"%PDF", content_type="application/pdf")
    refused = client.post(page, {"action": "file", "kind": "foto", "upload": wrong})
    assert "upload" in refused.context["file_form"].errors
    attached = draft.files.get()
    services.submission_save(
        actor=None, submission=draft, data=core(), comuni=[Comune.objects.get(name="Pievepelago")],
        answers={},
    )  # fmt: skip
    services.submission_submit(actor=None, submission=draft)
    close(call)
    [assignment] = services.reviewers_assign(
        actor=None, call=call, reviewers=reviewers[:1], per_submission=1
    )
    review_file = reverse("practices:review_file", args=[consortium.slug, attached.pk])
    client.force_login(reviewers[0])
    review = client.get(reverse("practices:review", args=[consortium.slug, assignment.pk]))
    assert review_file in review.content.decode()
    client.force_login(reviewers[1])
    assert client.get(review_file).status_code == 404
