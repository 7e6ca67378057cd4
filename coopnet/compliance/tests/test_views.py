"""Compliance pages: three personas, consortium staff, counts only, bounded queries."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coopnet.compliance.findings import Status
from coopnet.core.models import Affiliation, OrganizationKind, Role
from coopnet.core.tests.factories import RoleAssignmentFactory
from coopnet.members.models import MemberCategory
from coopnet.workforce.models import Branch, DisadvantagedStatus

from .conftest import AS_OF, members, new_org, staff
from .factories import DisadvantagedStatusFactory, EmploymentFactory, PersonFactory

pytestmark = pytest.mark.django_db
QUERY = {"as_of": AS_OF.isoformat()}


def _affiliate(org, group, start=dt.date(2020, 1, 1), end=None):
    return Affiliation.objects.create(organization=org, group=group, start_date=start, end_date=end)


def _url(name, org, *args):
    return reverse(f"compliance:{name}", args=[org.slug, *args])


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("dashboard", 'Soci volontari entro il 50%</a> <small class="rule-code">R-381-2a</small>'),
        ("trend", "<caption>Valori a fine mese</caption>"),
    ],
)
def test_personas(client, org, admin_user, member_user, outsider, name, shown):
    # given a member with a recognisable name
    members(org, 1, person=PersonFactory(organization=org, surname="Segretissimo"))
    # a cooperative administrator sees the checks, as counts without names
    client.force_login(admin_user)
    response = client.get(_url(name, org), QUERY)
    assert response.status_code == 200
    assert shown in response.content.decode()
    assert "Segretissimo" not in response.content.decode()
    # a plain member has no access to the checks, an outsider does not even see them exist
    for user in (member_user, outsider):
        client.force_login(user)
        response = client.get(_url(name, org), QUERY)
        assert response.status_code == 404
        assert shown not in response.content.decode()


def test_hr_tutor_sees_the_dashboard_with_counts_but_no_names(client, coop_b):
    # given a type B cooperative of 9 workers, 3 of them disadvantaged (a small cell)
    staff(coop_b, 9, disadvantaged=3)
    PersonFactory(organization=coop_b, surname="Segretissimo")
    tutor = RoleAssignmentFactory(organization=coop_b, role=Role.HR_TUTOR).user
    client.force_login(tutor)
    # when
    response = client.get(_url("dashboard", coop_b), QUERY)
    rule = client.get(_url("rule", coop_b, "R-381-4b"), QUERY).content.decode()
    # then the tutor, a vault role, sees the small counts but never who the people are
    content = response.content.decode()
    assert response.status_code == 200
    assert "33,3%" in content
    assert "33,3%" in rule
    assert "Meno di 5 persone" not in content + rule
    assert "Segretissimo" not in content + rule


def test_dashboard_shows_traffic_lights_for_the_day(client, coop_b, coop_b_admin):
    # given a type B cooperative below the 30% threshold
    staff(coop_b, 10, disadvantaged=2)
    client.force_login(coop_b_admin)
    # when
    response = client.get(_url("dashboard", coop_b), QUERY)
    # then every rule is listed with its status class, and the day is shown dd/mm/yyyy
    content = response.content.decode()
    assert "30/06/2025" in content
    assert 'class="card finding finding-violation"' in content
    assert "R-381-4b" in content
    assert "status-not_applicable" in content  # R-381-8 is for consortia
    assert "regola incerta: solo avviso" in content  # R-CC-2522 is [U]
    assert " style=" not in content


def test_dashboard_cards_worst_first_named_by_rule_with_not_applicable_collapsed(
    client, coop_b, coop_b_admin
):
    # given a type B cooperative below the 30% threshold (a violation) and rules for consortia
    staff(coop_b, 10, disadvantaged=2)
    client.force_login(coop_b_admin)
    # when
    content = client.get(_url("dashboard", coop_b), QUERY).content.decode()
    # then the violation comes first, headed by the rule's name with the code as a reference
    cards = re.findall(r'class="card finding finding-(\w+)"', content)
    severities = [Status(c).severity for c in cards]
    assert cards[0] == "violation"
    assert severities == sorted(severities, reverse=True)
    assert "not_applicable" not in cards
    assert 'Lavoratori svantaggiati almeno 30%</a> <small class="rule-code">R-381-4b</small>' in (
        content
    )
    # and the rules that do not apply are listed in a closed section, by name
    collapsed = content.split('<details class="card not-applicable">', 1)[1].split("</details>")[0]
    assert "<summary>" in collapsed
    assert "Consorzio: cooperative sociali almeno 70%" in collapsed
    assert " open" not in content.split('<details class="card not-applicable"')[1][:10]


def test_statuses_carry_an_icon_and_text_not_only_a_colour(client, coop_b, coop_b_admin):
    client.force_login(coop_b_admin)
    content = client.get(_url("dashboard", coop_b), QUERY).content.decode()
    pills = re.findall(r'<span class="status status-(\w+)">(.*?)</span>(\w[^<]*)', content)
    assert pills
    for status, icon, text in pills:
        assert icon == f'<span class="icon" aria-hidden="true">{Status(status).icon}'
        assert text.strip().startswith(Status(status).label)


def test_dashboard_explains_a_bad_date(client, org, admin_user):
    client.force_login(admin_user)
    response = client.get(_url("dashboard", org), {"as_of": "31/02/2025"})
    assert response.status_code == 200
    assert "Data non valida" in response.content.decode()


def test_pages_never_show_names_or_categories(client, coop_b, coop_b_admin):
    # given a disadvantaged worker with a recognisable name
    person = PersonFactory(organization=coop_b, surname="Segretissimo")
    EmploymentFactory(organization=coop_b, person=person)
    DisadvantagedStatusFactory(organization=coop_b, person=person)
    client.force_login(coop_b_admin)
    for url in (
        _url("dashboard", coop_b),
        _url("rule", coop_b, "R-381-4b"),
        _url("rule", coop_b, "R-381-4d"),
        _url("trend", coop_b),
    ):
        content = client.get(url, QUERY).content.decode()
        assert "Segretissimo" not in content
        assert "disabilità" not in content


def test_rule_detail_shows_the_numbers(client, coop_b, coop_b_admin):
    staff(coop_b, 11, disadvantaged=3)
    client.force_login(coop_b_admin)
    response = client.get(_url("rule", coop_b, "R-381-4b"), QUERY)
    content = response.content.decode()
    assert response.status_code == 200
    assert "finding-warning" in content
    assert "27,3%" in content
    assert "37,5%" in content
    assert "L. 381/1991 art. 4 c.2" in content
    assert "01/07/2024" in content


def test_missing_certificates_link_to_the_vault_for_who_may_upload_them(
    client, coop_b, coop_b_admin, consortium, consortium_staff
):
    # given disadvantaged workers whose certificate is not attached
    staff(coop_b, 11, disadvantaged=3)
    DisadvantagedStatus.objects.filter(organization=coop_b).update(document="")
    _affiliate(coop_b, consortium)
    vault = reverse("workforce:vault", args=[coop_b.slug])
    # then the cooperative's administrator is led to the vault to upload them
    client.force_login(coop_b_admin)
    assert vault in client.get(_url("rule", coop_b, "R-381-4d"), QUERY).content.decode()
    # while the consortium's staff, who cannot open the vault, see the warning without its
    # small counts and get no link
    client.force_login(consortium_staff)
    content = client.get(_url("rule", coop_b, "R-381-4d"), QUERY).content.decode()
    assert "finding-warning" in content
    assert "Meno di 5 persone" in content
    assert vault not in content


def test_unknown_rule_is_404(client, org, admin_user):
    client.force_login(admin_user)
    assert client.get(_url("rule", org, "R-XYZ")).status_code == 404


def test_trend_draws_an_svg_and_a_table(client, coop_b, coop_b_admin):
    staff(coop_b, 10, disadvantaged=3)
    members(coop_b, 5)
    client.force_login(coop_b_admin)
    content = client.get(_url("trend", coop_b), QUERY).content.decode()
    assert content.count("<svg") == 2
    assert "<polyline" in content
    assert "<script" not in content.split("</head>")[1]
    assert "30/06/2025" in content
    assert "30%" in content


def test_dashboard_queries_do_not_grow_with_rows(client, coop_b, coop_b_admin):
    client.force_login(coop_b_admin)
    staff(coop_b, 2, disadvantaged=1)
    members(coop_b, 2)
    client.get(_url("dashboard", coop_b), QUERY)  # warm-up (session, caches)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url("dashboard", coop_b), QUERY).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    staff(coop_b, 20, disadvantaged=7, branch=Branch.B)
    members(coop_b, 30)
    assert count() == few
    assert few <= 40


def test_consortium_staff_see_an_affiliated_cooperative_without_small_counts(
    client, coop_b, consortium, consortium_staff
):
    # given an affiliated type B cooperative of 9 workers, 3 of them disadvantaged, and of
    # 5 members, one a volunteer with a recognisable name
    _affiliate(coop_b, consortium)
    staff(coop_b, 9, disadvantaged=3)
    members(coop_b, 4)
    volunteer = PersonFactory(organization=coop_b, surname="Segretissimo")
    members(coop_b, 1, person=volunteer, category=MemberCategory.VOLONTARIO)
    client.force_login(consortium_staff)
    # when
    response = client.get(_url("dashboard", coop_b), QUERY)
    rule = client.get(_url("rule", coop_b, "R-381-2a"), QUERY)
    # then they see every rule's status, but not the small disadvantage counts
    content = response.content.decode()
    assert response.status_code == 200
    assert "R-381-4b" in content
    assert "finding-ok" in content
    assert "Meno di 5 persone" in content
    assert "33,3%" not in content
    # and the member counts of a rule about members, but never who the members are
    detail = rule.content.decode()
    assert rule.status_code == 200
    assert "I soci volontari sono 1 su 5 soci (20%)." in detail
    assert "Meno di 5 persone" not in detail
    assert "Segretissimo" not in content + detail


def test_consortium_staff_do_not_see_other_cooperatives(client, org, consortium, consortium_staff):
    client.force_login(consortium_staff)
    assert client.get(_url("dashboard", org), QUERY).status_code == 404


def test_matrix_lists_cooperatives_affiliated_on_the_day(client, consortium, consortium_staff):
    # given two affiliates on the day, one that left before it and one never affiliated
    inside = [new_org(short_name=name) for name in ("Alfa", "Beta")]
    for coop in inside:
        _affiliate(coop, consortium)
    _affiliate(new_org(short_name="Gamma"), consortium, end=AS_OF - dt.timedelta(1))
    new_org(short_name="Delta")
    client.force_login(consortium_staff)
    # when
    content = client.get(_url("matrix", consortium), QUERY).content.decode()
    # then
    assert "Alfa" in content
    assert "Beta" in content
    assert "Gamma" not in content
    assert "Delta" not in content
    assert content.count('<th scope="row">') == 2
    # the columns are headed by the rules' names, the codes kept as references
    assert (
        '<th scope="col">Lavoratori svantaggiati almeno 30%<br>'
        '<small class="rule-code">R-381-4b</small></th>'
    ) in content
    # and each cell shows its status by icon and (for screen readers) text, not colour alone
    assert '<span class="icon" aria-hidden="true">' in content
    assert '<span class="sr-only">' in content


def test_matrix_exports_csv(client, consortium, consortium_staff):
    coop = new_org(short_name="Alfa", kind=OrganizationKind.SOCIAL_COOP_B)
    _affiliate(coop, consortium)
    client.force_login(consortium_staff)
    response = client.get(_url("matrix", consortium), {**QUERY, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].split(";")[:3] == [
        "Cooperativa",
        "Tipo",
        "Denominazione «cooperativa sociale» (R-381-1b)",
    ]
    assert lines[1].startswith("Alfa;Cooperativa sociale di tipo B;conforme")
    assert len(lines) == 2


def test_matrix_is_for_consortia_and_federations_only(client, org, admin_user):
    client.force_login(admin_user)
    assert client.get(_url("matrix", org)).status_code == 404


def test_matrix_queries_do_not_grow_with_affiliates(client, consortium, consortium_staff):
    client.force_login(consortium_staff)

    def add(n):
        for _ in range(n):
            coop = new_org(kind=OrganizationKind.SOCIAL_COOP_B)
            staff(coop, 2, disadvantaged=1)
            members(coop, 3)
            _affiliate(coop, consortium)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url("matrix", consortium), QUERY).status_code == 200
        return len(ctx.captured_queries)

    add(2)
    count()
    few = count()
    add(5)
    assert count() == few


def test_trend_queries_do_not_grow_with_rows(client, coop_b, coop_b_admin):
    client.force_login(coop_b_admin)
    staff(coop_b, 2, disadvantaged=1)
    client.get(_url("trend", coop_b), QUERY)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url("trend", coop_b), QUERY).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    staff(coop_b, 15, disadvantaged=5)
    members(coop_b, 25)
    assert count() == few


def test_consortium_staff_see_small_disadvantage_counts_only_as_a_status(
    client, coop_b, coop_b_admin, consortium, consortium_staff
):
    # given a type B cooperative of 9 workers, 3 of them disadvantaged (a small cell)
    _affiliate(coop_b, consortium)
    staff(coop_b, 9, disadvantaged=3)
    url = _url("rule", coop_b, "R-381-4b")
    # the cooperative's administrator (a vault role) sees the numbers
    client.force_login(coop_b_admin)
    own = client.get(url, QUERY).content.decode()
    assert "33,3%" in own
    # consortium staff see the status and why the numbers are hidden, not the numbers
    client.force_login(consortium_staff)
    response = client.get(url, QUERY)
    content = response.content.decode()
    assert response.status_code == 200
    assert "finding-ok" in content
    assert "Meno di 5 persone" in content
    assert "33,3%" not in content
    assert "50,0%" not in content  # D/(T-D)
    # and the trend hides the shares of those months too
    trend = client.get(_url("trend", coop_b), QUERY).content.decode()
    assert "33,3%" not in trend


def test_consortium_staff_see_disadvantage_counts_of_five_or_more(
    client, coop_b, consortium, consortium_staff
):
    # given 20 workers, 6 of them disadvantaged: both cells reach five people
    _affiliate(coop_b, consortium)
    staff(coop_b, 20, disadvantaged=6)
    client.force_login(consortium_staff)
    content = client.get(_url("rule", coop_b, "R-381-4b"), QUERY).content.decode()
    assert "42,9%" in content  # D/(T-D) = 6/14
    assert "Meno di 5 persone" not in content
