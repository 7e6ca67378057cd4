"""Full-text search of the catalogue (issue 15): each database's own engine over
``Practice.search_text``, which the services keep normalized (lower case, no accents).

Vendor-specific on purpose, so neither is a model ``Meta.indexes`` entry (``makemigrations``
knows nothing of it and stays clean): a GIN index on a text-search expression does not exist on
SQLite, and an FTS5 table with its triggers is not an index Django can declare.

- PostgreSQL: a stored generated column ``search_vector`` (``search.PG_VECTOR``: Italian stems
  and words as written) with a GIN index, which ``search.matching`` filters on; computed by the
  database on every write, bulk ones included. The model does not know the column.
- SQLite: an FTS5 external-content table over ``practices_practice(search_text)``, kept in
  step by triggers (bulk inserts included) and filled for the rows already there.
"""

from django.db import migrations

from coopnet.practices.search import FTS_TABLE, PG_COLUMN, PG_VECTOR

INDEX = "practices_practice_search_gin"

POSTGRESQL = [
    f"ALTER TABLE practices_practice ADD COLUMN {PG_COLUMN} tsvector "
    f"GENERATED ALWAYS AS ({PG_VECTOR.format(column='search_text')}) STORED",
    f"CREATE INDEX {INDEX} ON practices_practice USING gin ({PG_COLUMN})",
]
POSTGRESQL_REVERSE = [
    f"DROP INDEX IF EXISTS {INDEX}",
    f"ALTER TABLE practices_practice DROP COLUMN IF EXISTS {PG_COLUMN}",
]

# The standard FTS5 external-content pattern: the 'delete' command takes the old text out.
SQLITE = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_text, content='practices_practice', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER {FTS_TABLE}_ai AFTER INSERT ON practices_practice BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER {FTS_TABLE}_ad AFTER DELETE ON practices_practice BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER {FTS_TABLE}_au AFTER UPDATE ON practices_practice BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_au",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def run(statements: dict[str, list[str]]):
    def operation(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0006_platform_calls_person_submissions"),
    ]

    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
