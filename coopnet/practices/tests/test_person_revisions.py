"""A person revises the practice they proposed without an organization: from their own
area (``/practices/mie/``) they propose a new text, the organizer approves it and only then
the public page shows it; one revision waits at a time. Another person gets 404 and no
organization revises a person's practice (refused in words)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coopnet.core.models import Comune
from coopnet.core.tests.factories import UserFactory
from coopnet.practices import selectors, services
from coopnet.practices.models import PracticeRevision, RevisionState

from .conftest import core, make_call, publish
from .test_revisions import NEW_TEXT


@pytest.fixture
def person(db):
    return UserFactory(email="giulia@example.org", full_name="Giulia Neri")


@pytest.fixture
def person_practice(consortium, person):
    """A public practice Giulia proposed as herself in the consortium's call open to anyone."""
    call = make_call(consortium, eligibility="tutti")
    draft = services.submission_create(actor=person, call=call, applicant=None, title="Doposcuola")
    services.submission_save(
        actor=person,
        submission=draft,
        data=core(title="Il doposcuola di quartiere", organization_kind="", contact_name="Giulia"),
        comuni=[Comune.objects.get(name="Pievepelago")],
        answers={},
    )
    submitted = services.submission_submit(actor=person, submission=draft)
    return publish(call, submitted)[0]


def test_a_person_proposes_and_the_organizer_approves_through_the_pages(
    client, person, person_practice, consortium, consortium_staff
):
    # Given Giulia's own area lists her public practice with the link to change it
    client.force_login(person)
    mine = client.get(reverse("practices:mine")).content.decode()
    own = reverse("practices:person_practice", args=[person_practice.pk])
    assert 'data-testid="person-practices"' in mine
    assert "Il doposcuola di quartiere" in mine
    assert f'href="{own}">Proponi una modifica</a>' in mine

    # When she proposes a new text (a required text left empty is named first)
    refused = client.post(own, {**NEW_TEXT, "results": " ", "note": "Due anni dopo"})
    assert refused.status_code == 200
    assert "results" in refused.context["form"].errors
    assert not PracticeRevision.objects.for_org(consortium).exists()
    sent = client.post(own, {**NEW_TEXT, "note": "<script>x()</script>"})
    assert sent.status_code == 302
    assert sent["Location"] == own

    # Then it waits: the public page keeps the accepted text, the form is gone
    page = client.get(own).content.decode()
    assert 'data-testid="waiting"' in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page
    public = reverse("practices:practice", args=[person_practice.pk])
    assert NEW_TEXT["title"] not in client.get(public).content.decode()
    with pytest.raises(ValidationError, match="attende già"):
        services.revision_propose(actor=person, practice=person_practice, owner=None, data=NEW_TEXT)

    # When the organizer approves it from its catalogue
    client.force_login(consortium_staff)
    curated = reverse("practices:curated", args=[consortium.slug, person_practice.pk])
    assert "Giulia" in client.get(curated).content.decode()
    assert client.post(curated, {"action": "approve"}).status_code == 302

    # Then the public page shows the new text, still by the person
    client.logout()
    shown = client.get(public).content.decode()
    assert NEW_TEXT["title"] in shown
    practice = selectors.practice(person_practice.pk)
    assert (practice.title, practice.proposed_by, practice.owner) == (
        NEW_TEXT["title"],
        "Giulia",
        None,
    )
    (revision,) = selectors.revisions(practice)
    assert (revision.state, revision.created_by) == (RevisionState.APPROVED, person)


def test_another_person_gets_404(client, person_practice):
    other = UserFactory.create(email="marco@example.org")
    client.force_login(other)
    own = reverse("practices:person_practice", args=[person_practice.pk])
    assert client.get(own).status_code == 404
    assert client.post(own, {**NEW_TEXT, "note": "mia"}).status_code == 404
    mine = client.get(reverse("practices:mine")).content.decode()
    assert "Il doposcuola di quartiere" not in mine
    assert "Nessuna pratica pubblicata a tuo nome." in mine
    with pytest.raises(ValidationError, match="Solo la persona che ha proposto"):
        services.revision_propose(actor=other, practice=person_practice, owner=None, data=NEW_TEXT)
    with pytest.raises(ValidationError, match="Solo la persona che ha proposto"):
        services.revision_propose(actor=None, practice=person_practice, owner=None, data=NEW_TEXT)
    assert not PracticeRevision.objects.filter(practice=person_practice).exists()
    client.logout()
    assert client.get(own).status_code == 302  # to the login


def test_an_organization_cannot_propose_for_a_persons_practice(
    client, person_practice, org, admin_user, consortium
):
    # Not from its pages: the practice is not among its own
    client.force_login(admin_user)
    listed = client.get(reverse("practices:published_list", args=[org.slug])).content.decode()
    assert "Il doposcuola di quartiere" not in listed
    page = reverse("practices:published", args=[org.slug, person_practice.pk])
    assert client.get(page).status_code == 404
    assert client.post(page, {**NEW_TEXT, "note": "nostra"}).status_code == 404
    # Nor through the service, even the organizer: refused in words
    for organization in (org, consortium):
        with pytest.raises(ValidationError, match="Solo l'organizzazione che ha proposto"):
            services.revision_propose(
                actor=admin_user, practice=person_practice, owner=organization, data=NEW_TEXT
            )
    assert not PracticeRevision.objects.filter(practice=person_practice).exists()


def test_a_person_does_not_revise_an_organizations_practice(practice, admin_user):
    # The cooperative's administrator submitted it for the cooperative, not as a person
    with pytest.raises(ValidationError, match="Solo la persona che ha proposto"):
        services.revision_propose(actor=admin_user, practice=practice, owner=None, data=NEW_TEXT)
    assert not selectors.person_practices(admin_user).exists()
