"""Database triggers: a ballot result never changes, and no vote enters a closed ballot.

The services already refuse both; the triggers make it true whatever code runs (SQLite and
PostgreSQL). Deletions are left alone so that removing an organization or flushing a test
database still works.
"""

from django.db import migrations

SQLITE = [
    """
    CREATE TRIGGER governance_result_immutable BEFORE UPDATE ON governance_ballotresult
    BEGIN SELECT RAISE(ABORT, 'governance: a closed ballot result cannot change'); END
    """,
    """
    CREATE TRIGGER governance_no_vote_after_close BEFORE INSERT ON governance_ballotparticipation
    WHEN EXISTS (SELECT 1 FROM governance_ballotresult WHERE ballot_id = NEW.ballot_id)
    BEGIN SELECT RAISE(ABORT, 'governance: the ballot is closed'); END
    """,
    """
    CREATE TRIGGER governance_no_tally_after_close BEFORE UPDATE ON governance_secrettally
    WHEN EXISTS (SELECT 1 FROM governance_ballotresult WHERE ballot_id = OLD.ballot_id)
    BEGIN SELECT RAISE(ABORT, 'governance: the ballot is closed'); END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS governance_result_immutable",
    "DROP TRIGGER IF EXISTS governance_no_vote_after_close",
    "DROP TRIGGER IF EXISTS governance_no_tally_after_close",
]

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION governance_refuse_result_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'governance: a closed ballot result cannot change';
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE FUNCTION governance_refuse_closed_ballot() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM governance_ballotresult WHERE ballot_id = NEW.ballot_id) THEN
            RAISE EXCEPTION 'governance: the ballot is closed';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER governance_result_immutable BEFORE UPDATE ON governance_ballotresult
    FOR EACH ROW EXECUTE FUNCTION governance_refuse_result_change()
    """,
    """
    CREATE TRIGGER governance_no_vote_after_close BEFORE INSERT ON governance_ballotparticipation
    FOR EACH ROW EXECUTE FUNCTION governance_refuse_closed_ballot()
    """,
    """
    CREATE TRIGGER governance_no_tally_after_close BEFORE UPDATE ON governance_secrettally
    FOR EACH ROW EXECUTE FUNCTION governance_refuse_closed_ballot()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS governance_result_immutable ON governance_ballotresult",
    "DROP TRIGGER IF EXISTS governance_no_vote_after_close ON governance_ballotparticipation",
    "DROP TRIGGER IF EXISTS governance_no_tally_after_close ON governance_secrettally",
    "DROP FUNCTION IF EXISTS governance_refuse_result_change()",
    "DROP FUNCTION IF EXISTS governance_refuse_closed_ballot()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
