"""Libro soci, member file, applications, statute and documents pages (three personas)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coopnet.core.models import AuditEntry
from coopnet.members import services
from coopnet.members.models import (
    MemberCategory,
    Membership,
    MembershipStatus,
    Person,
    PublishedDocument,
)

from .factories import LegalPersonFactory, PersonFactory, applicant, member

D = dt.date


def url(name, org, *args):
    return reverse(f"members:{name}", args=[org.slug, *args])


def _page_urls(org, membership, document):
    return [
        url("register", org),
        url("detail", org, membership.pk),
        url("application_new", org),
        url("person_edit", org, membership.pk),
        url("statute", org),
        url("documents", org),
        url("document_file", org, document.pk),
    ]


@pytest.fixture
def document(org, admin_user, media):
    return services.document_publish(
        actor=admin_user,
        organization=org,
        title="Statuto",
        file=SimpleUploadedFile("statuto.pdf", b"%PDF-1.4 statuto"),
        published_on=D(2025, 1, 1),
    )


# --- who sees what -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["outsider", "consortium_staff", "member_user"])
def test_people_without_register_permission_get_404_everywhere(
    client, org, document, persona, request
):
    # given a member of org and a user who may not read org's register
    membership = member(org)
    client.force_login(request.getfixturevalue(persona))
    # when they open any page of the register, or post an action
    statuses = {u: client.get(u).status_code for u in _page_urls(org, membership, document)}
    statuses["admit"] = client.post(url("action", org, membership.pk, "admit")).status_code
    # then every one of them is "not found"
    assert set(statuses.values()) == {404}, statuses


def test_anonymous_is_sent_to_login(client, org):
    response = client.get(url("register", org))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_coordinator_reads_the_register_but_cannot_change_it(client, org, coordinator):
    membership = applicant(org)
    client.force_login(coordinator)
    assert client.get(url("register", org)).status_code == 200
    page = client.get(url("detail", org, membership.pk))
    assert page.status_code == 200
    assert b'data-action="admit"' not in page.content
    assert client.post(url("action", org, membership.pk, "admit")).status_code == 404
    assert client.get(url("application_new", org)).status_code == 404
    assert client.get(url("statute", org)).status_code == 404


def test_another_organizations_member_is_not_found(client, org, other_org, admin_user):
    foreign = member(other_org)
    client.force_login(admin_user)
    assert client.get(url("detail", org, foreign.pk)).status_code == 404
    assert client.post(url("action", org, foreign.pk, "death")).status_code == 404


# --- the libro soci ------------------------------------------------------------------------


def test_register_by_category_with_a_separate_volunteer_section(client, org, admin_user):
    # given workers, a user member and volunteers, and an application
    for _ in range(2):
        member(org)
    member(org, category=MemberCategory.FRUITORE)
    volunteer = member(org, category=MemberCategory.VOLONTARIO)
    waiting = applicant(org, applied_on=D(2025, 1, 1))
    client.force_login(admin_user)
    # when the admin opens the register
    response = client.get(url("register", org))
    html = response.content.decode()
    # then counts per category are on top, volunteers come last in their own section,
    # the application waits in the pending box (overdue) and not in the register
    assert response.status_code == 200
    assert [(c[0], c[2]) for c in response.context["counts"]] == [
        ("lavoratore", 2),
        ("fruitore", 1),
        ("volontario", 1),
    ]
    rows = list(response.context["page"])
    assert rows[-1] == volunteer
    assert waiting not in rows
    assert "Sezione speciale: soci volontari" in html
    assert html.index("Sezione speciale") < html.index(str(volunteer.person))
    pending = response.context["pending"]
    assert [p.membership for p in pending] == [waiting]
    assert 'class="badge overdue"' in html
    assert "svantaggi" not in html.lower()


def test_register_filters_search_and_sort(client, org, admin_user):
    ada = member(org, person=PersonFactory(organization=org, surname="Zanetti", given_name="Ada"))
    bruno = member(org, person=PersonFactory(organization=org, surname="Abate", given_name="Bruno"))
    leaver = member(org)
    services.membership_record_death(actor=admin_user, membership=leaver, died_on=D(2025, 1, 1))
    client.force_login(admin_user)

    def rows(**params):
        return list(client.get(url("register", org), params).context["page"])

    assert rows() == [ada, bruno]  # active only, by register number
    assert rows(status="exited") == [Membership.objects.get(pk=leaver.pk)]
    assert len(rows(status="all")) == 3
    assert rows(q="zanet") == [ada]
    assert rows(q=bruno.person.codice_fiscale[:9]) == [bruno]
    assert rows(q=str(bruno.register_number)) == [bruno]
    assert rows(q=bruno.person.partita_iva or bruno.person.codice_fiscale) == [bruno]
    assert rows(q="abate bruno") == [bruno]
    assert rows(sort="name") == [bruno, ada]
    assert rows(sort="-number") == [bruno, ada]
    assert rows(category="fruitore") == []


def test_register_paginates_100_rows(client, org, admin_user):
    for _ in range(101):
        member(org)
    client.force_login(admin_user)
    first = client.get(url("register", org))
    assert len(first.context["page"]) == 100
    second = client.get(url("register", org), {"page": 2})
    assert [m.register_number for m in second.context["page"]] == [101]


def _queries(client, target):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(target).status_code == 200
    return len(captured)


def test_register_query_count_does_not_grow_with_members(client, org, admin_user):
    # given 5 members, 2 applications and 1 withdrawal request
    leaving = member(org, shares=1)
    for _ in range(4):
        member(org, shares=1)
    for _ in range(2):
        applicant(org)
    services.withdrawal_request(actor=admin_user, membership=leaving, requested_on=D(2025, 3, 1))
    client.force_login(admin_user)
    small = _queries(client, url("register", org))
    # when there are 60 members and more pending decisions
    for _ in range(55):
        member(org, shares=1)
    for _ in range(8):
        applicant(org)
    large = _queries(client, url("register", org))
    # then the page costs the same number of queries, within budget
    assert small == large
    assert large <= 15


def test_member_detail_query_count_does_not_grow_with_history(client, org, admin_user):
    membership = member(org, shares=1, paid=Decimal("0"))
    client.force_login(admin_user)
    few = _queries(client, url("detail", org, membership.pk))
    for day in range(1, 11):
        services.shares_pay(
            actor=admin_user, membership=membership, amount=Decimal("1"), date=D(2025, 1, day)
        )
    many = _queries(client, url("detail", org, membership.pk))
    assert few == many


# --- a member's file -----------------------------------------------------------------------


def test_member_detail_shows_person_membership_votes_shares_and_history(client, org, admin_user):
    membership = member(
        org, applied_on=D(2024, 1, 1), admitted_on=D(2024, 1, 2), shares=4, paid=Decimal("60")
    )
    client.force_login(admin_user)
    response = client.get(url("detail", org, membership.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert membership.person.codice_fiscale in html
    assert response.context["votes_today"] is True
    assert "100.00 €" in html or "100,00 €" in html  # subscribed
    assert "40.00 €" in html or "40,00 €" in html  # outstanding
    assert "Ammissione" in html
    assert "members.membership.admit" in html
    for action in ("withdrawal_request", "exclude", "death", "subscribe", "pay", "ristorno"):
        assert f'data-action="{action}"' in html
    assert 'data-action="admit"' not in html
    assert 'data-action="refund"' not in html


def test_admit_through_the_page(client, org, admin_user):
    membership = applicant(org, applied_on=D(2025, 1, 10))
    client.force_login(admin_user)
    response = client.post(
        url("action", org, membership.pk, "admit"),
        {"admit-admitted_on": "2025-02-01", "admit-decision_ref": "CdA 2/2025"},
        follow=True,
    )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.register_number == 1
    assert response.redirect_chain[-1][0] == url("detail", org, membership.pk)
    assert "Socio ammesso" in response.content.decode()


def test_a_service_error_is_shown_next_to_its_field_in_italian(client, org, admin_user):
    membership = applicant(org, applied_on=D(2025, 3, 1))
    client.force_login(admin_user)
    response = client.post(
        url("action", org, membership.pk, "admit"),
        {"admit-admitted_on": "2025-02-01", "admit-decision_ref": "CdA"},
    )
    assert response.status_code == 200
    form = {n: f for n, _a, f in response.context["lifecycle_forms"]}["admit"]
    assert form.errors["admitted_on"] == [
        "La data di ammissione non può precedere la data della domanda."
    ]
    assert '<details class="card" open data-action="admit">' in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED


def test_a_payment_above_the_subscription_is_refused_on_the_page(client, org, admin_user):
    membership = member(org, shares=2, paid=Decimal("0"))
    client.force_login(admin_user)
    response = client.post(
        url("action", org, membership.pk, "pay"),
        {"pay-amount": "50.01", "pay-date": "2025-01-01"},
    )
    form = {n: f for n, _a, f in response.context["share_forms"]}["pay"]
    assert "supera il capitale sottoscritto: restano da versare 50,00 €" in form.errors["amount"][0]


def test_share_capital_is_shown_in_euros_the_italian_way(client, org, admin_user):
    membership = member(org, shares=48, paid=Decimal("1000"))
    client.force_login(admin_user)
    detail = client.get(url("detail", org, membership.pk)).text
    assert "<dd>1.200,00 €</dd>" in detail
    assert "<dd>1.000,00 €</dd>" in detail
    assert "<dd>200,00 €</dd>" in detail
    assert "1.000,00 €" in client.get(url("register", org)).text


def test_transfer_to_an_unknown_register_number_is_refused(client, org, admin_user):
    membership = member(org, shares=2)
    client.force_login(admin_user)
    response = client.post(
        url("action", org, membership.pk, "transfer"),
        {
            "transfer-target": "99",
            "transfer-shares": "1",
            "transfer-date": "2025-01-01",
            "transfer-board_approval_ref": "CdA",
        },
    )
    form = {n: f for n, _a, f in response.context["share_forms"]}["transfer"]
    assert "Non c'è un socio attivo con il numero 99" in form.errors["target"][0]


def test_transfer_refund_and_exit_through_the_page(client, org, admin_user):
    seller, buyer = member(org, shares=2), member(org)
    client.force_login(admin_user)
    client.post(
        url("action", org, seller.pk, "transfer"),
        {
            "transfer-target": str(buyer.register_number),
            "transfer-shares": "1",
            "transfer-date": "2025-01-01",
            "transfer-board_approval_ref": "CdA 4",
        },
    )
    client.post(
        url("action", org, seller.pk, "exclude"),
        {
            "exclude-decided_on": "2025-02-01",
            "exclude-reason": "Inadempienze",
            "exclude-reference": "CdA 5",
        },
    )
    page = client.get(url("detail", org, seller.pk)).content.decode()
    assert 'data-action="refund"' in page
    client.post(url("action", org, seller.pk, "refund"), {"refund-date": "2025-08-01"})
    assert buyer.share_account.__class__.objects.get(membership=buyer).shares == 1
    assert seller.share_account.__class__.objects.get(membership=seller).shares == 0


def test_action_endpoints_are_post_only_and_known(client, org, admin_user):
    membership = applicant(org)
    client.force_login(admin_user)
    assert client.get(url("action", org, membership.pk, "admit")).status_code == 405
    assert client.post(url("action", org, membership.pk, "teleport")).status_code == 404


def test_lifecycle_through_the_page_refuse_appeal_upheld(client, org, admin_user):
    membership = applicant(org, applied_on=D(2025, 1, 10))
    client.force_login(admin_user)
    client.post(
        url("action", org, membership.pk, "refuse"),
        {"refuse-refused_on": "2025-02-01", "refuse-reason": "Requisiti mancanti"},
    )
    client.post(url("action", org, membership.pk, "appeal"), {"appeal-filed_on": "2025-02-10"})
    client.post(
        url("action", org, membership.pk, "appeal_decide"),
        {
            "appeal_decide-decided_on": "2025-04-28",
            "appeal_decide-upheld": "yes",
            "appeal_decide-reference": "Assemblea",
        },
    )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.admitted_on == D(2025, 4, 28)


# --- new application, person edit ----------------------------------------------------------


def test_new_natural_person_application_shows_the_decoded_birth_data(client, org, admin_user):
    client.force_login(admin_user)
    assert client.get(url("application_new", org)).status_code == 200
    response = client.post(
        url("application_new", org),
        {
            "kind": "fisica",
            "surname": "Rossi",
            "given_name": "Mario",
            "codice_fiscale": "RSSMRA80D03A944V",
            "address": "Via Indipendenza 1",
            "comune": "Bologna (BO)",
            "email": "mario@example.org",
            "privacy_consent_on": "2025-05-01",
            "category": "lavoratore",
            "applied_on": "2025-05-02",
        },
        follow=True,
    )
    person = Person.objects.get(codice_fiscale="RSSMRA80D03A944V")
    membership = Membership.objects.get(person=person)
    assert membership.status == MembershipStatus.APPLIED
    assert person.comune is not None
    assert person.comune.name == "Bologna"
    html = response.content.decode()
    assert '<dd data-testid="birth-date">03/04/1980</dd>' in html
    assert "Bologna (BO)" in html


def test_new_application_with_a_bad_codice_fiscale_shows_the_error(client, org, admin_user):
    client.force_login(admin_user)
    response = client.post(
        url("application_new", org),
        {
            "kind": "fisica",
            "surname": "Rossi",
            "given_name": "Mario",
            "codice_fiscale": "RSSMRA80D03A944X",
            "category": "lavoratore",
            "applied_on": "2025-05-02",
        },
    )
    assert response.status_code == 200
    assert "Codice fiscale non valido" in response.context["form"].errors["codice_fiscale"][0]
    assert not Person.objects.exists()


def test_new_legal_person_application(client, org, other_org, admin_user):
    client.force_login(admin_user)
    piva = LegalPersonFactory.build().partita_iva
    response = client.post(
        url("application_new", org),
        {
            "kind": "giuridica",
            "denomination": "Fondazione Amica",
            "partita_iva": piva,
            "category": "persona_giuridica",
            "applied_on": "2025-05-02",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person__partita_iva=piva)
    assert membership.category == MemberCategory.PERSONA_GIURIDICA


def test_new_application_reuses_a_known_person(client, org, admin_user):
    known = PersonFactory(organization=org)
    client.force_login(admin_user)
    response = client.post(
        url("application_new", org),
        {
            "kind": "fisica",
            "surname": "Altro",
            "given_name": "Nome",
            "codice_fiscale": known.codice_fiscale,
            "category": "fruitore",
            "applied_on": "2025-05-02",
        },
        follow=True,
    )
    assert Membership.objects.get().person == known
    assert "già registrata" in response.content.decode()


def test_new_application_offers_only_the_statute_categories(client, org, admin_user):
    services.statute_update(
        actor=admin_user, organization=org, data={"allowed_categories": ["lavoratore"]}
    )
    client.force_login(admin_user)
    form = client.get(url("application_new", org)).context["form"]
    assert [c[0] for c in form.fields["category"].choices] == ["lavoratore"]


def test_edit_person_contacts(client, org, admin_user):
    membership = member(org)
    client.force_login(admin_user)
    assert client.get(url("person_edit", org, membership.pk)).status_code == 200
    response = client.post(
        url("person_edit", org, membership.pk),
        {"email": "nuova@example.org", "phone": "051 123456", "comune": "Nessunluogo"},
    )
    assert "Comune sconosciuto" in response.context["form"].errors["comune"][0]
    response = client.post(
        url("person_edit", org, membership.pk),
        {"email": "nuova@example.org", "pec": "", "phone": "051 123456", "comune": ""},
    )
    assert response.status_code == 302
    membership.person.refresh_from_db()
    assert membership.person.email == "nuova@example.org"
    assert AuditEntry.objects.filter(action="members.person.update").count() == 1


# --- statute and documents -----------------------------------------------------------------


def test_statute_settings(client, org, admin_user):
    client.force_login(admin_user)
    assert client.get(url("statute", org)).status_code == 200
    response = client.post(
        url("statute", org),
        {
            "allowed_categories": ["lavoratore", "volontario"],
            "share_nominal_value": "24",
            "min_shares": "1",
        },
    )
    assert "R-CC-2525" in response.context["form"].errors["share_nominal_value"][0]
    response = client.post(
        url("statute", org),
        {
            "allowed_categories": ["lavoratore", "volontario"],
            "share_nominal_value": "50",
            "min_shares": "2",
            "public_admission_form": "on",
        },
    )
    assert response.status_code == 302
    statute = services.statute_for(org)
    assert statute.allowed_categories == ["lavoratore", "volontario"]
    assert statute.share_nominal_value == Decimal("50")
    assert statute.public_admission_form is True


def test_documents_upload_download_delete(
    client, org, admin_user, media, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    assert client.get(url("documents", org)).status_code == 200
    bad = client.post(
        url("documents", org),
        {
            "title": "Virus",
            "file": SimpleUploadedFile("x.exe", b"MZ"),
            "published_on": "2025-01-01",
        },
    )
    assert "file" in bad.context["form"].errors
    response = client.post(
        url("documents", org),
        {
            "title": "Regolamento interno",
            "file": SimpleUploadedFile("regolamento.pdf", b"%PDF-1.4 regolamento"),
            "published_on": "2025-01-01",
            "visible_to_members": "on",
        },
    )
    assert response.status_code == 302
    document = PublishedDocument.objects.get()
    download = client.get(url("document_file", org, document.pk))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 regolamento"
    assert "attachment" in download["Content-Disposition"]
    stored = media / document.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("document_delete", org, document.pk))
    assert not PublishedDocument.objects.exists()
    assert not stored.exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"members.document.publish", "members.document.delete"} <= actions
