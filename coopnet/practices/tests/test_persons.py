"""Submissions by a person without an organization: to calls open to anyone only, one per
person and call, the same draft, withdraw, resubmit and deadline rules, the decision only from
its release day; reviewers see the person's name unless the review is blind and never review
their own; the public page names the person by the contact name they gave."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coopnet.core.models import Comune, Role
from coopnet.core.tests.factories import UserFactory, bearer
from coopnet.practices import selectors, services
from coopnet.practices.models import Practice, Submission, SubmissionState

from .conftest import close, core, make_call, reload, reviewer_of

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def person(db):
    """Someone who holds no role in any organization."""
    return UserFactory(email="giulia@example.org", full_name="Giulia Neri")


@pytest.fixture
def open_call(consortium):
    return make_call(consortium, eligibility="tutti")


def _post(**overrides):
    data = {
        "action": "submit",
        "title": "Il doposcuola di quartiere",
        "summary": "Un doposcuola gratuito nato da un gruppo di genitori.",
        "problem": "Nessun servizio per i ragazzi il pomeriggio.",
        "actions": "Abbiamo aperto una stanza della parrocchia tre pomeriggi a settimana.",
        "results": "35 ragazzi seguiti, 12 volontari.",
        "people_involved": "47",
        "sector": "",
        "organization_kind": "",
        "themes": ["educazione"],
        "sdgs": ["4"],
        "comuni": "Pievepelago (MO)",
        "contact_name": "Giulia Neri",
        "contact_email": "giulia.contatti@example.org",
        "contact_phone": "",
        "licence": "cc-by-4.0",
    }
    data.update(overrides)
    return data


def _person_submit(call, person, title="Il doposcuola di quartiere"):
    draft = services.submission_create(actor=person, call=call, applicant=None, title=title)
    services.submission_save(
        actor=person,
        submission=draft,
        data=core(title=title, organization_kind="", contact_name="Giulia Neri"),
        comuni=[Comune.objects.get(name="Pievepelago")],
        answers={},
    )
    return services.submission_submit(actor=person, submission=draft)


def test_the_whole_path_of_a_person(client, open_call, person, media):
    client.force_login(person)
    mine = reverse("practices:mine")
    assert open_call.title in client.get(mine).content.decode()

    # Given a draft started from the call's page
    start = client.post(
        reverse("practices:person_call", args=[open_call.pk]), {"title": "Doposcuola"}
    )
    submission = Submission.objects.for_org(open_call.organization).get()
    page = reverse("practices:person_submission", args=[submission.pk])
    assert start.status_code == 302
    assert start["Location"] == page
    assert submission.applicant is None
    assert submission.user == person
    assert submission.organization_kind == ""

    # When a file is attached and the draft submitted
    upload = SimpleUploadedFile("relazione.pdf", PDF, content_type="application/pdf")
    attach = {"action": "file", "kind": "documento", "title": "Relazione", "upload": upload}
    assert client.post(page, attach).status_code == 302
    assert client.post(page, _post()).status_code == 302

    # Then it is submitted, with its file, listed on the person's page
    submission = reload(submission)
    assert submission.state == SubmissionState.SUBMITTED
    (attached,) = submission.files.all()
    download = client.get(reverse("practices:person_file", args=[attached.pk]))
    # Read to its end, which closes the file (close() would close PostgreSQL's connection).
    assert b"".join(download.streaming_content) == PDF
    listed = client.get(mine).content.decode()
    assert "Il doposcuola di quartiere" in listed
    assert "Presentata" in listed

    # Withdrawn, changed and submitted again while the call is open
    assert client.post(page, {"action": "withdraw"}).status_code == 302
    assert reload(submission).state == SubmissionState.WITHDRAWN
    client.post(page, _post(title="Il doposcuola, seconda versione"))
    submission = reload(submission)
    assert (submission.state, submission.title) == (
        SubmissionState.SUBMITTED,
        "Il doposcuola, seconda versione",
    )

    # After the deadline nothing is withdrawn or submitted any more
    close(open_call)
    with pytest.raises(ValidationError, match="chiuso"):
        services.submission_withdraw(actor=person, submission=submission)
    late = client.post(page, {"action": "withdraw"}, follow=True)
    assert "Il bando è chiuso" in late.content.decode()
    assert reload(submission).state == SubmissionState.SUBMITTED

    # The decision is not shown before its release day, then it is
    services.decision_save(
        actor=None, submission=submission, decision="accolta", feedback="Molto bella."
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    services.decisions_release(actor=None, call=open_call, on=tomorrow)
    before = client.get(page).content.decode()
    assert "Molto bella." not in before
    assert 'data-testid="decision"' not in before
    assert "Accolta" not in client.get(mine).content.decode()
    assert client.get(f"/api/v1/practices/{Practice.objects.get().pk}").status_code == 404
    type(open_call).objects.filter(pk=open_call.pk).update(release_on=timezone.localdate())
    after = client.get(page).content.decode()
    assert "Molto bella." in after
    assert "Accolta" in client.get(mine).content.decode()


def test_a_person_is_refused_on_a_call_for_cooperatives_in_words(client, consortium, person):
    call = make_call(consortium, eligibility="cooperative")
    client.force_login(person)
    assert call.title not in client.get(reverse("practices:mine")).content.decode()
    response = client.post(reverse("practices:person_call", args=[call.pk]), {"title": "Idea"})
    assert response.status_code == 200
    assert "riservato alle organizzazioni" in response.content.decode()
    assert not Submission.objects.for_org(consortium).exists()
    members = make_call(consortium, eligibility="aderenti")
    with pytest.raises(ValidationError, match="bandi aperti a chiunque"):
        services.submission_create(actor=person, call=members, applicant=None, title="Idea")


def test_one_submission_per_person_unless_the_call_allows_more(consortium, person):
    call = make_call(consortium, eligibility="tutti")
    _person_submit(call, person)
    with pytest.raises(ValidationError, match="già una candidatura a tuo nome"):
        services.submission_create(actor=person, call=call, applicant=None, title="Seconda")
    # another person may
    other = UserFactory.create(email="marco@example.org")
    assert services.submission_create(actor=other, call=call, applicant=None, title="Sua")
    several = make_call(consortium, eligibility="tutti", several_per_organization=True)
    _person_submit(several, person)
    assert _person_submit(several, person, title="Seconda").state == SubmissionState.SUBMITTED


def test_a_person_without_login_cannot_submit_and_must_sign_with_a_name(open_call, person):
    with pytest.raises(ValidationError, match="Accedi"):
        services.submission_create(actor=None, call=open_call, applicant=None, title="X")
    draft = services.submission_create(actor=person, call=open_call, applicant=None, title="X")
    services.submission_save(
        actor=person,
        submission=draft,
        data=core(organization_kind="", contact_name=""),
        comuni=[Comune.objects.get(name="Pievepelago")],
        answers={},
    )
    with pytest.raises(ValidationError) as refused:
        services.submission_submit(actor=person, submission=draft)
    assert set(refused.value.message_dict) == {"contact_name"}


def test_another_person_gets_404(client, open_call, person, media):
    submission = _person_submit(open_call, person)
    upload = SimpleUploadedFile("r.pdf", PDF, content_type="application/pdf")
    services.submission_withdraw(actor=person, submission=submission)
    attached = services.submission_file_add(
        actor=person, submission=submission, kind="documento", title="R", upload=upload
    )
    outsider = UserFactory(email="estraneo@example.org")
    client.force_login(outsider)
    page = reverse("practices:person_submission", args=[submission.pk])
    assert client.get(page).status_code == 404
    assert client.post(page, {"action": "withdraw"}).status_code == 404
    assert client.get(reverse("practices:person_file", args=[attached.pk])).status_code == 404
    assert "Il doposcuola" not in client.get(reverse("practices:mine")).content.decode()
    client.logout()
    assert client.get(page).status_code == 302  # to the login


def test_reviewers_see_the_persons_name_unless_blind_and_never_review_their_own(
    client, consortium, person
):
    call = make_call(consortium, eligibility="tutti")
    submission = _person_submit(call, person)
    own = reviewer_of(consortium, "revisore@example.org")
    second = reviewer_of(consortium, "seconda@example.org")
    # The reviewer also submitted a practice to the call, as a person.
    theirs = _person_submit(call, own, title="La mia pratica")
    assert "ha presentato la candidatura" in services.conflict_reason(call, theirs, own)
    assert services.conflict_reason(call, submission, own) == ""
    close(call)
    made = services.reviewers_assign(
        actor=None, call=call, reviewers=[own, second], per_submission=1
    )
    assert {(a.submission_id, a.reviewer_id) for a in made} == {
        (submission.pk, own.pk),
        (theirs.pk, second.pk),
    }
    (assignment,) = selectors.my_assignments(consortium, own)
    client.force_login(own)
    page = client.get(reverse("practices:review", args=[consortium.slug, assignment.pk]))
    assert "Giulia Neri" in page.content.decode()
    api = client.get(
        f"/api/v1/orgs/{consortium.slug}/practices/reviews",
        headers=bearer(own, consortium, Role.MEMBER),
    ).json()
    assert api["items"][0]["applicant"] == "Giulia Neri"


def test_a_blind_call_hides_the_person(client, consortium, person):
    call = make_call(consortium, eligibility="tutti", blind=True)
    submission = _person_submit(call, person)
    reviewer = reviewer_of(consortium, "cieca@example.org")
    close(call)
    (assignment,) = services.reviewers_assign(
        actor=None, call=call, reviewers=[reviewer], per_submission=1
    )
    assert assignment.submission_id == submission.pk
    client.force_login(reviewer)
    page = client.get(reverse("practices:review", args=[consortium.slug, assignment.pk]))
    assert page.status_code == 200
    assert "Giulia Neri" not in page.content.decode()


def test_the_public_page_names_the_person_by_the_contact_name_only(client, consortium, person):
    call = make_call(consortium, eligibility="tutti")
    submission = _person_submit(call, person)
    close(call)
    services.decision_save(actor=None, submission=submission, decision="accolta", feedback="")
    services.decisions_release(actor=None, call=call, on=timezone.localdate())
    practice = Practice.objects.get(submission=submission)
    assert (practice.owner, practice.author, practice.organization_kind) == (
        None,
        "Giulia Neri",
        "",
    )
    page = client.get(reverse("practices:practice", args=[practice.pk])).content.decode()
    assert "Giulia Neri" in page
    assert "giulia@example.org" not in page
    assert "anna@example.org" not in page
    found = client.get("/api/v1/practices", {"q": "giulia neri"}).json()
    assert [(p["owner"], p["organization_kind"]) for p in found["items"]] == [("Giulia Neri", None)]
    geo = client.get(reverse("practices:geojson")).json()
    assert geo["features"][0]["properties"]["owner"] == "Giulia Neri"
    assert (
        "Giulia Neri"
        in client.get(reverse("practices:catalogue"), {"format": "csv"}).content.decode()
    )
    assert client.get(reverse("practices:feed_rss")).status_code == 200


def test_an_organizations_submission_still_needs_its_kind(call, org):
    draft = services.submission_create(actor=None, call=call, applicant=org, title="Idea")
    assert draft.organization_kind == org.kind
    services.submission_save(
        actor=None,
        submission=draft,
        data=core(organization_kind=""),
        comuni=[Comune.objects.get(name="Pievepelago")],
        answers={},
    )
    with pytest.raises(ValidationError) as refused:
        services.submission_submit(actor=None, submission=draft)
    assert set(refused.value.message_dict) == {"organization_kind"}


def test_the_persons_page_and_the_organizers_list_do_not_grow(
    client, consortium, consortium_staff, person
):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    calls = [make_call(consortium, eligibility="tutti", title=f"Bando {n}") for n in range(3)]
    people = [UserFactory.create(email=f"p{n}@example.org") for n in range(3)]
    _person_submit(calls[0], person)
    _person_submit(calls[1], people[0])
    client.force_login(person)
    few = count(reverse("practices:mine"))
    for call in calls[1:]:
        _person_submit(call, person, title=f"Altra {call.pk}")
    assert count(reverse("practices:mine")) == few
    client.force_login(consortium_staff)
    one = count(reverse("practices:call", args=[consortium.slug, calls[0].pk]))
    for other in people[1:]:
        _person_submit(calls[0], other)
    assert count(reverse("practices:call", args=[consortium.slug, calls[0].pk])) == one
