import datetime as dt
import re
from pathlib import Path

import pytest

from coopnet.core.audit import ACTION_LABELS, AREAS, log_action, log_lines, snapshot
from coopnet.core.models import AuditEntry
from coopnet.core.tests.factories import new_org
from coopnet.network.models import Incubation

pytestmark = pytest.mark.django_db


def test_audit_entries_are_append_only(org, admin_user):
    entry = log_action(
        actor=admin_user, organization=org, action="test.action", obj=org, after={"a": 1}
    )
    entry.action = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.action"


def test_audit_page_lists_and_filters(client, org, admin_user):
    log_action(actor=admin_user, organization=org, action="network.organization.update", obj=org)
    log_action(actor=admin_user, organization=org, action="core.role.grant", obj=org)
    client.force_login(admin_user)
    response = client.get(f"/o/{org.slug}/audit/", {"action": "core."})
    assert response.status_code == 200
    assert '<span title="core.role.grant">Ruolo assegnato</span>' in response.text
    assert 'title="network.organization.update"' not in response.text


def test_audit_page_names_the_system_for_entries_without_a_person(client, org, admin_user):
    # given a change made by the system (a command, the demo's seeding, a task): no actor
    log_action(actor=None, organization=org, action="network.organization.update", obj=org)
    client.force_login(admin_user)
    # when the office reads the log
    response = client.get(f"/o/{org.slug}/audit/")
    # then the entry is listed with "sistema" as who made it
    assert response.status_code == 200
    assert "<td>sistema</td>" in response.text


def test_audit_page_speaks_italian(client, org, admin_user):
    """Given an update recorded at 10:30 UTC in winter, the log shows names, labels, Rome time."""
    before = snapshot(org)
    org.albo_section, org.founded_on = "B", dt.date(2001, 3, 9)
    AuditEntry.objects.create(
        actor=admin_user,
        organization=org,
        action="network.organization.update",
        object_type="core.organization",
        object_id=str(org.pk),
        object_repr=str(org),
        before=before,
        after=snapshot(org),
        created_at=dt.datetime(2026, 1, 15, 10, 30, tzinfo=dt.UTC),
    )
    client.force_login(admin_user)

    page = client.get(f"/o/{org.slug}/audit/").text

    assert "Dati dell&#x27;organizzazione modificati</span>" in page
    assert "<code>" not in page
    assert "Sezione albo</strong>: — → Sezione B" in page
    assert "Data di costituzione</strong>: — → 09/03/2001" in page
    assert "Ragione sociale" not in page  # unchanged fields are left out
    assert "15/01/2026 11:30:00" in page
    assert "{&#x27;" not in page  # no Python dict


def test_log_lines_name_related_rows_flags_and_unknown_codes(org, admin_user):
    child = new_org(short_name="Nuova Coop")
    incubation = Incubation.objects.create(
        organization=org, child=child, start_date=dt.date(2026, 2, 1), support_capital=True
    )
    created = log_action(
        actor=admin_user,
        organization=org,
        action="network.incubation.create",
        obj=incubation,
        after=snapshot(incubation),
    )
    unknown = log_action(actor=admin_user, organization=org, action="x.new.thing", obj=org)

    line, other = log_lines([created, unknown])

    assert line.action == "Incubazione avviata"
    shown = {c.label: (c.before, c.after) for c in line.changes}
    assert shown["cooperativa incubata"] == (None, str(child))
    assert shown["inizio"] == (None, "01/02/2026")
    assert shown["capitale"] == (None, "Sì")
    assert other.action == "x.new.thing"


def test_every_recorded_action_has_an_italian_name():
    """Every literal action code in the services has a label (dynamic ones are listed too)."""
    root = Path(__file__).resolve().parents[2]
    areas = "|".join(AREAS)  # every app that writes audited changes has its area
    codes = set()
    for path in root.rglob("*.py"):
        if "tests" not in path.parts and "migrations" not in path.parts:
            text = path.read_text()
            if "action" in text or "AuditEntry(" in text:
                codes |= set(re.findall(rf'"((?:{areas})\.[a-z_]+\.[a-z_]+)"', text))
    assert codes
    assert codes - ACTION_LABELS.keys() == set()


def test_audit_times_are_shown_in_rome(org, admin_user):
    winter = dt.datetime(2026, 1, 15, 10, 30, tzinfo=dt.UTC)  # 11:30 in Rome
    entry = log_action(
        actor=admin_user,
        organization=org,
        action="core.api_token.revoke",
        obj=org,
        after={"revoked_at": winter.isoformat()},
    )
    (change,) = log_lines([entry])[0].changes
    assert change.after == "15/01/2026 11:30"


def test_member_cannot_read_audit_log(client, org, member_user):
    client.force_login(member_user)
    assert client.get(f"/o/{org.slug}/audit/").status_code == 404


@pytest.mark.parametrize("n", [2, 20])
def test_audit_page_queries_do_not_grow_with_entries(
    client, org, admin_user, n, django_assert_max_num_queries
):
    for i in range(n):
        child = new_org(slug=f"figlia-{i}")
        incubation = Incubation.objects.create(
            organization=org, child=child, start_date=dt.date(2026, 2, 1)
        )
        log_action(
            actor=admin_user,
            organization=org,
            action="network.incubation.create",
            obj=incubation,
            after=snapshot(incubation),
        )
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        page = client.get(f"/o/{org.slug}/audit/").text
    assert page.count("Incubazione avviata</span>") == n
