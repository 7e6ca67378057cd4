"""Network selectors: directory filters, consortium counts, comuni lookup, incubation lineage."""

import datetime as dt
from typing import Any

import pytest

from coopnet.core.models import Organization, OrganizationKind, Role
from coopnet.core.tests.factories import RoleAssignmentFactory
from coopnet.network import rules, selectors, services
from coopnet.network.selectors import DirectoryFilters

from .conftest import new_org

pytestmark = pytest.mark.django_db


def _names(rows):
    return [o.short_name for o in rows]


@pytest.fixture
def network(consortium, bologna, imola, lecce, actor):
    """Three organizations in two regions, two of them in the consortium."""
    alfa = new_org(
        slug="alfa",
        short_name="Alfa",
        legal_name="Alfa cooperativa sociale",
        codice_fiscale="00743110157",
        seat_comune=bologna,
    )
    beta = new_org(
        slug="beta",
        short_name="Beta",
        legal_name="Beta società cooperativa",
        kind=OrganizationKind.COOP,
        seat_comune=imola,
    )
    gamma = new_org(
        slug="gamma", short_name="Gamma", kind=OrganizationKind.SOCIAL_COOP_B, seat_comune=lecce
    )
    services.organization_update(actor=actor, organization=alfa, data={}, sector_codes=["88.10"])
    services.organization_update(actor=actor, organization=beta, data={}, sector_codes=["81.21"])
    services.organization_update(
        actor=actor, organization=gamma, data={}, sector_codes=["81.22", "88.10.00"]
    )
    day = dt.date(2020, 1, 1)
    for member in (alfa, beta):
        services.affiliation_create(
            actor=None, organization=member, group=consortium, start_date=day
        )
    # gamma was a member once, no longer
    services.affiliation_create(
        actor=None,
        organization=gamma,
        group=consortium,
        start_date=day,
        end_date=dt.date(2021, 1, 1),
    )
    return alfa, beta, gamma


def _coops():
    return Organization.objects.exclude(kind=OrganizationKind.CONSORTIUM)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Alfa", "Beta", "Gamma"]),
        ({"q": "ALFA"}, ["Alfa"]),
        ({"q": "società"}, ["Beta"]),
        ({"q": "0074311"}, ["Alfa"]),
        ({"q": "imol"}, ["Beta"]),
        ({"kind": OrganizationKind.SOCIAL_COOP_B}, ["Gamma"]),
        ({"sector": "88"}, ["Alfa", "Gamma"]),
        ({"sector": "81.2"}, ["Beta", "Gamma"]),
        ({"sector": "81.21"}, ["Beta"]),
        ({"sort": "-name"}, ["Gamma", "Beta", "Alfa"]),
        ({"sort": "-province"}, ["Gamma", "Alfa", "Beta"]),
    ],
)
def test_directory_filters_and_sorts(network, filters, expected):
    assert _names(selectors.directory(_coops(), DirectoryFilters(**filters))) == expected


def test_directory_filters_by_place_and_consortium(network, consortium, bologna, lecce):
    place = bologna.province
    assert _names(selectors.directory(_coops(), DirectoryFilters(province=place))) == [
        "Alfa",
        "Beta",
    ]
    region = lecce.province.region
    assert _names(selectors.directory(_coops(), DirectoryFilters(region=region))) == ["Gamma"]
    # gamma's affiliation has ended: only current members
    members = selectors.directory(_coops(), DirectoryFilters(consortium=consortium))
    assert _names(members) == ["Alfa", "Beta"]


def test_directory_rows_carry_main_sector_and_current_groups(network, consortium):
    rows: dict[str, Any] = {o.short_name: o for o in selectors.directory(_coops())}
    assert rows["Gamma"].main_sector == "81.22"
    assert [a.group for a in rows["Alfa"].active_affiliations] == [consortium]
    assert rows["Gamma"].active_affiliations == []


def test_consortium_choices_are_the_groups_seen_or_joined(network, consortium, admin_user):
    # given a federation nobody visible belongs to
    new_org(slug="federazione", kind=OrganizationKind.FEDERATION)
    alfa = network[0]
    RoleAssignmentFactory(organization=alfa, user=admin_user, role=Role.COOP_ADMIN)
    from coopnet.core.access import visible_organizations

    choices = selectors.consortium_choices(visible_organizations(admin_user))
    assert list(choices) == [consortium]


