"""The register import: idempotent, all or nothing, every refusal with file, line, reason."""

from decimal import Decimal

from coopnet.energy import services
from coopnet.energy.models import Configuration, EnergyMember, Plant, Point

from .conftest import CONFIGURATIONS, MEMBERS, PERSON, PERSON_POD, PLANT, PLANTS, SME, TOWN

PLANT_HEADER = PLANTS.split("\n", 1)[0] + "\n"
MEMBER_HEADER = MEMBERS.split("\n", 1)[0] + "\n"


def _errors(report):
    return [(p.file, p.line, p.message) for p in report.errors]


def test_the_register_is_stored_with_its_links(registered):
    config = Configuration.objects.for_org(registered).get()
    assert (config.code, config.substation_code, config.zone, config.region_id) == (
        "CP-NORD",
        "AC001E00001",
        "NORD",
        "03",
    )
    person = EnergyMember.objects.for_org(registered).get(tax_code=PERSON)
    assert (person.kind, person.vulnerable) == ("persona_fisica", True)
    point = Point.objects.for_org(registered).get(pod=PERSON_POD)
    assert (point.member, point.configuration, point.valid_to) == (person, config, None)
    plant = Plant.objects.for_org(registered).get()
    assert (plant.pod, plant.owner.tax_code, plant.power_kw, plant.grant_pct) == (
        PLANT,
        TOWN,
        Decimal(150),
        Decimal(20),
    )


def test_the_same_files_twice_change_nothing(registered, register_files):
    report = services.register_import(organization=registered, actor=None, **register_files)
    assert report.saved
    assert report.counts == {
        "configurazioni": {"created": 0, "updated": 0, "unchanged": 1},
        "membri": {"created": 0, "updated": 0, "unchanged": 3},
        "punti": {"created": 0, "updated": 0, "unchanged": 2},
        "impianti": {"created": 0, "updated": 0, "unchanged": 1},
    }


def test_a_changed_row_is_updated(registered, write):
    members = write("membri.csv", MEMBERS.replace("Forno Bianchi srl", "Forno Bianchi snc"))
    report = services.register_import(organization=registered, actor=None, members=members)
    assert report.counts["membri"] == {"created": 0, "updated": 1, "unchanged": 2}
    assert EnergyMember.objects.for_org(registered).get(tax_code=SME).name == "Forno Bianchi snc"


def test_a_comma_separated_file_without_bom_is_read(community, write):
    report = services.register_import(
        organization=community,
        actor=None,
        configurations=write("c.csv", CONFIGURATIONS.replace(";", ",")),
    )
    assert report.saved
    assert report.counts["configurazioni"]["created"] == 1


def test_bad_rows_refuse_every_file_with_file_line_and_reason(community, write):
    members = write(
        "membri.csv",
        MEMBER_HEADER
        + f"{PERSON};Mario Rossi;persona_fisica;IT001X00000011;CP-NORD;no;01/01/2025;\n"
        + f"{SME};Forno;impresa;IT001E00000012;CP-NORD;no;01/01/2025;\n"
        + f"{TOWN};Comune;ente_territoriale;IT001E00000013;CP-SUD;no;01/01/2025;\n",
    )
    configurations = write("configurazioni.csv", CONFIGURATIONS)
    report = services.register_import(
        organization=community, actor=None, configurations=configurations, members=members
    )
    errors = _errors(report)
    assert [(file, line) for file, line, _m in errors] == [
        ("membri.csv", 2),
        ("membri.csv", 3),
        ("membri.csv", 4),
    ]
    assert "POD «IT001X00000011» non valido" in errors[0][2]
    assert "tipo_membro «impresa» sconosciuto" in errors[1][2]
    assert "configurazione «CP-SUD» sconosciuta" in errors[2][2]
    assert not report.saved
    assert not Configuration.objects.for_org(community).exists()  # the good file neither


