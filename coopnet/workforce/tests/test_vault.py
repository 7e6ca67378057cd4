"""The vault: permission, second factor, purpose, the access log, alerts and aggregates."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from coopnet.core.models import AuditEntry
from coopnet.workforce import vault
from coopnet.workforce.models import DisadvantagedStatus, SensitiveAccess

from .factories import DisadvantagedStatusFactory, EmploymentFactory, PersonFactory

pytestmark = pytest.mark.django_db

PURPOSE = "requisiti_381"
TODAY = dt.date(2025, 6, 1)


@pytest.fixture
def status(org, person):
    return DisadvantagedStatusFactory.create(organization=org, person=person, category="alcolista")


# --- reads ----------------------------------------------------------------------------------


def test_read_without_permission_is_denied_and_logged(org, coordinator, status):
    # given a coordinator (no sensitive permission)
    # when they ask for the list, even with a second factor
    with pytest.raises(vault.VaultAccessDenied):
        vault.status_list(actor=coordinator, organization=org, verified=True, purpose=PURPOSE)
    # then the refusal is logged with action "negato"
    entry = SensitiveAccess.objects.get()
    assert entry.action == "negato"
    assert entry.user == coordinator
    assert entry.organization == org
    assert "workforce.sensitive:read" in entry.detail


def test_read_with_permission_but_no_second_factor_is_denied_and_logged(org, hr_user, status):
    with pytest.raises(vault.SecondFactorRequired):
        vault.status_list(actor=hr_user, organization=org, verified=False, purpose=PURPOSE)
    entry = SensitiveAccess.objects.get()
    assert entry.action == "negato"
    assert "secondo fattore" in entry.detail


def test_read_with_permission_and_second_factor_is_logged_with_purpose(org, hr_user, status):
    statuses = vault.status_list(actor=hr_user, organization=org, verified=True, purpose=PURPOSE)
    assert statuses == [status]
    entry = SensitiveAccess.objects.get()
    assert entry.action == "lettura"
    assert entry.purpose == PURPOSE
    assert entry.person == status.person
    assert entry.user == hr_user


def test_a_list_logs_one_row_per_person(org, hr_user):
    for _ in range(3):
        DisadvantagedStatusFactory.create(organization=org)
    vault.status_list(actor=hr_user, organization=org, verified=True, purpose=PURPOSE)
    assert SensitiveAccess.objects.filter(action="lettura").count() == 3


def test_purpose_is_mandatory_and_from_the_list(org, hr_user, status):
    for purpose in ("", "curiosità", "importazione"):
        with pytest.raises(ValidationError):
            vault.status_list(actor=hr_user, organization=org, verified=True, purpose=purpose)
    assert not SensitiveAccess.objects.filter(action="lettura").exists()


def test_other_organizations_statuses_are_invisible(org, other_org, hr_user):
    DisadvantagedStatusFactory.create(organization=other_org)
    assert vault.status_list(actor=hr_user, organization=org, verified=True, purpose=PURPOSE) == []
    with pytest.raises(DisadvantagedStatus.DoesNotExist):
        vault.status_get(
            actor=hr_user,
            organization=org,
            verified=True,
            purpose=PURPOSE,
            status_id=DisadvantagedStatus.objects.get().pk,
        )


def test_an_outsiders_role_elsewhere_gives_no_access(org, outsider, status):
    with pytest.raises(vault.VaultAccessDenied):
        vault.status_list(actor=outsider, organization=org, verified=True, purpose=PURPOSE)


def test_export_is_logged_as_export(org, hr_user, status):
    rows = vault.status_export(actor=hr_user, organization=org, verified=True, purpose=PURPOSE)
    assert rows == [status]
    assert SensitiveAccess.objects.get().action == "esportazione"


def test_export_without_second_factor_is_denied(org, hr_user, status):
    with pytest.raises(vault.SecondFactorRequired):
        vault.status_export(actor=hr_user, organization=org, verified=False, purpose=PURPOSE)
    assert SensitiveAccess.objects.get().action == "negato"


# --- changes ------------------------------------------------------------------------------


def status_data(**overrides):
    data = {
        "category": "detenuto",
        "certifying_body": "UEPE Bologna",
        "valid_from": dt.date(2025, 1, 1),
        "valid_to": dt.date(2026, 1, 1),
    }
    data.update(overrides)
    return data


def test_create_needs_the_write_permission(org, person, hr_user, coordinator):
    def create(actor):
        return vault.status_create(
            actor=actor,
            organization=org,
            verified=True,
            purpose=PURPOSE,
            person=person,
            data=status_data(),
        )

    # a coordinator has neither permission
    with pytest.raises(vault.VaultAccessDenied):
        create(coordinator)
    assert SensitiveAccess.objects.get().action == "negato"
    assert create(hr_user).pk


def test_create_and_update_are_logged_and_audited_without_the_category(org, hr_user, person):
    status = vault.status_create(
        actor=hr_user,
        organization=org,
        verified=True,
        purpose="rapporto_di_lavoro",
        person=person,
        data=status_data(),
    )
    vault.status_update(
        actor=hr_user,
        organization=org,
        verified=True,
        purpose="rapporto_di_lavoro",
        status_id=status.pk,
        data={"valid_to": dt.date(2027, 1, 1)},
    )
    changes = SensitiveAccess.objects.filter(action="modifica").order_by("id")
    assert [c.purpose for c in changes] == ["rapporto_di_lavoro"] * 2
    assert "valido al" in changes[1].detail
    # the general audit log has entries, but nothing in them names the category
    entries = AuditEntry.objects.filter(action__startswith="workforce.sensitive")
    assert entries.count() == 2
    for entry in entries:
        text = f"{entry.object_repr} {entry.before} {entry.after}"
        assert "detenuto" not in text.lower()
        assert "UEPE" not in text


def test_validation_messages(org, hr_user, person):
    with pytest.raises(ValidationError) as error:
        vault.status_create(
            actor=hr_user,
            organization=org,
            verified=True,
            purpose=PURPOSE,
            person=person,
            data=status_data(certifying_body=" ", valid_to=dt.date(2024, 1, 1)),
        )
    assert "R-381-4d" in error.value.message_dict["certifying_body"][0]
    assert not DisadvantagedStatus.objects.exists()


def test_access_log_is_append_only(org, hr_user, status):
    vault.status_list(actor=hr_user, organization=org, verified=True, purpose=PURPOSE)
    entry = SensitiveAccess.objects.get()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        SensitiveAccess.objects.all().delete()
    with pytest.raises(PermissionError):
        SensitiveAccess.objects.update(purpose="")


def test_access_log_read_in_scope_stays_append_only(org, other_org, hr_user, status):
    vault.status_list(actor=hr_user, organization=org, verified=True, purpose=PURPOSE)
    assert SensitiveAccess.objects.for_org(org).count() == 1
    assert not SensitiveAccess.objects.for_org(other_org).exists()
    with pytest.raises(PermissionError):
        SensitiveAccess.objects.for_org(org).update(purpose="")
    with pytest.raises(PermissionError):
        SensitiveAccess.objects.for_org(org).delete()


# --- alerts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "alerted"), [(0, True), (59, True), (60, True), (61, False), (-1, False)]
)
def test_certificates_expiring_within_60_days(org, hr_user, days_left, alerted):
    DisadvantagedStatusFactory.create(
        organization=org, valid_from=dt.date(2020, 1, 1), valid_to=TODAY + dt.timedelta(days_left)
    )
    assert vault.CERTIFICATE_ALERT_DAYS == 60
    assert vault.expiring_certificates_count(organization=org, today=TODAY) == int(alerted)
    names = vault.expiring_certificates(actor=hr_user, organization=org, verified=True, today=TODAY)
    assert len(names) == int(alerted)
    # naming them is a logged read, with the R-381-4d purpose
    assert SensitiveAccess.objects.filter(action="lettura", purpose=PURPOSE).count() == int(alerted)


def test_expiry_names_need_permission(org, coordinator):
    DisadvantagedStatusFactory.create(organization=org, valid_to=TODAY + dt.timedelta(days=10))
    assert vault.expiring_certificates_count(organization=org, today=TODAY) == 1
    with pytest.raises(vault.VaultAccessDenied):
        vault.expiring_certificates(actor=coordinator, organization=org, verified=True, today=TODAY)


# --- aggregates ---------------------------------------------------------------------------


def make_workers(org, n, *, disadvantaged, branch=""):
    for _ in range(n):
        person = PersonFactory.create(organization=org)
        EmploymentFactory.create(organization=org, person=person, branch=branch)
        if disadvantaged:
            DisadvantagedStatusFactory.create(organization=org, person=person)


@pytest.mark.parametrize(("n", "shown"), [(4, None), (5, 5), (0, None)])
def test_aggregate_total_suppresses_cells_below_5(org, n, shown):
    make_workers(org, n, disadvantaged=True)
    make_workers(org, 5, disadvantaged=False)
    counts = vault.disadvantaged_counts(organization=org, on=TODAY)
    assert counts.total == shown
    assert counts.by_branch == {}


@pytest.mark.parametrize(("others", "shown"), [(4, None), (5, 6)])
def test_aggregate_hides_a_count_close_to_all_workers(org, others, shown):
    # given 6 disadvantaged workers among 6 + ``others``: "all but four" would say too much
    make_workers(org, 6, disadvantaged=True)
    make_workers(org, others, disadvantaged=False)
    assert vault.disadvantaged_counts(organization=org, on=TODAY).total == shown


def test_aggregates_log_nothing(org):
    make_workers(org, 6, disadvantaged=True)
    vault.disadvantaged_counts(organization=org, on=TODAY)
    assert not SensitiveAccess.objects.exists()


def test_aggregates_by_branch_in_a_mixed_cooperative(mixed_org):
    make_workers(mixed_org, 6, disadvantaged=True, branch="B")
    make_workers(mixed_org, 5, disadvantaged=True, branch="A")
    make_workers(mixed_org, 5, disadvantaged=False, branch="A")
    make_workers(mixed_org, 5, disadvantaged=False, branch="B")
    counts = vault.disadvantaged_counts(organization=mixed_org, on=TODAY)
    assert counts.total == 11
    assert counts.by_branch == {"A": 5, "B": 6}


def test_a_small_branch_cell_is_hidden_and_cannot_be_derived(mixed_org):
    # given 7 disadvantaged workers in branch B and 2 in branch A
    make_workers(mixed_org, 7, disadvantaged=True, branch="B")
    make_workers(mixed_org, 2, disadvantaged=True, branch="A")
    make_workers(mixed_org, 9, disadvantaged=False, branch="A")
    make_workers(mixed_org, 9, disadvantaged=False, branch="B")
    counts = vault.disadvantaged_counts(organization=mixed_org, on=TODAY)
    # then A is hidden, and so is B (else A = total - B)
    assert counts.by_branch["A"] is None
    assert counts.by_branch["B"] is None or counts.total is None
    assert counts.suppressed


def test_aggregates_count_only_current_workers_with_a_valid_status(org):
    make_workers(org, 5, disadvantaged=True)
    make_workers(org, 4, disadvantaged=False)  # + the expired one below: 5 not disadvantaged
    # an expired status and an ended employment do not count
    expired = PersonFactory.create(organization=org)
    EmploymentFactory.create(organization=org, person=expired)
    DisadvantagedStatusFactory.create(
        organization=org, person=expired, valid_to=dt.date(2024, 1, 1)
    )
    former = PersonFactory.create(organization=org)
    EmploymentFactory.create(organization=org, person=former, end_date=dt.date(2024, 1, 1))
    DisadvantagedStatusFactory.create(organization=org, person=former)
    # a volunteer-only person with a status is not a worker
    DisadvantagedStatusFactory.create(organization=org)
    assert vault.disadvantaged_counts(organization=org, on=TODAY).total == 5


def test_disadvantaged_periods_for_the_compliance_engine(org, person):
    DisadvantagedStatusFactory.create(
        organization=org, person=person, valid_from=dt.date(2024, 3, 1), valid_to=None
    )
    periods = vault.disadvantaged_periods(
        organization=org, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)
    )
    assert periods == {person.pk: [(dt.date(2024, 3, 1), None)]}
