"""Versions of the social report: the control body's review, the assembly's approval, the
frozen content and its hash, a new version after approval."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coopnet.core.models import AuditEntry
from coopnet.core.tests.factories import OrganizationFactory
from coopnet.governance import services as governance
from coopnet.governance.models import ItemKind
from coopnet.governance.tests.factories import (
    close_by_hands,
    first_item,
    in_session,
    members,
    numbers,
    present,
)
from coopnet.reporting import selectors, services
from coopnet.reporting.models import ReportStatus, SocialReport

from .fixtures import YEAR

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%attestazione\n"


def attestation(name="attestazione.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def decided_item(org, *, approve=True, kind=ItemKind.SOCIAL_REPORT):
    """An agenda item of ``org``'s assembly, voted by three members present (all in favour,
    or all against when ``approve`` is false)."""
    people = members(org, 3)
    meeting = in_session(org, items=((f"Bilancio sociale {YEAR}", kind),))
    present(meeting, *people)
    item = first_item(meeting)
    ballot = governance.ballot_open(actor=None, item=item, secret=False)
    against = [] if approve else numbers(*people)
    close_by_hands(ballot, against=against)
    item.refresh_from_db()
    return item


def complete(report, user):
    for state in selectors.section_states(report):
        services.section_update(
            actor=user,
            section=state.section,
            data={
                "text": f"Testo della sezione {state.section.number}.",
                "omission_reason": "Dati in corso di raccolta.",
                **{part: f"{part} scritto." for part in state.requirement.parts},
            },
        )


@pytest.fixture(autouse=True)
def _media(media):
    """Attestations land in a temporary folder."""


@pytest.fixture
def report(org, admin_user):
    return services.report_create(actor=admin_user, organization=org, year=YEAR)


@pytest.fixture
def ready(report, admin_user):
    """A complete report reviewed by the control body."""
    complete(report, admin_user)
    return services.report_review(actor=admin_user, report=report, attestation=attestation())


def test_approval_freezes_the_version_with_its_hash(org, admin_user, ready):
    # given a complete, reviewed report and the assembly's approving vote
    item = decided_item(org)
    # when the approval is recorded
    approved = services.report_approve(actor=admin_user, report=ready, item=item)
    # then the version is frozen: content, hash of that content, the assembly item
    approved.refresh_from_db()
    assert approved.status == ReportStatus.APPROVED
    assert approved.approval_item == item
    assert approved.frozen["sections"][0]["text"] == "Testo della sezione 1."
    assert approved.content_sha256 == selectors.content_hash(approved.frozen)
    assert len(approved.content_sha256) == 64
    assert AuditEntry.objects.filter(action="reporting.report.approve").count() == 1
    # and it is approved once, never edited
    with pytest.raises(ValidationError, match="già approvata"):
        services.report_approve(actor=admin_user, report=approved, item=item)
    section = selectors.report_section(approved, 1)
    with pytest.raises(ValidationError, match="approvato"):
        services.section_update(
            actor=admin_user, section=section, data={"text": "Altro", "omission_reason": ""}
        )
    with pytest.raises(ValidationError, match="approvato"):
        services.report_review(actor=admin_user, report=approved, attestation=attestation())


def test_the_hash_depends_only_on_the_content(org, admin_user, ready):
    content = selectors.report_content(ready)
    assert selectors.content_hash(content) == selectors.content_hash(
        selectors.report_content(SocialReport.objects.get(pk=ready.pk))
    )
    section = selectors.report_section(ready, 2)
    services.section_update(
        actor=admin_user, section=section, data={"text": "Un altro testo.", "omission_reason": ""}
    )
    assert selectors.content_hash(selectors.report_content(ready)) != selectors.content_hash(
        content
    )


def test_a_new_version_copies_the_frozen_one(org, admin_user, ready):
    approved = services.report_approve(actor=admin_user, report=ready, item=decided_item(org))
    with pytest.raises(ValidationError, match="solo di un bilancio approvato"):
        services.report_new_version(
            actor=admin_user,
            report=services.report_create(actor=admin_user, organization=org, year=YEAR - 1),
        )
    new = services.report_new_version(actor=admin_user, report=approved)
    assert (new.year, new.version, new.status) == (YEAR, 2, ReportStatus.DRAFT)
    assert new.content_sha256 == ""
    assert new.reviewed_at is None
    assert selectors.report_section(new, 3).involvement == "involvement scritto."
    assert selectors.content_hash(selectors.report_content(new)) == approved.content_sha256
    with pytest.raises(ValidationError, match="versione successiva"):
        services.report_new_version(actor=admin_user, report=approved)


def test_approval_with_incomplete_sections_names_them(org, admin_user, report):
    services.report_review(actor=admin_user, report=report, attestation=attestation())
    complete(report, admin_user)
    section = selectors.report_section(report, 4)
    services.section_update(
        actor=admin_user, section=section, data={"text": "", "omission_reason": ""}
    )
    with pytest.raises(ValidationError) as refused:
        services.report_approve(actor=admin_user, report=report, item=decided_item(org))
    assert refused.value.message_dict == {
        "sections": ["Sezioni incomplete senza un motivo dell'omissione: 4."]
    }
    assert SocialReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_approval_needs_the_control_bodys_review(org, admin_user, report):
    complete(report, admin_user)
    with pytest.raises(ValidationError) as refused:
        services.report_approve(actor=admin_user, report=report, item=decided_item(org))
    assert "attestation" in refused.value.message_dict


@pytest.mark.parametrize(
    ("build", "reason"),
    [
        (lambda org: decided_item(OrganizationFactory()), "un'altra organizzazione"),
        (lambda org: decided_item(org, approve=False), "non ha approvato"),
        (
            lambda org: decided_item(org, kind=ItemKind.ACCOUNTS),
            "Approvazione del bilancio sociale",
        ),
        (
            lambda org: first_item(
                in_session(org, items=((f"Bilancio sociale {YEAR}", ItemKind.SOCIAL_REPORT),))
            ),
            "non ha ancora votato",
        ),
    ],
    ids=["other-org", "rejected", "wrong-kind", "not-voted"],
)
def test_approval_needs_the_assemblys_item_decided(org, admin_user, ready, build, reason):
    with pytest.raises(ValidationError) as refused:
        services.report_approve(actor=admin_user, report=ready, item=build(org))
    assert reason in refused.value.message_dict["approval_item"][0]
    assert SocialReport.objects.get(pk=ready.pk).content_sha256 == ""


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (None, "Allega"),
        (attestation("attestazione.docx"), "dev'essere un PDF"),
        (attestation(content=b"not a pdf"), "non è un PDF"),
        (attestation(content=b"%PDF-" + b"0" * (10 * 1024 * 1024)), "10 MB"),
    ],
    ids=["missing", "type", "content", "size"],
)
def test_the_attestation_is_a_pdf_of_at_most_10_mb(admin_user, report, upload, reason):
    with pytest.raises(ValidationError) as refused:
        services.report_review(actor=admin_user, report=report, attestation=upload)
    assert reason in refused.value.message_dict["attestation"][0]
    assert SocialReport.objects.get(pk=report.pk).reviewed_at is None


def test_the_review_keeps_the_attestation(admin_user, report):
    reviewed = services.report_review(
        actor=admin_user, report=report, attestation=attestation(), note="Nessun rilievo."
    )
    with reviewed.attestation.open("rb") as stored:
        assert stored.read() == PDF
    assert reviewed.review_note == "Nessun rilievo."
    assert AuditEntry.objects.filter(action="reporting.report.review").count() == 1


def test_the_office_reviews_approves_once_asked_and_starts_a_new_version(
    client, org, admin_user, report
):
    complete(report, admin_user)
    item = decided_item(org)
    client.force_login(admin_user)
    args = [org.slug, report.pk]
    # the attestation: a wrong file is refused on the field, a PDF is kept
    wrong = client.post(
        reverse("reporting:review", args=args), {"attestation": attestation("a.txt")}
    )
    assert "dev&#x27;essere un PDF" in wrong.text
    client.post(reverse("reporting:review", args=args), {"attestation": attestation()})
    download = client.get(reverse("reporting:attestation", args=args))
    assert b"".join(download.streaming_content) == PDF
    # the approval asks once, showing what it does
    url = reverse("reporting:approve", args=args)
    asked = client.post(url, {"approval_item": item.pk})
    assert asked.status_code == 200
    assert "Conferma e approva" in asked.text
    assert SocialReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT
    done = client.post(url, {"approval_item": item.pk, "confirmed": "True"})
    assert done.status_code == 302
    approved = SocialReport.objects.get(pk=report.pk)
    assert approved.status == ReportStatus.APPROVED
    assert approved.content_sha256 in client.get(reverse("reporting:report", args=args)).text
    # a second approval is refused with the reason
    again = client.post(url, {"approval_item": item.pk, "confirmed": "True"})
    assert "già approvata" in again.text
    # a new version
    client.post(reverse("reporting:new_version", args=args))
    assert SocialReport.objects.get(organization=org, version=2).status == ReportStatus.DRAFT


def test_another_organizations_report_is_not_found(client, org, other_org, admin_user):
    theirs = services.report_create(actor=admin_user, organization=other_org, year=YEAR)
    client.force_login(admin_user)
    theirs_file = reverse("reporting:attestation", args=[org.slug, theirs.pk])
    assert client.get(theirs_file).status_code == 404
    for name in ("review", "approve", "new_version"):
        url = reverse(f"reporting:{name}", args=[org.slug, theirs.pk])
        assert client.post(url).status_code == 404
