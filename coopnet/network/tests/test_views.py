"""Network pages, each with three personas: a member, a user with the right role, an outsider."""

import csv
import datetime as dt
import io
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from PIL import Image

from coopnet.core.models import (
    Affiliation,
    AuditEntry,
    Organization,
    OrganizationKind,
    Role,
)
from coopnet.core.platform import platform_organization
from coopnet.core.tests.factories import RoleAssignmentFactory, bearer
from coopnet.network import services
from coopnet.network.models import Incubation

from .conftest import JOINED, new_org

pytestmark = pytest.mark.django_db

DIRECTORY = "/network/"
LINEAGE = "/network/strawberry-fields/"
COMUNI = "/network/comuni/"
HTMX = {"HX-Request": "true"}


def _text(response):
    return response.content.decode()


def _messages(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def _listed(response):
    """Short names of the organizations in a list page, in order."""
    return [o.short_name for o in response.context["page"]]


# Directory


def test_directory_needs_login(client):
    response = client.get(DIRECTORY)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["member_user", "admin_user"])
def test_directory_shows_own_organization_only(client, request, org, other_org, persona):
    # given a member or an administrator of ``org`` (and ``other_org`` exists)
    client.force_login(request.getfixturevalue(persona))
    # when
    response = client.get(DIRECTORY)
    # then only their organization is listed
    assert response.status_code == 200
    assert _listed(response) == ["La Ginestra"]
    assert "Altra Coop" not in _text(response)


def test_outsider_does_not_see_the_organization_in_the_directory(client, org, outsider):
    client.force_login(outsider)
    response = client.get(DIRECTORY)
    assert _listed(response) == ["Altra Coop"]
    assert "La Ginestra" not in _text(response)


def test_consortium_staff_see_their_consortium_and_its_members(
    client, org, other_org, affiliation, consortium_staff
):
    client.force_login(consortium_staff)
    response = client.get(DIRECTORY)
    assert _listed(response) == ["Consorzio Aurora", "La Ginestra"]


def test_platform_admin_sees_every_organization(client, org, other_org, platform_admin):
    client.force_login(platform_admin)
    assert _listed(client.get(DIRECTORY)) == ["Altra Coop", "La Ginestra"]


def test_the_platforms_own_organization_is_never_listed(client, org, other_org, platform_admin):
    # Given the platform's organization (it runs calls; it is no member of the network)
    platform = platform_organization(actor=platform_admin)
    assert platform.kind == OrganizationKind.PLATFORM
    client.force_login(platform_admin)
    # Then neither the directory, its filters, its export nor the API list it
    assert _listed(client.get(DIRECTORY)) == ["Altra Coop", "La Ginestra"]
    assert _listed(client.get(DIRECTORY, {"q": "coopnet"})) == []
    page = client.get(DIRECTORY).content.decode()
    assert 'value="platform"' not in page
    export = client.get(DIRECTORY, {"format": "csv"}).content.decode()
    assert "coopnet" not in export
    api = client.get("/api/v1/orgs", headers=bearer(platform_admin, org)).json()
    assert "coopnet" not in [o["slug"] for o in api["items"]]
    # And no other organization is made, or turned into, one of the platform's kind
    with pytest.raises(ValidationError) as refused:
        services.organization_update(actor=None, organization=org, data={"kind": "platform"})
    assert "kind" in refused.value.message_dict


@pytest.fixture
def directory_setup(
    org, consortium, affiliation, consortium_staff, make_orgs, bologna, lecce, actor
):
    """Consortium staff looking at: La Ginestra (Bologna, 88.10) and two type B members in Lecce."""
    services.organization_update(
        actor=actor,
        organization=org,
        data={"seat_comune": bologna, "codice_fiscale": "00743110157"},
        sector_codes=["88.10.00"],
    )
    make_orgs(2, group=consortium, prefix="sud", kind=OrganizationKind.SOCIAL_COOP_B)
    for member in Organization.objects.filter(slug__startswith="sud-"):
        services.organization_update(
            actor=actor, organization=member, data={"seat_comune": lecce}, sector_codes=["81.21"]
        )
    return consortium_staff


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Consorzio Aurora", "La Ginestra", "sud 000", "sud 001"]),
        ("q=ginestra", ["La Ginestra"]),
        ("q=00743110157", ["La Ginestra"]),
        ("q=lecce", ["sud 000", "sud 001"]),
        ("kind=social_coop_b", ["sud 000", "sud 001"]),
        ("region=16", ["sud 000", "sud 001"]),
        ("province=BO", ["La Ginestra"]),
        ("sector=8810", ["La Ginestra"]),
        ("sector=81", ["sud 000", "sud 001"]),
        ("consortium=consorzio-aurora", ["La Ginestra", "sud 000", "sud 001"]),
        ("consortium=consorzio-aurora&province=LE&q=001", ["sud 001"]),
        ("sort=-name", ["sud 001", "sud 000", "La Ginestra", "Consorzio Aurora"]),
        ("sort=comune", ["La Ginestra", "sud 000", "sud 001", "Consorzio Aurora"]),
        ("sort=nonsense", ["Consorzio Aurora", "La Ginestra", "sud 000", "sud 001"]),
    ],
)
def test_directory_search_filters_and_sort_narrow_the_list(
    client, directory_setup, query, expected
):
    client.force_login(directory_setup)
    response = client.get(f"{DIRECTORY}?{query}")
    assert response.status_code == 200
    assert _listed(response) == expected


