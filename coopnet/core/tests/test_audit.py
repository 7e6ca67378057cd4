import pytest

from coopnet.core.audit import log_action
from coopnet.core.models import AuditEntry

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
    response = client.get(f"/o/{org.slug}/audit/", {"action": "core.role"})
    assert response.status_code == 200
    assert b"core.role.grant" in response.content
    assert b"network.organization.update" not in response.content


def test_member_cannot_read_audit_log(client, org, member_user):
    client.force_login(member_user)
    assert client.get(f"/o/{org.slug}/audit/").status_code == 404
