"""Workforce pages: personas, forms, counts (the vault's pages: ``test_vault_pages``)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coopnet.workforce.models import (
    Employment,
    ExpenseReimbursement,
    SensitiveAccess,
    Volunteer,
)

from .factories import (
    DisadvantagedStatusFactory,
    EmploymentFactory,
    InsuranceFactory,
    PersonFactory,
    QualificationFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db


def pages(org, objects):
    """(url name, kwargs) of every GET page, with the objects it needs."""
    slug = {"org_slug": org.slug}
    return [
        ("dashboard", slug),
        ("employments", slug),
        ("employment_create", slug),
        ("employment_edit", {**slug, "pk": objects["employment"].pk}),
        ("employment_end", {**slug, "pk": objects["employment"].pk}),
        ("person", {**slug, "pk": objects["person"].pk}),
        ("qualification_create", {**slug, "pk": objects["person"].pk}),
        ("volunteers", slug),
        ("volunteer_create", slug),
        ("volunteer", {**slug, "pk": objects["volunteer"].pk}),
        ("hours_summary", slug),
        ("vault", slug),
        ("vault_create", slug),
        ("vault_edit", {**slug, "pk": objects["status"].pk}),
        ("privacy", slug),
        ("import", slug),
    ]


POST_ONLY = ("insurance_create", "hours_create", "reimbursement_create")


def test_an_administrator_with_a_second_factor_opens_every_page(
    otp_login, org, admin_user, objects
):
    client = otp_login(admin_user)
    for name, kwargs in pages(org, objects):
        response = client.get(reverse(f"workforce:{name}", kwargs=kwargs))
        assert response.status_code == 200, name


def test_a_member_gets_404_everywhere(client, org, member_user, objects):
    client.force_login(member_user)
    for name, kwargs in pages(org, objects):
        assert client.get(reverse(f"workforce:{name}", kwargs=kwargs)).status_code == 404, name
    for name in POST_ONLY:
        url = reverse(f"workforce:{name}", kwargs={"org_slug": org.slug, "pk": 1})
        assert client.post(url).status_code == 404, name


def test_an_outsider_gets_404_everywhere(otp_login, org, outsider, objects):
    client = otp_login(outsider)
    for name, kwargs in pages(org, objects):
        assert client.get(reverse(f"workforce:{name}", kwargs=kwargs)).status_code == 404, name
    for name in POST_ONLY:
        url = reverse(f"workforce:{name}", kwargs={"org_slug": org.slug, "pk": 1})
        assert client.post(url).status_code == 404, name
    # and an outsider's attempt is not written in this organization's log
    assert not SensitiveAccess.objects.exists()


def test_a_coordinator_reads_staff_but_not_the_vault_nor_writes(client, org, coordinator, objects):
    client.force_login(coordinator)
    slug = {"org_slug": org.slug}
    assert client.get(reverse("workforce:dashboard", kwargs=slug)).status_code == 200
    assert client.get(reverse("workforce:employment_create", kwargs=slug)).status_code == 404
    assert client.get(reverse("workforce:vault", kwargs=slug)).status_code == 404
    assert SensitiveAccess.objects.get().action == "negato"


def test_anonymous_is_sent_to_login(client, org):
    response = client.get(reverse("workforce:dashboard", kwargs={"org_slug": org.slug}))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- employment pages ---------------------------------------------------------------------


def test_create_employment_for_a_new_person(client, org, admin_user):
    client.force_login(admin_user)
    url = reverse("workforce:employment_create", kwargs={"org_slug": org.slug})
    response = client.post(
        url,
        {
            "codice_fiscale": "RSSMRA80A01H501U",
            "surname": "Rossi",
            "given_name": "Mario",
            "contract_type": "socio_lavoratore",
            "weekly_hours": "24",
            "start_date": "2024-02-01",
        },
    )
    assert response.status_code == 302
    employment = Employment.objects.select_related("person").get()
    assert employment.person.codice_fiscale == "RSSMRA80A01H501U"
    assert employment.person.birth_date == dt.date(1980, 1, 1)  # decoded by members


def test_create_employment_errors_are_shown_and_nothing_saved(client, org, admin_user, person):
    client.force_login(admin_user)
    EmploymentFactory.create(organization=org, person=person, start_date=dt.date(2024, 1, 1))
    url = reverse("workforce:employment_create", kwargs={"org_slug": org.slug})
    response = client.post(
        url,
        {
            "person": person.pk,
            "contract_type": "socio_lavoratore",
            "weekly_hours": "24",
            "start_date": "2024-02-01",
        },
    )
    assert response.status_code == 200
    assert "si sovrappone" in response.content.decode()
    assert Employment.objects.count() == 1


def test_branch_field_only_in_mixed_cooperatives(client, org, admin_user, mixed_org):
    from coopnet.core.models import Role
    from coopnet.core.tests.factories import RoleAssignmentFactory

    RoleAssignmentFactory.create(organization=mixed_org, user=admin_user, role=Role.COOP_ADMIN)
    client.force_login(admin_user)
    plain = client.get(reverse("workforce:employment_create", kwargs={"org_slug": org.slug}))
    mixed = client.get(reverse("workforce:employment_create", kwargs={"org_slug": mixed_org.slug}))
    assert 'name="branch"' not in plain.content.decode()
    assert 'name="branch"' in mixed.content.decode()


def test_edit_and_end_employment(client, org, admin_user, person):
    client.force_login(admin_user)
    employment = EmploymentFactory.create(
        organization=org, person=person, start_date=dt.date(2024, 1, 1)
    )
    edit = reverse("workforce:employment_edit", kwargs={"org_slug": org.slug, "pk": employment.pk})
    response = client.post(
        edit,
        {
            "contract_type": "dipendente_determinato",
            "weekly_hours": "30",
            "start_date": "2024-01-01",
        },
    )
    assert response.status_code == 302
    end = reverse("workforce:employment_end", kwargs={"org_slug": org.slug, "pk": employment.pk})
    assert client.post(end, {"end_date": "2023-12-01"}).status_code == 200  # before the start
    assert client.post(end, {"end_date": "2024-06-30"}).status_code == 302
    employment.refresh_from_db()
    assert employment.contract_type == "dipendente_determinato"
    assert employment.end_date == dt.date(2024, 6, 30)


def test_another_organizations_employment_is_404(client, org, other_org, admin_user):
    client.force_login(admin_user)
    theirs = EmploymentFactory.create(organization=other_org)
    url = reverse("workforce:employment_edit", kwargs={"org_slug": org.slug, "pk": theirs.pk})
    assert client.get(url).status_code == 404
    person_url = reverse("workforce:person", kwargs={"org_slug": org.slug, "pk": theirs.person_id})
    assert client.get(person_url).status_code == 404


def test_employment_csv_export(client, org, admin_user, person):
    client.force_login(admin_user)
    EmploymentFactory.create(organization=org, person=person)
    url = reverse("workforce:employments", kwargs={"org_slug": org.slug})
    response = client.get(url, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert person.codice_fiscale in response.content.decode("utf-8-sig")


# --- volunteer pages ----------------------------------------------------------------------


def test_register_a_volunteer_and_record_insurance_hours_and_reimbursements(
    client, org, admin_user, person
):
    client.force_login(admin_user)
    create = reverse("workforce:volunteer_create", kwargs={"org_slug": org.slug})
    response = client.post(
        create, {"person": person.pk, "activities": "Trasporto", "start_date": "2024-01-01"}
    )
    volunteer = Volunteer.objects.get()
    assert response.status_code == 302
    kwargs = {"org_slug": org.slug, "pk": volunteer.pk}
    insurance = {
        "insurer": "INAIL",
        "policy_number": "123",
        "valid_from": "2024-01-01",
        "valid_to": "2024-12-31",
    }
    assert (
        client.post(reverse("workforce:insurance_create", kwargs=kwargs), insurance).status_code
        == 302
    )
    hours = {"date": "2024-01-10", "hours": "3,5", "activity": "Trasporto"}
    assert client.post(reverse("workforce:hours_create", kwargs=kwargs), hours).status_code == 302
    expense = {
        "date": "2024-01-10",
        "amount": "10,00",
        "self_certified": "on",
        "description": "Bus",
    }
    url = reverse("workforce:reimbursement_create", kwargs=kwargs)
    assert client.post(url, expense).status_code == 302
    # when one more cent is self-certified on the same day
    response = client.post(url, {**expense, "amount": "0,01"})
    # then the page explains the cap and its law, and nothing is saved
    page = response.content.decode()
    assert response.status_code == 200
    assert "R-381-2b" in page
    assert "117/2017" in page
    assert ExpenseReimbursement.objects.count() == 1
    detail = client.get(reverse("workforce:volunteer", kwargs=kwargs)).content.decode()
    assert "INAIL" in detail
    assert "Bus" in detail


def test_hours_summary_per_volunteer_per_month(client, org, admin_user):
    from coopnet.workforce import services

    client.force_login(admin_user)
    volunteer = VolunteerFactory.create(organization=org, start_date=dt.date(2024, 1, 1))
    services.hours_record(
        actor=None, volunteer=volunteer, date=dt.date(2024, 3, 2), hours=Decimal(2)
    )
    services.hours_record(
        actor=None, volunteer=volunteer, date=dt.date(2024, 3, 9), hours=Decimal(3)
    )
    services.hours_record(
        actor=None, volunteer=volunteer, date=dt.date(2024, 5, 1), hours=Decimal(1)
    )
    url = reverse("workforce:hours_summary", kwargs={"org_slug": org.slug})
    response = client.get(url, {"year": 2024})
    row = response.context["rows"][0]
    assert row.months[2] == 5
    assert row.months[4] == 1
    assert row.total == 6


def test_hours_are_shown_as_hours_and_minutes(client, org, admin_user):
    from coopnet.workforce import services

    client.force_login(admin_user)
    volunteer = VolunteerFactory.create(organization=org, start_date=dt.date(2024, 1, 1))
    services.hours_record(
        actor=None, volunteer=volunteer, date=dt.date(2024, 3, 2), hours=Decimal("4.1")
    )
    summary = client.get(reverse("workforce:hours_summary", args=[org.slug]), {"year": 2024})
    detail = client.get(reverse("workforce:volunteer", args=[org.slug, volunteer.pk]))
    assert "<strong>4 h 06 min</strong>" in summary.text
    assert "4,1" not in summary.text
    assert "<td>4 h 06 min</td>" in detail.text


def test_dashboard_counts(client, org, admin_user):
    client.force_login(admin_user)
    today = timezone.localdate()
    EmploymentFactory.create(organization=org, contract_type="socio_lavoratore")
    EmploymentFactory.create(organization=org, end_date=today - dt.timedelta(days=1))
    uninsured = VolunteerFactory.create(organization=org)
    InsuranceFactory.create(volunteer=VolunteerFactory.create(organization=org))
    response = client.get(reverse("workforce:dashboard", kwargs={"org_slug": org.slug}))
    counts = response.context["counts"]
    assert counts.workers == 1
    assert counts.by_contract == [("Socio lavoratore", 1)]
    assert counts.volunteers == 2
    assert counts.insurance_gaps == 1
    assert str(uninsured.person) in response.content.decode()


# --- query counts -------------------------------------------------------------------------


def _fill(org, n):
    for _ in range(n):
        person = PersonFactory.create(organization=org)
        EmploymentFactory.create(organization=org, person=person)
        volunteer = VolunteerFactory.create(organization=org, person=person)
        InsuranceFactory.create(volunteer=volunteer)
        DisadvantagedStatusFactory.create(organization=org, person=person)
        from coopnet.workforce import services

        services.hours_record(
            actor=None, volunteer=volunteer, date=dt.date(2024, 2, 1), hours=Decimal(1)
        )


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("dashboard", {}),
        ("employments", {}),
        ("volunteers", {}),
        ("hours_summary", {"year": 2024}),
        ("vault", {"purpose": "requisiti_381"}),
        ("privacy", {}),
    ],
)
def test_list_pages_have_a_constant_number_of_queries(
    otp_login, org, admin_user, django_assert_max_num_queries, name, params
):
    client = otp_login(admin_user)
    url = reverse(f"workforce:{name}", kwargs={"org_slug": org.slug})
    _fill(org, 2)
    client.get(url, params)  # warm up
    with django_assert_max_num_queries(25) as few:
        client.get(url, params)
    _fill(org, 12)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        assert client.get(url, params).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_person_detail_query_count_does_not_grow(
    client, org, admin_user, person, django_assert_max_num_queries
):
    client.force_login(admin_user)
    url = reverse("workforce:person", kwargs={"org_slug": org.slug, "pk": person.pk})
    QualificationFactory.create(organization=org, person=person)
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    for _ in range(5):
        QualificationFactory.create(organization=org, person=person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