def test_directory_bad_filter_shows_an_error_and_keeps_the_others(client, directory_setup):
    client.force_login(directory_setup)
    response = client.get(f"{DIRECTORY}?region=99&sector=abc&kind=social_coop_b")
    assert response.status_code == 200
    assert _listed(response) == ["sud 000", "sud 001"]
    errors = response.context["form"].errors
    assert set(errors) == {"region", "sector"}
    assert "ATECO" in errors["sector"][0]


def test_directory_htmx_request_gets_only_the_results(client, directory_setup):
    client.force_login(directory_setup)
    response = client.get(f"{DIRECTORY}?kind=social_coop_b&sort=-name", headers=HTMX)
    html = _text(response)
    assert "<html" not in html
    assert 'id="directory-sort" value="-name" hx-swap-oob="true"' in html
    assert "sud 001" in html
    assert "La Ginestra" not in html
    assert response["Vary"].count("HX-Request") == 1


def test_directory_history_restore_gets_the_whole_page(client, directory_setup):
    client.force_login(directory_setup)
    headers = {**HTMX, "HX-History-Restore-Request": "true"}
    html = _text(client.get(DIRECTORY, headers=headers))
    assert "<html" in html
    assert html.count('id="directory-sort"') == 1


def test_directory_full_page_has_filters_that_update_the_table_with_htmx(client, directory_setup):
    client.force_login(directory_setup)
    html = _text(client.get(DIRECTORY))
    assert 'hx-target="#directory-results"' in html
    assert 'name="consortium"' in html
    assert '<option value="consorzio-aurora">Consorzio Aurora</option>' in html
    # sort links keep the filters and flip the order of the current column
    html = _text(client.get(f"{DIRECTORY}?kind=social_coop_b"))
    assert 'href="?kind=social_coop_b&amp;sort=-name"' in html
    assert 'aria-sort="ascending"' in html


def test_directory_paginates_by_fifty(client, platform_admin, make_orgs):
    make_orgs(55)
    client.force_login(platform_admin)
    first = client.get(DIRECTORY)
    second = client.get(f"{DIRECTORY}?page=2")
    assert len(_listed(first)) == 50
    assert _listed(second) == ["serie 050", "serie 051", "serie 052", "serie 053", "serie 054"]
    assert 'href="?page=2"' in _text(first)


