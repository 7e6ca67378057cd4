"""An app renamed after its data was written keeps every row (services -> care, issue 10)."""

from typing import cast

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from coopnet.care.models import ServiceType
from coopnet.care.tests.factories import ServiceTypeFactory
from coopnet.core.audit import action_label
from coopnet.core.models import AuditEntry, Job
from coopnet.core.renames import rename_legacy_apps
from coopnet.core.tests.factories import new_org


def _back_to_services() -> None:
    """Put the database in the state an installation had before the rename."""
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if t.startswith("care_")]
    with connection.schema_editor() as editor:
        for table in tables:
            editor.execute(f"ALTER TABLE {table} RENAME TO services{table[len('care') :]}")
    ContentType.objects.filter(app_label="care").update(app_label="services")
    MigrationRecorder.Migration.objects.filter(app="care").update(app="services")
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrate_moves_an_old_installation_to_the_new_label_and_keeps_every_row():
    org = new_org()
    kept = cast(ServiceType, ServiceTypeFactory(organization=org, name="Igiene personale"))
    job = Job.objects.create(organization=org, kind="care.schedule")
    Job.objects.filter(pk=job.pk).update(kind="services.schedule")
    _back_to_services()

    call_command("migrate", verbosity=0)

    assert ServiceType.objects.get(pk=kept.pk).name == "Igiene personale"
    assert ContentType.objects.get_for_model(ServiceType).app_label == "care"
    recorded = MigrationRecorder.Migration.objects
    assert recorded.filter(app="care", name="0001_initial").exists()
    assert not recorded.filter(app="services").exists()
    assert Job.objects.get(pk=job.pk).kind == "care.schedule"
    assert rename_legacy_apps(connection) == []  # a second run finds nothing to move


@pytest.mark.django_db
def test_audit_entries_written_before_the_rename_read_under_the_new_name(client, org, admin_user):
    AuditEntry.objects.create(
        organization=org,
        action="services.visit.edit",
        object_type="services.visit",
        object_id="1",
        object_repr="Visita",
    )
    assert action_label("services.visit.edit") == "Visita modificata"
    client.force_login(admin_user)
    page = client.get(f"/o/{org.slug}/audit/", {"action": "care."}).text
    assert "Visita modificata</span>" in page
