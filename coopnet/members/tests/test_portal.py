"""The member portal and the public admission form."""

from __future__ import annotations

import datetime as dt
from ipaddress import ip_network

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coopnet.core.models import AuditEntry, Role
from coopnet.core.tests.factories import RoleAssignmentFactory
from coopnet.members import selectors, services
from coopnet.members.models import Membership, MembershipStatus, Person

from .factories import PersonFactory, codice_fiscale_for, member

D = dt.date


def url(name, org, *args):
    return reverse(f"members:{name}", args=[org.slug, *args])


def _publish(org, actor, title, *, visible=True):
    return services.document_publish(
        actor=actor,
        organization=org,
        title=title,
        file=SimpleUploadedFile(f"{title}.pdf", b"%PDF " + title.encode()),
        published_on=D(2025, 1, 1),
        visible_to_members=visible,
    )


# --- the portal ----------------------------------------------------------------------------


def test_a_member_sees_membership_shares_and_published_documents(
    client, org, member_user, member_person, admin_user, media
):
    # given a member with a linked person, two shares, and two documents (one for the board)
    _publish(org, admin_user, "Statuto")
    _publish(org, admin_user, "Verbale riservato", visible=False)
    client.force_login(member_user)
    # when they open their portal
    response = client.get(url("portal", org))
    html = response.content.decode()
    # then they see their number, category, shares and the members' document only
    assert response.status_code == 200
    current = response.context["current"]
    assert current.person == member_person
    assert f"<dd>{current.register_number}</dd>" in html
    assert "Socio lavoratore" in html
    assert response.context["account"].shares == 2
    assert len(response.context["ledger"]) == 2  # subscription and payment
    assert "Statuto" in html
    assert "Verbale riservato" not in html


def test_a_member_downloads_a_published_document_but_not_a_hidden_one(
    client, org, member_user, member_person, admin_user, media
):
    shown = _publish(org, admin_user, "Statuto")
    hidden = _publish(org, admin_user, "Riservato", visible=False)
    client.force_login(member_user)
    shown_file = client.get(url("portal_document", org, shown.pk))
    assert b"".join(shown_file.streaming_content) == b"%PDF Statuto"
    assert client.get(url("portal_document", org, hidden.pk)).status_code == 404


def test_the_office_links_a_persons_account_then_the_member_sees_the_portal(
    client, org, admin_user, member_user, outsider
):
    # given a member whose record is not linked to their login
    membership = member(org)
    account_url = url("person_account", org, membership.pk)
    client.force_login(admin_user)
    # an account without a role in the organization cannot be linked
    refused = client.post(account_url, {"account-email": outsider.email})
    assert "invitalo prima" in refused.context["account_form"].errors["email"][0]
    # when the office links the member's account
    response = client.post(account_url, {"account-email": member_user.email.upper()})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="members.person.link_user").count() == 1
    # then the member finds their membership in the portal
    client.force_login(member_user)
    assert client.get(url("portal", org)).context["current"] == membership
    # and the same account cannot be linked to a second record
    client.force_login(admin_user)
    second = member(org)
    again = client.post(url("person_account", org, second.pk), {"account-email": member_user.email})
    assert "già collegato" in again.context["account_form"].errors["email"][0]


def test_a_user_without_a_linked_person_sees_a_clear_message(client, org, member_user, media):
    client.force_login(member_user)
    response = client.get(url("portal", org))
    assert response.status_code == 200
    assert response.context["person"] is None
    assert "non è ancora collegato a una scheda del libro soci" in response.content.decode()
    assert client.get(url("portal_contacts", org)).status_code == 302
    assert client.get(url("portal_withdraw", org)).status_code == 302


def test_portal_shows_only_the_users_own_record(client, org, member_user, member_person):
    someone_else = member(org)
    client.force_login(member_user)
    response = client.get(url("portal", org))
    assert response.context["current"].person == member_person
    assert str(someone_else.person) not in response.content.decode()


def test_a_member_of_another_organization_has_no_portal_here(client, org, other_org):
    stranger = RoleAssignmentFactory(organization=other_org, role=Role.MEMBER).user
    PersonFactory(organization=other_org, user=stranger)
    client.force_login(stranger)
    for name in ("portal", "portal_contacts", "portal_withdraw"):
        assert client.get(url(name, org)).status_code == 404


def test_a_member_updates_their_contacts(client, org, member_user, member_person):
    client.force_login(member_user)
    assert client.get(url("portal_contacts", org)).status_code == 200
    bad = client.post(url("portal_contacts", org), {"email": "non-una-mail"})
    assert "email" in bad.context["form"].errors
    response = client.post(
        url("portal_contacts", org),
        {
            "email": "ada.gallo@example.org",
            "pec": "ada@pec.example.org",
            "phone": "333 1234567",
            "address": "Via Saragozza 10",
            "comune": "Bologna (BO)",
        },
    )
    assert response.status_code == 302
    member_person.refresh_from_db()
    assert member_person.pec == "ada@pec.example.org"
    assert member_person.comune.name == "Bologna"
    entry = AuditEntry.objects.get(action="members.person.update")
    assert entry.actor == member_user


