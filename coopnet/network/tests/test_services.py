"""Network services: validation, nothing half-saved on error, one audit entry per change."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from coopnet.core.models import (
    Affiliation,
    AuditEntry,
    Organization,
    OrganizationKind,
    OrganizationSector,
    ServedComune,
)
from coopnet.network import services
from coopnet.network.models import Incubation

from .conftest import new_org

pytestmark = pytest.mark.django_db

VALID_CF = "00743110157"
OTHER_CF = "01234560371"


def _data(**overrides):
    data = {
        "kind": OrganizationKind.SOCIAL_COOP_B,
        "legal_name": "Il Germoglio cooperativa sociale",
        "short_name": "Il Germoglio",
        "slug": "il-germoglio",
        "codice_fiscale": VALID_CF,
        "partita_iva": VALID_CF,
    }
    data.update(overrides)
    return data


def _errors(excinfo):
    return excinfo.value.message_dict


# organization_create


def test_create_saves_sectors_territory_and_one_audit_entry(admin_user, bologna, imola):
    # when
    org = services.organization_create(
        actor=admin_user,
        data=_data(
            seat_comune=bologna, codice_fiscale="007 431 101 57", partita_iva="IT00743110157"
        ),
        sector_codes=["88.10.00", " 81.21 ", "88.10.00"],
        served_comuni=[imola.istat_code, bologna.istat_code],
    )
    # then the numbers are stored compact, sectors deduplicated in order, territory stored
    org.refresh_from_db()
    assert (org.codice_fiscale, org.partita_iva) == (VALID_CF, VALID_CF)
    assert list(org.sectors.values_list("code", flat=True)) == ["88.10.00", "81.21"]
    assert set(org.served_comuni.values_list("comune_id", flat=True)) == {"037006", "037032"}
    entries = AuditEntry.objects.filter(organization=org)
    assert [e.action for e in entries] == ["network.organization.create"]
    assert entries[0].after is not None
    assert entries[0].after["sectors"] == ["88.10.00", "81.21"]
    assert entries[0].actor == admin_user


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"codice_fiscale": "00743110158"}, "codice_fiscale", "Codice fiscale non valido"),
        ({"codice_fiscale": "123"}, "codice_fiscale", "lunghezza"),
        ({"partita_iva": "00743110158"}, "partita_iva", "Partita IVA non valida"),
        ({"legal_name": ""}, "legal_name", "vuoto"),
        ({"slug": "non valido!"}, "slug", "slug"),
    ],
)
def test_create_refuses_bad_registry_data(overrides, field, fragment):
    with pytest.raises(ValidationError) as excinfo:
        services.organization_create(actor=None, data=_data(**overrides))
    assert field in _errors(excinfo)
    assert fragment.lower() in " ".join(_errors(excinfo)[field]).lower()
    assert not Organization.objects.exists()
    assert not AuditEntry.objects.exists()


def test_create_refuses_unknown_ateco_and_saves_nothing():
    with pytest.raises(ValidationError) as excinfo:
        services.organization_create(actor=None, data=_data(), sector_codes=["88.10", "99.99.99"])
    assert "99.99.99" in _errors(excinfo)["sectors"][0]
    assert not Organization.objects.exists()
    assert not OrganizationSector.objects.exists()


def test_create_refuses_unknown_comune_and_saves_nothing(bologna):
    with pytest.raises(ValidationError) as excinfo:
        services.organization_create(
            actor=None, data=_data(), served_comuni=[bologna.istat_code, "999999"]
        )
    assert "999999" in _errors(excinfo)["served_comuni"][0]
    assert not Organization.objects.exists()
    assert not ServedComune.objects.exists()


def test_create_refuses_a_duplicate_slug(org):
    with pytest.raises(ValidationError) as excinfo:
        services.organization_create(actor=None, data=_data(slug=org.slug))
    assert "esiste già" in _errors(excinfo)["slug"][0]
    assert Organization.objects.count() == 1


def test_create_refuses_a_duplicate_codice_fiscale():
    services.organization_create(actor=None, data=_data())
    with pytest.raises(ValidationError):
        services.organization_create(actor=None, data=_data(slug="altro", partita_iva=""))
    assert Organization.objects.count() == 1
    assert AuditEntry.objects.count() == 1


def test_create_with_consortium_also_records_the_affiliation(consortium):
    org = services.organization_create(
        actor=None, data=_data(), consortium=consortium, joined_on=dt.date(2021, 3, 1)
    )
    affiliation = Affiliation.objects.get(organization=org)
    assert (affiliation.group, affiliation.start_date) == (consortium, dt.date(2021, 3, 1))
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == [
        "network.affiliation.create",
        "network.organization.create",
    ]


# organization_update


def test_update_changes_fields_replaces_sectors_and_writes_one_audit_entry(
    org, admin_user, bologna, imola
):
    services.organization_update(
        actor=admin_user, organization=org, data={}, sector_codes=["88.10"], served_comuni=[]
    )
    before = AuditEntry.objects.count()
    # when
    services.organization_update(
        actor=admin_user,
        organization=org,
        data={"short_name": "Ginestra", "seat_comune": bologna},
        sector_codes=["87.30", "88.10"],
        served_comuni=[imola.istat_code],
    )
    # then
    org.refresh_from_db()
    assert org.short_name == "Ginestra"
    assert org.seat_comune == bologna
    assert list(org.sectors.values_list("code", flat=True)) == ["87.30", "88.10"]
    assert list(org.served_comuni.values_list("comune_id", flat=True)) == [imola.istat_code]
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("id")
    assert entry.action == "network.organization.update"
    assert entry.before is not None
    assert entry.after is not None
    assert entry.before["sectors"] == ["88.10"]
    assert entry.after["sectors"] == ["87.30", "88.10"]
    assert entry.before["short_name"] == "La Ginestra"


def test_update_without_sectors_keeps_them(org, admin_user):
    services.organization_update(actor=admin_user, organization=org, data={}, sector_codes=["88"])
    services.organization_update(actor=admin_user, organization=org, data={"phone": "051 123"})
    assert list(org.sectors.values_list("code", flat=True)) == ["88"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"data": {"codice_fiscale": "XYZ"}, "sector_codes": ["87.30"]}, "codice_fiscale"),
        ({"data": {"partita_iva": "1"}, "served_comuni": []}, "partita_iva"),
        ({"data": {"short_name": "Nuovo"}, "sector_codes": ["00.00"]}, "sectors"),
        ({"data": {"short_name": "Nuovo"}, "served_comuni": ["000000"]}, "served_comuni"),
        ({"data": {"slug": "altra-coop"}}, "slug"),
    ],
)
def test_update_error_leaves_everything_as_it_was(org, other_org, admin_user, imola, kwargs, field):
    # given an organization with a sector and a served comune
    services.organization_update(
        actor=admin_user,
        organization=org,
        data={},
        sector_codes=["88.10"],
        served_comuni=[imola.istat_code],
    )
    audit_before = AuditEntry.objects.count()
    # when an update fails
    with pytest.raises(ValidationError) as excinfo:
        services.organization_update(
            actor=admin_user, organization=Organization.objects.get(pk=org.pk), **kwargs
        )
    # then nothing changed in the database and no audit entry was written
    assert field in _errors(excinfo)
    org.refresh_from_db()
    assert (org.short_name, org.slug, org.codice_fiscale) == ("La Ginestra", "la-ginestra", "")
    assert list(org.sectors.values_list("code", flat=True)) == ["88.10"]
    assert list(org.served_comuni.values_list("comune_id", flat=True)) == [imola.istat_code]
    assert AuditEntry.objects.count() == audit_before


# affiliations


def test_affiliation_create_writes_one_audit_entry(org, consortium, admin_user):
    affiliation = services.affiliation_create(
        actor=admin_user, organization=org, group=consortium, start_date=dt.date(2022, 1, 1)
    )
    assert affiliation.pk
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.organization, entry.actor) == (
        "network.affiliation.create",
        org,
        admin_user,
    )


@pytest.mark.parametrize(
    ("member", "group", "end_date", "field", "fragment"),
    [
        ("consortium", "consortium", None, "group", "sé stessa"),  # to itself
        ("org", "other_org", None, "group", "consorzio"),  # to a cooperative
        ("org", "consortium", dt.date(2021, 12, 31), "end_date", ""),  # ending before it starts
    ],
)
def test_a_wrong_affiliation_is_refused(request, member, group, end_date, field, fragment):
    with pytest.raises(ValidationError) as excinfo:
        services.affiliation_create(
            actor=None,
            organization=request.getfixturevalue(member),
            group=request.getfixturevalue(group),
            start_date=dt.date(2022, 1, 1),
            end_date=end_date,
        )
    assert field in _errors(excinfo)
    assert fragment in _errors(excinfo)[field][0]
    assert not Affiliation.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "refused"),
    [
        (dt.date(2020, 6, 1), None, True),  # inside an open-ended one
        (dt.date(2019, 1, 1), dt.date(2020, 1, 15), True),  # touches its first day
        (dt.date(2019, 1, 1), dt.date(2020, 1, 14), False),  # the day before
    ],
)
def test_overlapping_affiliations_are_refused(affiliation, org, consortium, start, end, refused):
    # given ``org`` in ``consortium`` since 15/01/2020 (fixture)
    call = {"actor": None, "organization": org, "group": consortium}
    if refused:
        with pytest.raises(ValidationError) as excinfo:
            services.affiliation_create(**call, start_date=start, end_date=end)
        assert "start_date" in _errors(excinfo)
        assert Affiliation.objects.count() == 1
    else:
        services.affiliation_create(**call, start_date=start, end_date=end)
        assert Affiliation.objects.count() == 2


def test_affiliation_end(affiliation, admin_user):
    before = AuditEntry.objects.count()
    services.affiliation_end(
        actor=admin_user, affiliation=affiliation, end_date=dt.date(2024, 6, 30)
    )
    affiliation.refresh_from_db()
    assert affiliation.end_date == dt.date(2024, 6, 30)
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.latest("id").action == "network.affiliation.end"


def test_affiliation_end_before_start_is_refused(affiliation, admin_user):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.affiliation_end(
            actor=admin_user, affiliation=affiliation, end_date=dt.date(2019, 1, 1)
        )
    assert "end_date" in _errors(excinfo)
    affiliation.refresh_from_db()
    assert affiliation.end_date is None
    assert AuditEntry.objects.count() == before


# incubations


def test_incubation_create_records_support_and_one_audit_entry(org, other_org, admin_user):
    incubation = services.incubation_create(
        actor=admin_user,
        organization=org,
        child=other_org,
        start_date=dt.date(2023, 5, 1),
        support=["people", "capital"],
        note="Due soci fondatori",
    )
    assert incubation.support_labels() == ["persone", "capitale"]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.organization) == ("network.incubation.create", org)


def test_incubating_itself_is_refused(org):
    with pytest.raises(ValidationError) as excinfo:
        services.incubation_create(
            actor=None, organization=org, child=org, start_date=dt.date(2023, 1, 1)
        )
    assert "child" in _errors(excinfo)
    assert not Incubation.objects.exists()


def test_incubation_cycles_are_refused():
    # given a -> b -> c
    a, b, c = (new_org(slug=s) for s in ("gen-a", "gen-b", "gen-c"))
    day = dt.date(2020, 1, 1)
    services.incubation_create(actor=None, organization=a, child=b, start_date=day)
    services.incubation_create(actor=None, organization=b, child=c, start_date=day)
    # when c tries to incubate a (its grandparent), or b its parent
    for parent, child in ((c, a), (b, a)):
        with pytest.raises(ValidationError) as excinfo:
            services.incubation_create(actor=None, organization=parent, child=child, start_date=day)
        # then it is refused as a cycle and nothing is saved
        assert "ciclo" in _errors(excinfo)["child"][0]
    assert Incubation.objects.count() == 2
    assert AuditEntry.objects.count() == 2


def test_duplicate_incubation_and_unknown_support_are_refused(org, other_org):
    day = dt.date(2020, 1, 1)
    with pytest.raises(ValidationError) as excinfo:
        services.incubation_create(
            actor=None, organization=org, child=other_org, start_date=day, support=["money"]
        )
    assert "support" in _errors(excinfo)
    services.incubation_create(actor=None, organization=org, child=other_org, start_date=day)
    with pytest.raises(ValidationError) as excinfo:
        services.incubation_create(actor=None, organization=org, child=other_org, start_date=day)
    assert "già registrata" in _errors(excinfo)["child"][0]
    assert Incubation.objects.count() == 1
