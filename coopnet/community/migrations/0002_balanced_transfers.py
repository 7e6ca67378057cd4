"""On PostgreSQL, the database itself refuses to commit a transfer whose postings do not sum
to zero, and any change to a posting (append-only). SQLite cannot defer a check to the commit,
so there the service's check and ``selectors.ledger_check`` stand alone."""

from django.db import migrations

CREATE = """
CREATE FUNCTION community_transfer_balanced() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'time bank postings are append-only';
    END IF;
    IF (SELECT COALESCE(SUM(minutes), 0) FROM community_posting
        WHERE transfer_id = NEW.transfer_id) <> 0 THEN
        RAISE EXCEPTION 'the postings of time bank transfer % do not sum to zero', NEW.transfer_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER community_posting_balanced
    AFTER INSERT OR UPDATE ON community_posting
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION community_transfer_balanced();
"""
DROP = """
DROP TRIGGER IF EXISTS community_posting_balanced ON community_posting;
DROP FUNCTION IF EXISTS community_transfer_balanced();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("community", "0001_timebank")]

    operations = [migrations.RunPython(create, drop)]