def test_a_member_requests_withdrawal_after_confirming(client, org, member_user, member_person):
    client.force_login(member_user)
    page = client.get(url("portal_withdraw", org))
    assert page.status_code == 200
    assert "60 giorni" in page.content.decode()
    # without ticking the confirmation nothing happens
    unconfirmed = client.post(url("portal_withdraw", org), {})
    assert "confirm" in unconfirmed.context["form"].errors
    membership = Membership.objects.get(person=member_person)
    assert membership.exit_requested_on is None
    # with it, the request is recorded today and waits for the board
    response = client.post(url("portal_withdraw", org), {"confirm": "on"}, follow=True)
    membership.refresh_from_db()
    assert membership.exit_requested_on == timezone.localdate()
    assert membership.status == MembershipStatus.ACTIVE
    assert response.context["can_withdraw"] is False
    pending = selectors.pending_decisions(org, timezone.localdate())
    assert [(p.membership, p.kind) for p in pending] == [(membership, "withdrawal")]


# --- the public admission form -------------------------------------------------------------


@pytest.fixture
def open_statute(org, admin_user, fresh_cache):
    return services.statute_update(
        actor=admin_user, organization=org, data={"public_admission_form": True}
    )


def _application(n=1, **extra):
    data = {
        "given_name": "Lucia",
        "surname": "Ferri",
        "codice_fiscale": codice_fiscale_for("Ferri", "Lucia", 7000 + n),
        "email": f"lucia{n}@example.org",
        "phone": "333 0000000",
        "category": "fruitore",
        "privacy": "on",
        "website": "",
    }
    data.update(extra)
    return data


def join_url(org):
    return reverse("members:join", args=[org.slug])


def test_the_public_form_is_404_when_the_statute_does_not_open_it(client, org, fresh_cache):
    assert client.get(join_url(org)).status_code == 404
    assert client.post(join_url(org), _application()).status_code == 404
    assert client.get(reverse("members:join", args=["nessuna"])).status_code == 404


def test_a_public_application_goes_to_the_boards_queue(client, org, open_statute):
    # given the public form, open without logging in
    page = client.get(join_url(org))
    assert page.status_code == 200
    choices = [c[0] for c in page.context["form"].fields["category"].choices]
    assert "persona_giuridica" not in choices
    assert "finanziatore" not in choices
    # when someone applies
    response = client.post(join_url(org), _application(), follow=True)
    # then they see a confirmation and the board finds the application in its queue
    assert "ha ricevuto la tua domanda" in response.content.decode()
    membership = Membership.objects.get()
    assert membership.status == MembershipStatus.APPLIED
    assert membership.applied_on == timezone.localdate()
    assert membership.person.privacy_consent_on == timezone.localdate()
    assert membership.person.birth_date is not None
    pending = selectors.pending_decisions(org, timezone.localdate())
    assert [p.membership for p in pending] == [membership]
    assert AuditEntry.objects.filter(action="members.membership.apply", actor=None).exists()


def test_the_public_form_validates_the_codice_fiscale_and_the_consent(client, org, open_statute):
    response = client.post(
        join_url(org), _application(codice_fiscale="RSSMRA80D03A944X", privacy="")
    )
    errors = response.context["form"].errors
    assert "Codice fiscale non valido" in errors["codice_fiscale"][0]
    assert errors["privacy"] == ["Per presentare la domanda serve il consenso."]
    assert not Person.objects.exists()


def test_a_robot_filling_the_honeypot_is_thanked_and_ignored(client, org, open_statute):
    response = client.post(join_url(org), _application(website="http://spam.example"))
    assert response.status_code == 302
    assert not Membership.objects.exists()


def test_an_existing_member_applying_again_learns_nothing(client, org, open_statute):
    known = member(org)
    response = client.post(
        join_url(org), _application(codice_fiscale=known.person.codice_fiscale), follow=True
    )
    assert "ha ricevuto la tua domanda" in response.content.decode()
    assert Membership.objects.count() == 1


def test_the_public_form_is_rate_limited_per_address(client, org, open_statute):
    for n in range(5):
        assert client.post(join_url(org), _application(n)).status_code == 302
    sixth = client.post(join_url(org), _application(6))
    assert sixth.status_code == 429
    assert Membership.objects.count() == 5
    # another address is not affected
    other = client.post(join_url(org), _application(7), REMOTE_ADDR="10.0.0.7")
    assert other.status_code == 302


def test_behind_nginx_each_client_has_its_own_limit(client, org, open_statute, settings):
    # given the documented deployment: every request comes from nginx on 127.0.0.1
    settings.COOPNET_TRUSTED_PROXIES = [ip_network("127.0.0.1")]
    for n in range(5):
        sent = client.post(join_url(org), _application(n), HTTP_X_FORWARDED_FOR="203.0.113.9")
        assert sent.status_code == 302
    sixth = client.post(join_url(org), _application(6), HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert sixth.status_code == 429
    # then another applicant behind the same nginx is not refused
    other = client.post(join_url(org), _application(7), HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert other.status_code == 302


def _queries(client, target):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(target).status_code == 200
    return len(captured)


def test_portal_and_documents_pages_query_counts_do_not_grow(
    client, org, admin_user, member_user, member_person, media
):
    # given one published document and a member with a short ledger
    _publish(org, admin_user, "Statuto")
    membership = Membership.objects.get(person=member_person)
    client.force_login(member_user)
    portal_few = _queries(client, url("portal", org))
    client.force_login(admin_user)
    documents_few = _queries(client, url("documents", org))
    # when there are many documents and ledger lines
    for n in range(8):
        _publish(org, admin_user, f"Verbale {n}")
        services.shares_subscribe(
            actor=admin_user, membership=membership, shares=1, date=D(2025, 1, n + 1)
        )
    documents_many = _queries(client, url("documents", org))
    client.force_login(member_user)
    portal_many = _queries(client, url("portal", org))
    # then both pages cost the same number of queries
    assert (portal_few, documents_few) == (portal_many, documents_many)