def _csv_rows(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_directory_csv_export_parses_back(client, directory_setup, org):
    # given La Ginestra with its data
    Organization.objects.filter(pk=org.pk).update(
        founded_on=dt.date(1998, 3, 7), albo_number="A123", albo_section="A", partita_iva=""
    )
    client.force_login(directory_setup)
    # when exporting the filtered list
    response = client.get(f"{DIRECTORY}?province=BO&format=csv&page=3")
    # then
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="rete-' in response["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert header[:3] == ["Nome breve", "Ragione sociale", "Tipo"]
    assert len(header) == 13
    assert rows == [
        [
            "La Ginestra",
            "La Ginestra cooperativa sociale",
            "Cooperativa sociale di tipo A",
            "00743110157",
            "",
            "A123",
            "A",
            "Bologna",
            "BO",
            "Emilia-Romagna",
            "88.10.00",
            "07/03/1998",
            "Consorzio Aurora",
        ]
    ]


def test_export_neutralises_spreadsheet_formulas(client, platform_admin):
    new_org(slug="formula", short_name="=HYPERLINK(1)", legal_name="+cmd")
    client.force_login(platform_admin)
    _header, row = _csv_rows(client.get(f"{DIRECTORY}?format=csv"))
    assert row[:2] == ["'=HYPERLINK(1)", "'+cmd"]


def test_directory_xlsx_export_parses_back(client, directory_setup, org):
    Organization.objects.filter(pk=org.pk).update(founded_on=dt.date(1998, 3, 7))
    client.force_login(directory_setup)
    response = client.get(f"{DIRECTORY}?sort=-name&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Nome breve"
    assert all(cell.font.bold for cell in sheet[1])
    assert [r[0] for r in rows[1:]] == ["sud 001", "sud 000", "La Ginestra", "Consorzio Aurora"]
    ginestra = sheet.cell(row=4, column=12)
    assert isinstance(ginestra.value, dt.datetime)
    assert ginestra.value.date() == dt.date(1998, 3, 7)
    assert ginestra.number_format == "DD/MM/YYYY"
    assert rows[3][12] == "Consorzio Aurora"


@pytest.mark.parametrize("n", [5, 30])
@pytest.mark.parametrize(
    ("query", "budget", "rows", "more"),
    [
        ("?sort=ateco", 12, _listed, 1),  # the n and the consortium
        ("?format=csv", 8, _csv_rows, 2),  # and the header
    ],
    ids=["page", "export"],
)
def test_directory_queries_do_not_grow_with_rows(
    client,
    platform_admin,
    consortium,
    make_orgs,
    django_assert_max_num_queries,
    n,
    query,
    budget,
    rows,
    more,
):
    make_orgs(n, group=consortium)
    client.force_login(platform_admin)
    with django_assert_max_num_queries(budget):
        response = client.get(f"{DIRECTORY}{query}")
    assert len(rows(response)) == n + more


# Profile


def test_member_sees_profile_without_edit_links(client, org, member_user):
    client.force_login(member_user)
    response = client.get(f"/o/{org.slug}/")
    assert response.status_code == 200
    html = _text(response)
    assert "La Ginestra cooperativa sociale" in html
    assert f"/o/{org.slug}/edit/" not in html
    assert f"/o/{org.slug}/affiliations/new/" not in html
    assert f"/o/{org.slug}/incubations/new/" not in html


def test_admin_sees_profile_with_edit_links(client, org, admin_user):
    client.force_login(admin_user)
    html = _text(client.get(f"/o/{org.slug}/"))
    assert f"/o/{org.slug}/edit/" in html
    assert f"/o/{org.slug}/affiliations/new/" in html
    assert f"/o/{org.slug}/incubations/new/" in html


def test_outsider_gets_404_on_profile(client, org, outsider):
    client.force_login(outsider)
    assert client.get(f"/o/{org.slug}/").status_code == 404


def test_consortium_staff_see_an_affiliated_profile_but_cannot_edit_it(
    client, org, other_org, affiliation, consortium_staff
):
    client.force_login(consortium_staff)
    response = client.get(f"/o/{org.slug}/")
    assert response.status_code == 200
    assert f"/o/{org.slug}/edit/" not in _text(response)
    assert client.get(f"/o/{org.slug}/edit/").status_code == 404
    assert client.post(f"/o/{org.slug}/edit/", {"legal_name": "x"}).status_code == 404
    assert client.get(f"/o/{org.slug}/affiliations/new/").status_code == 404
    # and a cooperative outside the consortium stays invisible
    assert client.get(f"/o/{other_org.slug}/").status_code == 404


def test_consortium_staff_lose_sight_when_the_affiliation_ends(
    client, org, affiliation, consortium_staff, actor
):
    services.affiliation_end(actor=actor, affiliation=affiliation, end_date=dt.date(2021, 1, 1))
    client.force_login(consortium_staff)
    assert client.get(f"/o/{org.slug}/").status_code == 404


def test_profile_shows_r_381_1b_warning_for_a_social_coop_without_the_words(
    client, org, member_user
):
    Organization.objects.filter(pk=org.pk).update(legal_name="La Ginestra società cooperativa")
    client.force_login(member_user)
    html = _text(client.get(f"/o/{org.slug}/"))
    assert 'data-rule="R-381-1b"' in html
    assert "L. 381/1991, art. 1 c. 3" in html
    assert "cooperativa sociale" in html


def test_profile_has_no_r_381_1b_warning_when_the_name_is_right(client, org, member_user):
    Organization.objects.filter(pk=org.pk).update(legal_name="La Ginestra COOPERATIVA SOCIALE")
    client.force_login(member_user)
    assert "R-381-1b" not in _text(client.get(f"/o/{org.slug}/"))


def test_profile_shows_everything_about_the_organization(
    client, org, other_org, consortium, affiliation, admin_user, bologna, imola, lecce, actor
):
    # given La Ginestra with data, sectors, territory, a past and a current affiliation,
    # incubated by Altra Coop and having incubated a new cooperative
    services.organization_update(
        actor=actor,
        organization=org,
        data={
            "address": "Via dei Mille 3",
            "seat_comune": bologna,
            "website": "https://ginestra.example.org",
            "email": "info@ginestra.example.org",
            "founded_on": dt.date(1998, 3, 7),
        },
        sector_codes=["88.10.00", "87.30"],
        served_comuni=[imola.istat_code, bologna.istat_code, lecce.istat_code],
    )
    federation = new_org(
        slug="federazione", short_name="Federazione Nord", kind=OrganizationKind.FEDERATION
    )
    services.affiliation_create(
        actor=None,
        organization=org,
        group=federation,
        start_date=dt.date(2001, 1, 1),
        end_date=dt.date(2010, 12, 31),
    )
    services.incubation_create(
        actor=None,
        organization=other_org,
        child=org,
        start_date=dt.date(1998, 1, 1),
        support=["capital"],
    )
    nuova = new_org(slug="nuova", short_name="Nuova Coop")
    services.incubation_create(
        actor=None,
        organization=org,
        child=nuova,
        start_date=dt.date(2019, 9, 1),
        support=["people", "back_office"],
        note="Tre soci fondatori",
    )
    client.force_login(admin_user)
    # when
    response = client.get(f"/o/{org.slug}/")
    html = _text(response)
    profile = response.context["profile"]
    # then
    assert "07/03/1998" in html
    assert "Via dei Mille 3, Bologna (BO)" in html
    assert "Attività di assistenza sociale non residenziale per anziani" in html
    assert "Attività di assistenza residenziale per anziani" in html
    assert [p.abbreviation for p, _ in profile.territory] == ["BO", "LE"]
    assert [c.name for c in profile.territory[0][1]] == ["Bologna", "Imola"]
    assert [a.group for a in profile.current_affiliations] == [consortium]
    assert [a.group for a in profile.past_affiliations] == [federation]
    assert "01/01/2001 \u2013 31/12/2010" in html
    assert "15/01/2020" in html  # the consortium, since JOINED
    assert "Altra Coop" in html
    assert "capitale" in html
    assert "Nuova Coop" in html
    assert "servizi amministrativi" in html
    assert "Tre soci" in html
    # links only to organizations the administrator may open
    assert 'href="/o/altra-coop/"' not in html
    assert 'href="/o/nuova/"' not in html
    assert "R-NET-3" in html
    assert 'data-rule="R-NET-3"' not in html
    assert f'href="/o/{org.slug}/affiliations/{affiliation.pk}/end/"' in html
    assert 'href="https://ginestra.example.org"' in html


def test_profile_advises_r_net_3_when_nothing_was_incubated(client, org, member_user):
    client.force_login(member_user)
    assert 'data-rule="R-NET-3"' in _text(client.get(f"/o/{org.slug}/"))


@pytest.mark.parametrize("n", [5, 30])
def test_profile_queries_do_not_grow_with_links(
    client, org, admin_user, make_orgs, n, django_assert_max_num_queries
):
    for i, child in enumerate(make_orgs(n)):
        services.incubation_create(
            actor=None, organization=org, child=child, start_date=dt.date(2000 + i % 20, 1, 1)
        )
    client.force_login(admin_user)
    with django_assert_max_num_queries(16):
        response = client.get(f"/o/{org.slug}/")
    assert len(response.context["profile"].incubations) == n


# Edit


def _edit_data(org, **changes):
    data = {
        "legal_name": org.legal_name,
        "short_name": org.short_name,
        "legal_form": "scrl",
        "codice_fiscale": "",
        "partita_iva": "",
        "albo_number": "",
        "albo_section": "",
        "rea_number": "",
        "founded_on": "",
        "address": "",
        "email": "",
        "pec": "",
        "phone": "",
        "website": "",
        "sectors": "",
        "seat_comune": "",
        "served_comuni": "",
    }
    data.update(changes)
    return data


def test_member_and_outsider_cannot_edit(client, org, member_user, outsider):
    for user in (member_user, outsider):
        client.force_login(user)
        assert client.get(f"/o/{org.slug}/edit/").status_code == 404
        assert client.post(f"/o/{org.slug}/edit/", _edit_data(org)).status_code == 404
    assert not AuditEntry.objects.exists()


def test_admin_edit_form_shows_current_values(client, org, admin_user, bologna, imola, actor):
    services.organization_update(
        actor=actor,
        organization=org,
        data={"seat_comune": bologna},
        sector_codes=["88.10.00", "87.30"],
        served_comuni=[imola.istat_code, bologna.istat_code],
    )
    client.force_login(admin_user)
    response = client.get(f"/o/{org.slug}/edit/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["sectors"].value() == "88.10.00, 87.30"
    assert form["seat_comune"].value() == "Bologna (BO)"
    assert form["served_comuni"].value() == "Bologna (BO)\nImola (BO)"
    # a cooperative administrator does not change what the organization is, nor its address
    assert "kind" not in form.fields
    assert "slug" not in form.fields
    assert 'hx-get="/network/comuni/"' in _text(response)


def test_admin_saves_the_organization(client, org, admin_user, bologna, imola):
    client.force_login(admin_user)
    # when
    response = client.post(
        f"/o/{org.slug}/edit/",
        _edit_data(
            org,
            short_name="Ginestra",
            codice_fiscale="00743110157",
            partita_iva="IT00743110157",
            founded_on="1998-03-07",
            sectors="88.10.00, 87.30",
            seat_comune="bologna",
            served_comuni="Imola (BO)\n037006\n",
            kind=OrganizationKind.CONSORTIUM,  # ignored: not an editable field for them
        ),
    )
    # then
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == f"/o/{org.slug}/"
    org.refresh_from_db()
    assert (org.short_name, org.codice_fiscale, org.partita_iva) == (
        "Ginestra",
        "00743110157",
        "00743110157",
    )
    assert org.kind == OrganizationKind.SOCIAL_COOP_A
    assert org.founded_on == dt.date(1998, 3, 7)
    assert org.seat_comune == bologna
    assert list(org.sectors.values_list("code", flat=True)) == ["88.10.00", "87.30"]
    assert set(org.served_comuni.values_list("comune_id", flat=True)) == {"037006", "037032"}
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.organization) == (
        "network.organization.update",
        admin_user,
        org,
    )
    assert entry.after is not None
    assert entry.after["sectors"] == ["88.10.00", "87.30"]
    assert entry.after["served_comuni"] == ["037006", "037032"]
    assert _messages(response) == [("success", "Dati dell'organizzazione salvati.")]


def test_saving_a_name_without_cooperativa_sociale_warns(client, org, admin_user):
    client.force_login(admin_user)
    response = client.post(
        f"/o/{org.slug}/edit/", _edit_data(org, legal_name="La Ginestra soc. coop.")
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.legal_name == "La Ginestra soc. coop."
    (success, warning) = _messages(response)
    assert success[0] == "success"
    assert warning[0] == "warning"
    assert "R-381-1b" in warning[1]
    assert "L. 381/1991" in warning[1]


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"codice_fiscale": "00743110158"}, "codice_fiscale", "Codice fiscale non valido"),
        ({"partita_iva": "123"}, "partita_iva", "Partita IVA non valida"),
        ({"sectors": "88.10, 99.99.99"}, "sectors", "Codice ATECO sconosciuto: 99.99.99"),
        ({"seat_comune": "Atlantide"}, "seat_comune", "Comune sconosciuto"),
        ({"seat_comune": "Castro"}, "seat_comune", "aggiungi la provincia"),
        ({"served_comuni": "Imola (BO)\nAtlantide (XX)"}, "served_comuni", "Atlantide (XX)"),
        ({"legal_name": ""}, "legal_name", "obbligatorio"),
        ({"website": "non un sito"}, "website", "URL"),
    ],
)
def test_edit_errors_show_next_to_the_field_and_save_nothing(
    client, org, admin_user, changes, field, fragment
):
    client.force_login(admin_user)
    response = client.post(
        f"/o/{org.slug}/edit/", _edit_data(org, short_name="Cambiato", **changes)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert fragment in " ".join(form.errors[field])
    assert 'class="errorlist' in _text(response)
    org.refresh_from_db()
    assert org.short_name == "La Ginestra"
    assert not AuditEntry.objects.exists()


def test_duplicate_codice_fiscale_is_refused_without_saving(client, org, other_org, admin_user):
    Organization.objects.filter(pk=other_org.pk).update(codice_fiscale="00743110157")
    client.force_login(admin_user)
    response = client.post(
        f"/o/{org.slug}/edit/", _edit_data(org, short_name="Cambiato", codice_fiscale="00743110157")
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    org.refresh_from_db()
    assert (org.short_name, org.codice_fiscale) == ("La Ginestra", "")
    assert not AuditEntry.objects.exists()


def test_platform_admin_can_change_the_slug_but_not_to_a_taken_one(
    client, org, other_org, platform_admin
):
    client.force_login(platform_admin)
    data = _edit_data(org, kind=org.kind, slug=other_org.slug)
    response = client.post(f"/o/{org.slug}/edit/", data)
    assert "esiste già" in response.context["form"].errors["slug"][0]
    response = client.post(f"/o/{org.slug}/edit/", {**data, "slug": "ginestra-nuova"})
    assert response["Location"] == "/o/ginestra-nuova/"


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "green").save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_admin_uploads_a_logo(client, org, admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)
    response = client.post(f"/o/{org.slug}/edit/", {**_edit_data(org), "logo": _png()})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.logo.name.startswith("logos/logo")
    assert (tmp_path / org.logo.name).exists()
    assert f'src="/media/{org.logo.name}"' in _text(client.get(f"/o/{org.slug}/"))


# Comune suggestions


def test_comuni_endpoint_needs_login(client):
    assert client.get(f"{COMUNI}?q=bolo").status_code == 302


def test_comuni_endpoint_suggests_names_with_istat_codes(client, outsider):
    client.force_login(outsider)
    response = client.get(f"{COMUNI}?q=bolo", headers=HTMX)
    html = _text(response)
    assert response.status_code == 200
    # names starting with the query come first, each with its ISTAT code
    assert html.split('data-comune="')[1].startswith("Bologna (BO)")
    assert 'data-istat="037006"' in html
    assert "ISTAT 037006" in html


def test_comuni_endpoint_returns_at_most_twenty(client, outsider):
    client.force_login(outsider)
    assert _text(client.get(f"{COMUNI}?q=san")).count("<li>") == 20
    assert _text(client.get(f"{COMUNI}?q=b")).count("<li>") == 0
    assert "Nessun comune trovato" in _text(client.get(f"{COMUNI}?q=zzzz"))


# Affiliations


def test_member_and_outsider_cannot_add_or_end_affiliations(
    client, org, affiliation, member_user, outsider
):
    for user in (member_user, outsider):
        client.force_login(user)
        assert client.get(f"/o/{org.slug}/affiliations/new/").status_code == 404
        url = f"/o/{org.slug}/affiliations/{affiliation.pk}/end/"
        assert client.post(url, {"end_date": "2024-01-01"}).status_code == 404
    affiliation.refresh_from_db()
    assert affiliation.end_date is None


def test_admin_adds_an_affiliation_to_a_consortium_they_see(client, org, consortium, admin_user):
    # given the administrator also holds a role in the consortium, so they can choose it
    RoleAssignmentFactory(organization=consortium, user=admin_user, role=Role.MEMBER)
    client.force_login(admin_user)
    response = client.get(f"/o/{org.slug}/affiliations/new/")
    assert list(response.context["form"].fields["group"].queryset) == [consortium]
    # when
    response = client.post(
        f"/o/{org.slug}/affiliations/new/", {"group": consortium.pk, "start_date": "2022-02-01"}
    )
    # then
    assert response["Location"] == f"/o/{org.slug}/"
    affiliation = Affiliation.objects.get()
    assert (affiliation.group, affiliation.start_date) == (consortium, dt.date(2022, 2, 1))
    assert AuditEntry.objects.get().action == "network.affiliation.create"


def test_admin_cannot_join_a_consortium_they_do_not_see(client, org, consortium, admin_user):
    client.force_login(admin_user)
    response = client.post(
        f"/o/{org.slug}/affiliations/new/", {"group": consortium.pk, "start_date": "2022-02-01"}
    )
    assert response.status_code == 200
    assert "group" in response.context["form"].errors
    assert not Affiliation.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"start_date": "2022-02-01", "end_date": "2021-01-01"}, "end_date"),
        ({"start_date": "2020-06-01"}, "start_date"),  # overlaps the one since JOINED
        ({"start_date": ""}, "start_date"),
    ],
)
def test_affiliation_errors_show_next_to_the_field(
    client, org, consortium, affiliation, platform_admin, data, field
):
    client.force_login(platform_admin)
    response = client.post(f"/o/{org.slug}/affiliations/new/", {"group": consortium.pk, **data})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Affiliation.objects.count() == 1