def test_a_wrong_header_is_refused_on_line_1(community, write):
    report = services.register_import(
        organization=community,
        actor=None,
        configurations=write("c.csv", "codice;cabina;zona;regione\nX;Y;NORD;Lombardia\n"),
    )
    ((file, line, message),) = _errors(report)
    assert (file, line) == ("c.csv", None)
    assert message.startswith("riga 1: l'intestazione deve essere codice,cabina_primaria")


def _plants(write, *rows):
    return write("impianti.csv", PLANT_HEADER + "".join(r + "\n" for r in rows))


def test_r_cer_2_plant_checks(registered, write):
    plants = _plants(
        write,
        f"IT001E00000002;fotovoltaico;1000,5;01/03/2025;{TOWN};CP-NORD;0;no",
        f"IT001E00000003;eolico;100;31/12/2024;{TOWN};CP-NORD;0;no",
        f"IT001E00000004;fotovoltaico;100;01/03/2025;{SME};CP-NORD;0;no",
        "IT001E00000005;fotovoltaico;100;01/03/2025;99999999999;CP-NORD;0;no",
    )
    report = services.register_import(organization=registered, actor=None, plants=plants)
    errors = {line: message for _f, line, message in _errors(report)}
    assert "potenza 1000.5 kW: un impianto incentivato va da 0 a 1000" in errors[2]
    assert "prima della costituzione della comunità (01/01/2025)" in errors[3]
    assert 4 not in errors  # an SME may own a plant
    assert "Codice fiscale non valido" in errors[5]
    assert Plant.objects.for_org(registered).count() == 1


def test_r_cer_2_pre_existing_plants_at_most_30_percent_of_the_power(registered, write):
    # 150 kW stored + 70 kW pre-existing: 70 / 220 = 31.8% > 30%
    plants = _plants(write, f"IT001E00000002;idroelettrico;70;01/01/2010;{TOWN};CP-NORD;0;sì")
    report = services.register_import(organization=registered, actor=None, plants=plants)
    ((file, line, message),) = _errors(report)
    assert (file, line) == ("impianti.csv", None)
    assert "preesistenti (70 kW) superano il 30" in message
    # 60 kW: 60 / 210 = 28.6%
    plants = _plants(write, f"IT001E00000002;idroelettrico;60;01/01/2010;{TOWN};CP-NORD;0;sì")
    assert services.register_import(organization=registered, actor=None, plants=plants).saved


def test_r_cer_5_a_grant_above_40_percent_is_kept_with_a_warning(registered, write):
    plants = _plants(write, f"IT001E00000002;fotovoltaico;50;01/03/2025;{TOWN};CP-NORD;45;no")
    report = services.register_import(organization=registered, actor=None, plants=plants)
    assert report.saved
    ((file, line, message),) = [(w.file, w.line, w.message) for w in report.warnings]
    assert (file, line) == ("impianti.csv", 2)
    assert "non riceve la tariffa premio (R-CER-5)" in message


def test_a_pod_in_two_configurations_is_refused(registered, write):
    configurations = write("c.csv", CONFIGURATIONS + "CP-ALTRA;AC001E00009;NORD;03\n")
    members = write(
        "m.csv",
        MEMBER_HEADER + f"{SME};Forno Bianchi srl;pmi;{PLANT};CP-ALTRA;no;01/01/2025;\n",
    )
    report = services.register_import(
        organization=registered, actor=None, configurations=configurations, members=members
    )
    messages = [m for _f, _l, m in _errors(report)]
    assert messages == [f"il POD {PLANT} è in due configurazioni: CP-ALTRA e CP-NORD"]
    assert not Configuration.objects.for_org(registered).filter(code="CP-ALTRA").exists()


def test_overlapping_mandates_of_one_pod_are_refused(registered, write):
    members = write(
        "m.csv",
        MEMBER_HEADER + f"{SME};Forno Bianchi srl;pmi;{PERSON_POD};CP-NORD;no;01/06/2025;\n",
    )
    report = services.register_import(organization=registered, actor=None, members=members)
    ((_file, line, message),) = _errors(report)
    assert line == 2
    assert "si sovrappone a quello dal 01/01/2025" in message
