"""R-CER-1 control rights: the kind admitted by the parameter table and the member located in
a plant's comune; each reason on its own, the community's check, the register's optional
``comune`` column, the pages and the export; outsiders 404."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from coopnet.core.models import Parameter
from coopnet.energy import control, law, selectors, services
from coopnet.energy.control import MemberFacts, Place, PlantFacts, Reason
from coopnet.energy.models import EnergyMember, Plant

from .conftest import MEMBERS, PERSON, PLANT, PLANTS, SME, TOWN

MILANO = Place("015146", "Milano (MI)")
BERGAMO = Place("016024", "Bergamo (BG)")
ADMITTED = frozenset({"persona_fisica", "pmi", "ente_territoriale", "terzo_settore"})
TODAY = dt.date(2026, 3, 1)


def _member(kind="persona_fisica", comune=MILANO, name="Mario Rossi"):
    return MemberFacts(1, name, kind, kind.replace("_", " "), comune)


# -- the pure rule, one reason at a time --------------------------------------------------


def test_an_admitted_member_in_a_plant_comune_holds_control():
    rights = control.member_control(_member(), [PlantFacts(PLANT, MILANO)], ADMITTED)
    assert rights == control.Control(True)


def test_a_kind_not_admitted_has_no_control_whatever_its_comune():
    rights = control.member_control(_member("altro"), [PlantFacts(PLANT, MILANO)], ADMITTED)
    assert (rights.holds, rights.reason) == (False, Reason.KIND)
    assert rights.message == "il tipo di membro «altro» non è ammesso al controllo (R-CER-1)"


def test_a_member_without_comune_has_no_control():
    rights = control.member_control(_member(comune=None), [PlantFacts(PLANT, MILANO)], ADMITTED)
    assert (rights.holds, rights.reason, rights.message) == (
        False,
        Reason.LOCATION_UNKNOWN,
        "comune del membro non indicato",
    )


def test_a_member_outside_the_plants_comuni_has_no_control():
    plants = [PlantFacts(PLANT, MILANO), PlantFacts("IT001E00000002", MILANO)]
    rights = control.member_control(_member(comune=BERGAMO), plants, ADMITTED)
    assert (rights.holds, rights.reason) == (False, Reason.NOT_LOCATED)
    assert rights.message == "Bergamo (BG) non è un comune degli impianti (Milano (MI))"


def test_a_plant_without_comune_is_not_guessed():
    plants = [PlantFacts(PLANT, MILANO), PlantFacts("IT001E00000002", None)]
    # in the known plant's comune: located, whatever the other plant
    assert control.member_control(_member(comune=MILANO), plants, ADMITTED).holds is True
    # elsewhere: it might be the other plant's comune, so the check says what is missing
    rights = control.member_control(_member(comune=BERGAMO), plants, ADMITTED)
    assert (rights.holds, rights.reason) == (False, Reason.PLANT_LOCATION_UNKNOWN)
    assert rights.message.startswith("comune dell'impianto non indicato (IT001E00000002)")


def test_a_community_without_plants_gives_nobody_control():
    rights = control.member_control(_member(), [], ADMITTED)
    assert (rights.holds, rights.reason) == (False, Reason.NO_PLANTS)


def test_the_community_check_warns_when_nobody_holds_control_and_names_who_not():
    members = [_member("altro", name="Grande spa"), _member(comune=BERGAMO, name="Anna")]
    check = control.community_control(members, [PlantFacts(PLANT, MILANO)], ADMITTED)
    assert check.holders == ()
    assert [name for name, _why in check.without] == ["Grande spa", "Anna"]
    assert check.warnings[0].startswith("Nessun membro ha i diritti di controllo")
    assert "2 membri su 2 non hanno i diritti di controllo" in check.warnings[1]
    assert "Grande spa (il tipo di membro «altro» non è ammesso" in check.warnings[1]


def test_the_community_check_is_quiet_when_all_hold_control_and_plants_are_located():
    check = control.community_control([_member()], [PlantFacts(PLANT, MILANO)], ADMITTED)
    assert (check.holders, check.without, check.warnings) == (("Mario Rossi",), (), ())


def test_the_community_check_says_which_plant_has_no_comune():
    check = control.community_control([_member()], [PlantFacts(PLANT, None)], ADMITTED)
    assert f"Comune dell'impianto non indicato: {PLANT}." in check.warnings[1]


def test_the_community_check_counts_one_member_in_the_singular():
    members = [_member(), _member(name="Grande spa", kind="altro")]
    check = control.community_control(members, [PlantFacts(PLANT, MILANO)], ADMITTED)
    assert check.warnings[0].startswith("1 membro su 2 non ha i diritti di controllo e non va")


# -- the kinds admitted come from the dated parameter table --------------------------------


def test_the_kinds_admitted_are_dated_parameters(db):
    assert law.control_kinds(TODAY) == frozenset(
        {"persona_fisica", "pmi", "ente_territoriale", "terzo_settore", "ente_religioso"}
    )
    assert law.control_kinds(dt.date(2021, 12, 14)) == frozenset()  # before D.Lgs. 199/2021
    Parameter.objects.filter(key="cer.control_pmi").update(valid_to=dt.date(2026, 1, 31))
    Parameter.objects.create(
        key="cer.control_pmi", value=Decimal(0), valid_from=dt.date(2026, 2, 1), source="prova"
    )
    assert "pmi" in law.control_kinds(dt.date(2026, 1, 31))
    assert "pmi" not in law.control_kinds(TODAY)


# -- the register's optional comune column -------------------------------------------------


def _with_comune(text: str, comuni: list[str]) -> str:
    header, *rows = text.strip("\n").split("\n")
    lines = [f"{header};comune"] + [f"{row};{c}" for row, c in zip(rows, comuni, strict=True)]
    return "\n".join(lines) + "\n"


@pytest.fixture
def located(registered, write):
    """The register again with comuni: the person and the town in Milano (by ISTAT code and
    by name), the SME in Bergamo; the plant in Milano."""
    members = write("membri.csv", _with_comune(MEMBERS, ["015146", "Bergamo", "Milano (MI)"]))
    plants = write("impianti.csv", _with_comune(PLANTS, ["Milano"]))
    report = services.register_import(
        organization=registered, actor=None, members=members, plants=plants
    )
    assert report.ok, report.lines()
    assert report.counts["membri"] == {"created": 0, "updated": 3, "unchanged": 0}
    return registered


def test_the_import_reads_the_comune_by_istat_code_or_name(located):
    comuni = dict(EnergyMember.objects.for_org(located).values_list("tax_code", "comune_id"))
    assert comuni == {PERSON: "015146", SME: "016024", TOWN: "015146"}
    assert Plant.objects.for_org(located).get().comune_id == "015146"
    rights = {m.tax_code: r for m, r in selectors.member_controls(located, TODAY)}
    assert (rights[PERSON].holds, rights[TOWN].holds) == (True, True)
    assert (rights[SME].holds, rights[SME].reason) == (False, Reason.NOT_LOCATED)


def test_a_file_without_the_column_keeps_the_stored_comuni(located, register_files):
    report = services.register_import(organization=located, actor=None, **register_files)
    assert report.saved
    assert report.counts["membri"] == {"created": 0, "updated": 0, "unchanged": 3}
    assert report.counts["impianti"] == {"created": 0, "updated": 0, "unchanged": 1}
    assert EnergyMember.objects.for_org(located).get(tax_code=PERSON).comune_id == "015146"


def test_an_old_register_without_comuni_has_members_without_location(registered):
    rights = {m.tax_code: r for m, r in selectors.member_controls(registered, TODAY)}
    assert {r.reason for r in rights.values()} == {Reason.LOCATION_UNKNOWN}


def test_an_unknown_or_ambiguous_comune_refuses_the_file_with_line_and_reason(registered, write):
    members = write("membri.csv", _with_comune(MEMBERS, ["999999", "Castro", "Atlantide"]))
    report = services.register_import(organization=registered, actor=None, members=members)
    errors = [(p.file, p.line, p.message) for p in report.errors]
    assert errors[0] == ("membri.csv", 2, "comune con codice ISTAT «999999» sconosciuto")
    assert errors[1][:2] == ("membri.csv", 3)
    assert errors[1][2].startswith("il comune «Castro» è ambiguo: scrivi anche la provincia")
    assert errors[2] == ("membri.csv", 4, "comune «Atlantide» sconosciuto")
    assert not report.saved
    assert not EnergyMember.objects.for_org(registered).exclude(comune=None).exists()


def test_a_column_not_admitted_is_still_refused(registered, write):
    members = write("membri.csv", MEMBERS.replace("al\n", "al;provincia\n", 1))
    report = services.register_import(organization=registered, actor=None, members=members)
    [error] = report.errors
    assert (error.file, error.line) == ("membri.csv", None)  # the whole file, line 1 said
    assert error.message.startswith("riga 1: l'intestazione deve essere codice_fiscale,")
    assert "(facoltative: comune), non " in error.message


# -- the pages, the export, outsiders -------------------------------------------------------


def test_the_member_list_and_page_show_control_rights(client, located, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("energy:members", args=[located.slug])).content.decode()
    assert "Diritti di controllo" in page
    assert "no — Bergamo (BG) non è un comune degli impianti (Milano (MI))" in page
    assert "Diritti di controllo (R-CER-1): 2 membri li hanno." in page
    sme = EnergyMember.objects.for_org(located).get(tax_code=SME)
    person = EnergyMember.objects.for_org(located).get(tax_code=PERSON)
    sme_page = client.get(reverse("energy:member", args=[located.slug, sme.pk])).content.decode()
    assert "Bergamo (BG)" in sme_page
    assert "no — Bergamo (BG) non è un comune degli impianti" in sme_page
    url = reverse("energy:member", args=[located.slug, person.pk])
    person_page = client.get(url).content.decode()
    assert '<dd data-testid="control">sì</dd>' in person_page


def test_the_community_page_warns_when_nobody_holds_control(client, registered, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("energy:community", args=[registered.slug])).content.decode()
    assert "Nessun membro ha i diritti di controllo della comunità (R-CER-1)" in page
    assert f"Comune dell&#x27;impianto non indicato: {PLANT}." in page


def test_the_members_export_has_the_control_column(client, located, admin_user):
    client.force_login(admin_user)
    answer = client.get(reverse("energy:members", args=[located.slug]) + "?format=csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-2:] == ["Diritti di controllo", "Motivo"]
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code[PERSON][3:] == ["Milano (MI)", "Sì", "Sì", ""]
    assert by_code[SME][-2] == "No"
    assert by_code[SME][-1].startswith("Bergamo (BG) non è un comune")


def test_outsiders_get_404_on_the_member_pages(client, located, outsider, other_org):
    member = EnergyMember.objects.for_org(located).get(tax_code=PERSON)
    client.force_login(outsider)
    for url in (
        reverse("energy:members", args=[located.slug]),
        reverse("energy:members", args=[located.slug]) + "?format=xlsx",
        reverse("energy:member", args=[located.slug, member.pk]),
        reverse("energy:member", args=[other_org.slug, member.pk]),  # their own org, our id
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("extra", [0, 8])
def test_the_members_page_reads_a_fixed_number_of_queries(
    client, located, admin_user, django_assert_max_num_queries, extra
):
    for n in range(extra):
        EnergyMember.objects.create(
            organization=located,
            tax_code=f"{n:011d}",
            name=f"Socio {n}",
            kind="altro",
            comune_id="016024",
        )
    client.force_login(admin_user)
    with django_assert_max_num_queries(14):  # the same whatever the number of members
        page = client.get(reverse("energy:members", args=[located.slug]))
    assert page.content.decode().count("no — il tipo di membro «Altro» non è ammesso") == extra
