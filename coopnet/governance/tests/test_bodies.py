"""The bodies and their offices: appointments, ends of term kept as history, the pages."""

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coopnet.core.models import AuditEntry
from coopnet.governance import selectors, services
from coopnet.governance.models import Body, BodyKind, EndReason, Office, OfficeRole
from coopnet.members.tests.factories import LegalPersonFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(org, admin_user):
    return services.body_create(
        actor=admin_user,
        organization=org,
        data={"kind": BodyKind.BOARD, "name": "Consiglio di amministrazione", "note": ""},
    )


def _appoint(board, actor, person, **fields):
    data = {
        "person": person,
        "role": OfficeRole.DIRECTOR,
        "appointed_by": "assemblea",
        "first_appointed_on": dt.date(2019, 5, 1),
        "start_date": dt.date(2022, 5, 1),
        "term_ends_on": dt.date(2025, 4, 30),
        "term_note": "fino all'approvazione del bilancio 2024",
        **fields,
    }
    return services.office_appoint(actor=actor, body=board, data=data)


def test_an_end_of_office_is_a_dated_state_and_a_new_term_a_new_row(org, admin_user, board):
    # given a director since 2019, in her second term
    anna = PersonFactory(organization=org, surname="Rossi", given_name="Anna")
    first = _appoint(board, admin_user, anna)
    # when her term ends and she is appointed chair for a new one
    services.office_end(
        actor=admin_user, office=first, ended_on=dt.date(2025, 4, 28), reason=EndReason.TERM
    )
    _appoint(
        board,
        admin_user,
        anna,
        role=OfficeRole.CHAIR,
        start_date=dt.date(2025, 4, 28),
        term_ends_on=None,
    )
    # then both terms are kept; only the new one is in force
    rows = list(selectors.body_offices(board))
    assert [(o.role, o.ended_on) for o in rows] == [
        (OfficeRole.CHAIR, None),
        (OfficeRole.DIRECTOR, dt.date(2025, 4, 28)),
    ]
    assert [o.role for o in selectors.offices_on(org, dt.date(2025, 4, 1))] == ["consigliere"]
    assert [o.role for o in selectors.offices_on(org, dt.date(2025, 5, 1))] == ["presidente"]
    assert {o.first_appointed_on for o in rows} == {dt.date(2019, 5, 1)}
    actions = AuditEntry.objects.filter(action__startswith="governance.").values_list(
        "action", flat=True
    )
    assert sorted(actions) == [
        "governance.body.create",
        "governance.office.appoint",
        "governance.office.appoint",
        "governance.office.end",
    ]


def test_bad_appointments_and_ends_are_refused_by_field(org, other_org, admin_user, board):
    anna = PersonFactory(organization=org)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"person": PersonFactory(organization=other_org)}, "person"),
        ({"person": LegalPersonFactory(organization=org)}, "person"),
        ({"person": anna, "first_appointed_on": dt.date(2023, 1, 1)}, "first_appointed_on"),
        ({"person": anna, "term_ends_on": dt.date(2020, 1, 1)}, "term_ends_on"),
    ]
    for fields, field in cases:
        with pytest.raises(ValidationError) as refused:
            _appoint(board, admin_user, **fields)
        assert field in refused.value.message_dict
    office = _appoint(board, admin_user, anna)
    with pytest.raises(ValidationError) as twice:
        _appoint(board, admin_user, anna)
    assert "person" in twice.value.message_dict
    for day, reason, field in (
        (dt.date(2022, 4, 30), EndReason.RESIGNATION, "ended_on"),
        (dt.date(2099, 1, 1), EndReason.RESIGNATION, "ended_on"),
        (dt.date(2024, 1, 1), "", "reason"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.office_end(actor=admin_user, office=office, ended_on=day, reason=reason)
        assert field in refused.value.message_dict
    services.office_end(
        actor=admin_user, office=office, ended_on=dt.date(2024, 1, 1), reason=EndReason.RESIGNATION
    )
    with pytest.raises(ValidationError):
        services.office_end(
            actor=admin_user, office=office, ended_on=dt.date(2024, 2, 1), reason=EndReason.OTHER
        )
    assert Office.objects.count() == 1


def test_the_office_manages_the_bodies_from_the_pages(client, org, admin_user):
    anna = PersonFactory.create(organization=org, surname="Rossi", given_name="Anna")
    client.force_login(admin_user)
    # a body
    answer = client.post(
        reverse("governance:bodies", args=[org.slug]),
        {"kind": BodyKind.CONTROL, "name": "Collegio sindacale", "note": ""},
    )
    body = Body.objects.get(organization=org)
    assert answer.status_code == 302
    # an appointment
    url = reverse("governance:body", args=[org.slug, body.pk])
    client.post(
        url,
        {
            "person": anna.pk,
            "role": OfficeRole.AUDITOR,
            "appointed_by": "lavoratori",
            "first_appointed_on": "2024-05-01",
            "start_date": "2024-05-01",
            "term_note": "tre esercizi",
        },
    )
    office = Office.objects.get(body=body)
    page = client.get(reverse("governance:bodies", args=[org.slug])).text
    assert "Rossi Anna" in page
    assert "Sindaco effettivo" in page
    assert "01/05/2024" in page
    # the end, asked once on its own page
    end = reverse("governance:office_end", args=[org.slug, office.pk])
    assert "non si può annullare" in client.get(end).text
    client.post(end, {"ended_on": "2025-01-31", "reason": EndReason.RESIGNATION})
    office.refresh_from_db()
    assert (office.ended_on, office.end_reason) == (dt.date(2025, 1, 31), "dimissioni")
    assert "31/01/2025 · Dimissioni" in client.get(url).text


def test_members_read_nothing_and_readers_write_nothing(client, org, member_user, board):
    client.force_login(member_user)
    assert client.get(reverse("governance:bodies", args=[org.slug])).status_code == 404
    assert client.get(reverse("governance:body", args=[org.slug, board.pk])).status_code == 404


def test_a_body_named_as_its_kind_is_not_named_twice(client, org, admin_user):
    board = Body.objects.create(
        organization=org, kind=BodyKind.BOARD, name="Consiglio di amministrazione"
    )
    Body.objects.create(organization=org, kind=BodyKind.CONTROL, name="Sindaco unico")
    client.force_login(admin_user)
    listing = client.get(reverse("governance:bodies", args=[org.slug])).text
    detail = client.get(reverse("governance:body", args=[org.slug, board.pk])).text
    headings = re.findall(r"<h2 id=\"body-\d+\">(.*?)</h2>", listing)
    assert [re.sub(r"<[^>]+>", "", h) for h in headings] == [
        "Consiglio di amministrazione",
        "Sindaco unico Organo di controllo (collegio sindacale o sindaco unico)",
    ]
    assert detail.count("Consiglio di amministrazione</") == 1