def test_consortium_counts(network, consortium):
    members = selectors.consortium_members(consortium)
    by_kind = selectors.members_by_kind(members)
    assert {(t.label, t.count) for t in by_kind} == {
        ("Cooperativa sociale di tipo A", 1),
        ("Altra cooperativa", 1),
    }
    assert [(t.label, t.count) for t in selectors.members_by_province(members, unknown="?")] == [
        ("Bologna (BO)", 2)
    ]


def test_comuni_search_prefers_names_that_start_with_the_query():
    names = [str(c) for c in selectors.comuni_search("bolog")]
    assert names[0] == "Bologna (BO)"
    assert len(selectors.comuni_search("san")) == selectors.COMUNI_SUGGESTIONS
    assert selectors.comuni_search("b") == []
    assert [c.name for c in selectors.comuni_search("037006")] == ["Bologna"]
    assert [c.name for c in selectors.comuni_search("Imola (BO)")] == ["Imola", "Cimolais"]


def test_comuni_resolve_reads_labels_names_and_codes():
    resolved = selectors.comuni_resolve(
        ["Bologna (BO)", "imola", "039014", "Castro", "Castro (LE)", "Atlantide", "Bologna"]
    )
    assert [c.istat_code for c in resolved.found] == ["037006", "037032", "039014", "075096"]
    assert resolved.ambiguous == ["Castro"]
    assert resolved.unknown == ["Atlantide"]


def test_lineage_three_generations_in_two_queries(django_assert_num_queries):
    # given nonna -> madre -> figlia, nonna -> zia, and an organization with no links
    nonna, madre, figlia, zia, sola = (
        new_org(slug=s, short_name=s.title()) for s in ("nonna", "madre", "figlia", "zia", "sola")
    )
    for parent, child, year in ((nonna, madre, 2010), (madre, figlia, 2018), (nonna, zia, 2012)):
        services.incubation_create(
            actor=None,
            organization=parent,
            child=child,
            start_date=dt.date(year, 1, 1),
            support=["people"],
        )
    # when
    with django_assert_num_queries(2):
        lineage = selectors.incubation_lineage(Organization.objects.all())
    # then
    (tree,) = lineage.trees
    assert tree.organization == nonna
    assert tree.incubation is None
    assert [c.organization.slug for c in tree.children] == ["madre", "zia"]
    madre_node = tree.children[0]
    assert madre_node.incubation is not None
    assert madre_node.incubation.start_date.year == 2010
    assert [c.organization.slug for c in madre_node.children] == ["figlia"]
    assert madre_node.children[0].children == []
    assert lineage.unlinked == [sola]
    # and a sub-tree from a chosen root
    (sub,) = selectors.incubation_lineage(Organization.objects.all(), root=madre).trees
    assert (sub.organization, [c.organization for c in sub.children]) == (madre, [figlia])


def test_lineage_only_over_the_given_organizations():
    a, b, c = (new_org(slug=s) for s in ("a-1", "b-1", "c-1"))
    day = dt.date(2020, 1, 1)
    services.incubation_create(actor=None, organization=a, child=b, start_date=day)
    services.incubation_create(actor=None, organization=b, child=c, start_date=day)
    # b is hidden: c becomes a root of its own and a has no visible child
    lineage = selectors.incubation_lineage(Organization.objects.filter(slug__in=["a-1", "c-1"]))
    assert lineage.trees == []
    assert lineage.unlinked == [a, c]


@pytest.mark.parametrize(
    ("kind", "legal_name", "applies"),
    [
        (OrganizationKind.SOCIAL_COOP_A, "La Ginestra società cooperativa", True),
        (OrganizationKind.SOCIAL_COOP_AB, "La Ginestra Cooperativa  Sociale onlus", False),
        (OrganizationKind.SOCIAL_COOP_B, "LA GINESTRA COOPERATIVA SOCIALE", False),
        (OrganizationKind.COOP, "La Ginestra società cooperativa", False),
    ],
)
def test_r_381_1b_legal_name(kind, legal_name, applies):
    notice = rules.legal_name_notice(kind, legal_name)
    assert (notice is not None) is applies
    if notice:
        assert notice.rule_id == "R-381-1b"
        assert "381/1991" in notice.law