def test_admin_ends_an_affiliation(client, org, affiliation, admin_user):
    client.force_login(admin_user)
    url = f"/o/{org.slug}/affiliations/{affiliation.pk}/end/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"end_date": "2024-06-30"})
    assert response["Location"] == f"/o/{org.slug}/"
    affiliation.refresh_from_db()
    assert affiliation.end_date == dt.date(2024, 6, 30)
    assert AuditEntry.objects.filter(action="network.affiliation.end").count() == 1


def test_ending_before_the_start_is_refused(client, org, affiliation, admin_user):
    client.force_login(admin_user)
    url = f"/o/{org.slug}/affiliations/{affiliation.pk}/end/"
    response = client.post(url, {"end_date": "2019-01-01"})
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    affiliation.refresh_from_db()
    assert affiliation.end_date is None


def test_cannot_end_another_organizations_affiliation(
    client, org, other_org, consortium, admin_user
):
    foreign = services.affiliation_create(
        actor=None, organization=other_org, group=consortium, start_date=JOINED
    )
    client.force_login(admin_user)
    response = client.post(
        f"/o/{org.slug}/affiliations/{foreign.pk}/end/", {"end_date": "2024-01-01"}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.end_date is None


# Incubations


def test_member_and_outsider_cannot_add_incubations(client, org, member_user, outsider):
    for user in (member_user, outsider):
        client.force_login(user)
        assert client.get(f"/o/{org.slug}/incubations/new/").status_code == 404
        assert client.post(f"/o/{org.slug}/incubations/new/", {}).status_code == 404


def test_admin_records_an_incubation(client, org, admin_user):
    # given a new cooperative the administrator also works in
    nuova = new_org(slug="nuova", short_name="Nuova Coop")
    RoleAssignmentFactory(organization=nuova, user=admin_user, role=Role.COOP_ADMIN)
    client.force_login(admin_user)
    response = client.get(f"/o/{org.slug}/incubations/new/")
    assert list(response.context["form"].fields["child"].queryset) == [nuova]
    # when
    response = client.post(
        f"/o/{org.slug}/incubations/new/",
        {
            "child": nuova.pk,
            "start_date": "2023-04-01",
            "support": ["people", "contracts"],
            "note": "Avvio",
        },
    )
    # then
    assert response["Location"] == f"/o/{org.slug}/"
    incubation = Incubation.objects.get()
    assert (incubation.organization, incubation.child) == (org, nuova)
    assert incubation.support_labels() == ["persone", "contratti"]
    assert AuditEntry.objects.get().action == "network.incubation.create"


def test_incubation_cycle_is_shown_next_to_the_child(client, org, other_org, platform_admin):
    services.incubation_create(
        actor=None, organization=other_org, child=org, start_date=dt.date(2000, 1, 1)
    )
    client.force_login(platform_admin)
    response = client.post(
        f"/o/{org.slug}/incubations/new/", {"child": other_org.pk, "start_date": "2023-04-01"}
    )
    assert response.status_code == 200
    assert "ciclo" in response.context["form"].errors["child"][0]
    assert Incubation.objects.count() == 1


# Consortium page


def test_consortium_staff_see_members_and_counts(
    client, org, consortium, affiliation, consortium_staff, make_orgs, bologna
):
    Organization.objects.filter(pk=org.pk).update(seat_comune=bologna)
    make_orgs(2, group=consortium, prefix="b", kind=OrganizationKind.SOCIAL_COOP_B)
    ended = new_org(slug="uscita", short_name="Uscita")
    services.affiliation_create(
        actor=None,
        organization=ended,
        group=consortium,
        start_date=JOINED,
        end_date=dt.date(2021, 1, 1),
    )
    client.force_login(consortium_staff)
    response = client.get(f"/o/{consortium.slug}/consortium/")
    assert response.status_code == 200
    assert _listed(response) == ["b 000", "b 001", "La Ginestra"]
    by_kind = {(t.label, t.count) for t in response.context["by_kind"]}
    assert by_kind == {("Cooperativa sociale di tipo B", 2), ("Cooperativa sociale di tipo A", 1)}
    by_province = [(t.label, t.count) for t in response.context["by_province"]]
    assert by_province == [("sede non indicata", 2), ("Bologna (BO)", 1)]
    html = _text(response)
    assert 'href="/o/la-ginestra/"' in html
    assert "Bologna" in html
    assert "Uscita" not in html


def test_consortium_member_and_outsider_get_404(
    client, consortium, affiliation, consortium_member, outsider
):
    for user in (consortium_member, outsider):
        client.force_login(user)
        assert client.get(f"/o/{consortium.slug}/consortium/").status_code == 404


def test_consortium_page_of_a_cooperative_is_404(client, org, admin_user):
    client.force_login(admin_user)
    assert client.get(f"/o/{org.slug}/consortium/").status_code == 404


def test_consortium_staff_cannot_open_the_consortium_page_of_an_affiliate(
    client, org, affiliation, consortium_staff
):
    client.force_login(consortium_staff)
    assert client.get(f"/o/{org.slug}/consortium/").status_code == 404


def test_consortium_member_list_exports(client, consortium, affiliation, consortium_staff):
    client.force_login(consortium_staff)
    url = f"/o/{consortium.slug}/consortium/"
    _header, row = _csv_rows(client.get(f"{url}?format=csv"))
    assert (row[0], row[-1]) == ("La Ginestra", "Consorzio Aurora")
    response = client.get(f"{url}?format=xlsx")
    assert 'filename="aderenti-consorzio-aurora-' in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows] == ["Nome breve", "La Ginestra"]


