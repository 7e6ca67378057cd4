"""The social report: eight sections, their tables, completeness and reasons for omission."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coopnet.reporting import selectors, services
from coopnet.reporting.models import SocialReport

from .fixtures import YEAR, workers

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(org, admin_user):
    return services.report_create(actor=admin_user, organization=org, year=YEAR)


def _state(report, number):
    return next(s for s in selectors.section_states(report) if s.section.number == number)


def test_a_report_has_the_eight_sections_once_per_year(org, admin_user, report):
    states = selectors.section_states(report)
    assert [s.section.number for s in states] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert states[3].title == "Persone che operano per l'ente"
    with pytest.raises(ValidationError) as twice:
        services.report_create(actor=admin_user, organization=org, year=YEAR)
    assert "year" in twice.value.message_dict
    assert SocialReport.objects.filter(organization=org).count() == 1


def test_completeness_needs_the_text_and_the_figures_or_a_reason(org, admin_user, report):
    # given the staff's figures computed (volunteers and reimbursements count zero)
    workers(org)
    services.indicators_compute(actor=None, organization=org, year=YEAR)
    people = _state(report, 4)
    assert not people.complete
    assert people.missing == ["il testo"]  # workers, pay ratio, volunteers: all computed
    # when the text is written
    services.section_update(
        actor=admin_user,
        section=people.section,
        data={"text": "Il personale...", "omission_reason": ""},
    )
    # then section 4 is complete; section 6 lacks the accounts' figure until a reason is given
    assert _state(report, 4).complete
    accounts = _state(report, 6)
    services.section_update(
        actor=admin_user,
        section=accounts.section,
        data={"text": "Le risorse...", "omission_reason": ""},
    )
    assert _state(report, 6).missing == ["Valore della produzione (bilancio d'esercizio)"]
    services.section_update(
        actor=admin_user,
        section=accounts.section,
        data={"text": "Le risorse...", "omission_reason": "Bilancio non ancora approvato."},
    )
    assert _state(report, 6).omitted


def test_the_office_writes_a_section_and_sees_the_completeness(client, org, admin_user):
    client.force_login(admin_user)
    answer = client.post(reverse("reporting:reports", args=[org.slug]), {"year": YEAR})
    report = SocialReport.objects.get(organization=org)
    assert answer.status_code == 302
    url = reverse("reporting:report", args=[org.slug, report.pk])
    assert "Sezioni complete: 0 di 8." in client.get(url).text

    section = reverse("reporting:section", args=[org.slug, report.pk, 1])
    client.post(
        section, {"text": "Seguiamo le linee guida del DM 4/7/2019.", "omission_reason": ""}
    )

    page = client.get(url).text
    assert "Sezioni complete: 1 di 8." in page
    assert "Seguiamo le linee guida del DM 4/7/2019." in page
    assert (
        client.get(reverse("reporting:section", args=[org.slug, report.pk, 9])).status_code == 404
    )


def test_members_do_not_see_the_report(client, org, member_user, report):
    client.force_login(member_user)
    assert client.get(reverse("reporting:report", args=[org.slug, report.pk])).status_code == 404
    assert client.get(reverse("reporting:reports", args=[org.slug])).status_code == 404


def test_section_3_asks_for_the_stakeholder_map_and_the_involvement(
    client, org, admin_user, report
):
    services.indicators_compute(actor=None, organization=org, year=YEAR)
    governance = _state(report, 3)
    assert governance.missing[:3] == [
        "il testo",
        "la mappa degli stakeholder",
        "il coinvolgimento di lavoratori e utenti (art. 11)",
    ]
    client.force_login(admin_user)
    url = reverse("reporting:section", args=[org.slug, report.pk, 3])
    assert 'name="stakeholder_map"' in client.get(url).text
    other = reverse("reporting:section", args=[org.slug, report.pk, 2])
    assert 'name="stakeholder_map"' not in client.get(other).text
    client.post(
        url,
        {
            "text": "Soci e organi.",
            "stakeholder_map": "Utenti, famiglie, comuni.",
            "involvement": "Assemblee dei lavoratori trimestrali.",
            "omission_reason": "",
        },
    )
    assert "la mappa degli stakeholder" not in _state(report, 3).missing
    assert (
        "Assemblee dei lavoratori trimestrali."
        in client.get(reverse("reporting:report", args=[org.slug, report.pk])).text
    )
