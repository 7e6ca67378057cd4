"""What is published of the social report (the public page, its PDF/A, the office's PDF for
filing): counts of people under the threshold shown «n.d.» (R-GDPR-5), with the secondary
suppression and the shares that would give them away; the office's pages stay exact."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coopnet.core.tests.pdf import pdf_text
from coopnet.reporting import selectors, services
from coopnet.reporting.document import published_document
from coopnet.reporting.models import IndicatorValue, Origin

from .fixtures import YEAR, year_2025
from .test_approval import complete
from .test_output import approve

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(media):
    """Attestations land in a temporary folder."""


def workers_by_sex(org, **cells):
    """The year's workers by sex replaced by ``cells`` (code: heads)."""
    IndicatorValue.objects.filter(organization=org, year=YEAR, key="workers_by_sex").delete()
    for code, heads in cells.items():
        IndicatorValue.objects.create(
            organization=org,
            year=YEAR,
            key="workers_by_sex",
            breakdown=code,
            value=Decimal(heads),
            origin=Origin.COMPUTED,
            selector="coopnet.workforce.selectors.staff_figures",
            computed_at=timezone.now(),
        )


@pytest.fixture
def report(org, admin_user):
    """The fixture year, with 7 women, 2 men and 3 workers of sex not recorded."""
    year_2025(org)
    services.indicators_compute(actor=None, organization=org, year=YEAR)
    workers_by_sex(org, F=7, M=2, nd=3)
    report = services.report_create(actor=admin_user, organization=org, year=YEAR)
    complete(report, admin_user)
    return report


def _shows_two_men(text):
    return re.search(r"Uomini\W+2\b", text) is not None


def test_a_cell_of_two_is_nd_on_the_public_page_and_in_the_pdfs_a_cell_of_seven_stays(
    client, org, admin_user, report
):
    approve(org, admin_user, report)
    public = client.get(reverse("reporting:public_report", args=[org.slug, YEAR])).text
    public_pdf = client.get(reverse("reporting:public_report_pdf", args=[org.slug, YEAR]))
    client.force_login(admin_user)
    office_pdf = client.get(reverse("reporting:report_pdf", args=[org.slug, report.pk]))

    assert "Uomini: n.d." in public
    assert "Donne: 7" in public
    assert "meno di 5 persone" in public  # the note says why
    assert not _shows_two_men(public)
    for answer in (public_pdf, office_pdf):
        text = " ".join(pdf_text(answer.content).split())
        assert "Uomini: n.d." in text
        assert "Donne: 7" in text
        assert "meno di 5 persone" in text
        assert not _shows_two_men(text)
    # the frozen content keeps the exact figure: suppression is applied at output time
    report.refresh_from_db()
    frozen = [v for s in report.frozen["sections"] for v in s["values"]]
    assert ["workers_by_sex", "M", "2.0000"] in frozen


def test_one_small_cell_hides_the_next_smallest_and_the_shares_it_would_give_away(org, report):
    workers_by_sex(org, F=7, M=2, nd=9)

    people = next(s for s in published_document(report).states if s.section.number == 4)
    rows = {row.indicator.key: row for row in people.rows}

    # 2 hidden, so 7 too: else 18 - 9 - 7 gives the 2 back
    assert rows["workers_by_sex"].hidden == {"M", "F"}
    # 1,00 disadvantaged worker on average: hidden, and both shares computed from it
    assert rows["disadvantaged_average"].hidden == {""}
    assert rows["disadvantaged_share"].hidden == {""}
    assert rows["disadvantaged_share_inps"].hidden == {""}
    assert not rows["pay_ratio"].hidden  # not a count of people
    chart = next(c for c in people.charts if c.name == "s4-workers_by_sex")
    assert chart.series[0].values == (None, None, Decimal(9))


def test_the_office_pages_keep_the_exact_figures(client, org, admin_user, report):
    client.force_login(admin_user)

    page = client.get(reverse("reporting:report", args=[org.slug, report.pk])).text

    assert "Uomini: 2" in page
    assert "n.d." not in page
    assert all(not row.hidden for s in selectors.section_states(report) for row in s.rows)