@pytest.mark.parametrize("n", [5, 30])
def test_consortium_page_queries_do_not_grow_with_members(
    client, consortium, consortium_staff, make_orgs, n, django_assert_max_num_queries
):
    make_orgs(n, group=consortium)
    client.force_login(consortium_staff)
    with django_assert_max_num_queries(21):  # 16, and 5 for the members' figures
        response = client.get(f"/o/{consortium.slug}/consortium/")
    assert len(_listed(response)) == n


# Strawberry fields


class _TreeShape(HTMLParser):
    """Reads nested <li data-org> of the lineage tree into (slug, [children]) tuples."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, list[Any]]] = [("root", [])]
        self.in_tree = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ul" and ("tree" in (attrs.get("class") or "") or self.in_tree):
            self.in_tree += 1
        elif tag == "li" and self.in_tree and "data-org" in attrs:
            node: tuple[str, list[Any]] = (attrs["data-org"] or "", [])
            self.stack[-1][1].append(node)
            self.stack.append(node)

    def handle_endtag(self, tag):
        if tag == "ul" and self.in_tree:
            self.in_tree -= 1
        elif tag == "li" and self.in_tree and len(self.stack) > 1:
            self.stack.pop()


def _tree(html):
    parser = _TreeShape()
    parser.feed(html)
    return parser.stack[0][1]


@pytest.fixture
def lineage(platform_admin):
    """nonna -> madre -> figlia, nonna -> zia; 'sola' has no links."""
    orgs = {
        s: new_org(slug=s, short_name=s.title())
        for s in ("nonna", "madre", "figlia", "zia", "sola")
    }
    for parent, child, year, support in (
        ("nonna", "madre", 2010, ["people"]),
        ("madre", "figlia", 2018, ["capital", "contracts"]),
        ("nonna", "zia", 2012, []),
    ):
        services.incubation_create(
            actor=None,
            organization=orgs[parent],
            child=orgs[child],
            start_date=dt.date(year, 3, 1),
            support=support,
        )
    return orgs


def test_strawberry_fields_tree_of_three_generations(client, lineage, platform_admin):
    client.force_login(platform_admin)
    response = client.get(LINEAGE)
    html = _text(response)
    assert _tree(html) == [("nonna", [("madre", [("figlia", [])]), ("zia", [])])]
    assert "dal 2018" in html
    assert "capitale" in html
    assert "contratti" in html
    assert 'href="/o/sola/"' in html  # listed apart, with no links


def test_strawberry_fields_from_a_root(client, lineage, platform_admin):
    client.force_login(platform_admin)
    html = _text(client.get(f"{LINEAGE}?root=madre"))
    assert _tree(html) == [("madre", [("figlia", [])])]
    assert client.get(f"{LINEAGE}?root=unknown").status_code == 404


def test_strawberry_fields_show_only_visible_organizations(client, lineage, admin_user, org):
    # given the administrator of La Ginestra, who sees madre and figlia too but not nonna
    for slug in ("madre", "figlia"):
        RoleAssignmentFactory(organization=lineage[slug], user=admin_user, role=Role.MEMBER)
    client.force_login(admin_user)
    html = _text(client.get(LINEAGE))
    assert _tree(html) == [("madre", [("figlia", [])])]
    assert "Nonna" not in html
    assert "Zia" not in html
    assert client.get(f"{LINEAGE}?root=nonna").status_code == 404


def test_strawberry_fields_needs_login(client):
    assert client.get(LINEAGE).status_code == 302


@pytest.mark.parametrize("n", [5, 30])
def test_strawberry_fields_queries_do_not_grow(
    client, org, platform_admin, make_orgs, n, django_assert_max_num_queries
):
    for child in make_orgs(n):
        services.incubation_create(
            actor=None, organization=org, child=child, start_date=dt.date(2020, 1, 1)
        )
    client.force_login(platform_admin)
    with django_assert_max_num_queries(8):
        html = _text(client.get(LINEAGE))
    assert len(_tree(html)[0][1]) == n
