"""The soci sovventori's cap (L. 59/1992 art. 4 c.3): its dated parameter, their own urn in
secret ballots and their coefficient on the stored result.

On SQLite adding a column remakes the table, which the triggers of 0002 do not survive (and
renaming a table a trigger names fails): they are dropped first and created again afterwards.
PostgreSQL alters the tables in place and keeps them.
"""

from datetime import date
from importlib import import_module

from django.db import migrations, models

from coopnet.core.migrations._parameters import seed_parameters

KEY = "l59.sovventori_votes_max_share"
IMMUTABLE = import_module("coopnet.governance.migrations.0002_immutable_results")


# L. 59/1992 in force on 22/2/1992 (GU 7/2/1992 + 15 days).
SOVVENTORI = [
    (KEY, "0.3333", date(1992, 2, 22), None, "L. 59/1992 art. 4 c.3", "Soci sovventori ≤ 1/3 dei voti di tutti i soci, in ogni caso"),
]  # fmt: skip


def _sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


DROP_TRIGGERS = _sqlite(IMMUTABLE.SQLITE_REVERSE)
CREATE_TRIGGERS = _sqlite(IMMUTABLE.SQLITE)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_parameters"),
        ("governance", "0002_immutable_results"),
    ]

    operations = [
        seed_parameters(SOVVENTORI),
        migrations.RunPython(DROP_TRIGGERS, CREATE_TRIGGERS),
        migrations.RemoveConstraint(
            model_name="secrettally",
            name="secret_tally_unique_choice",
        ),
        migrations.AddField(
            model_name="secrettally",
            name="sovventore",
            field=models.BooleanField(default=False),
        ),
        migrations.AddConstraint(
            model_name="secrettally",
            constraint=models.UniqueConstraint(
                fields=("ballot", "choice", "capped", "sovventore"),
                name="secret_tally_unique_urn",
            ),
        ),
        migrations.AddField(
            model_name="ballotresult",
            name="sovventori_coefficient",
            field=models.DecimalField(
                decimal_places=6,
                default=1,
                max_digits=7,
                verbose_name="coefficiente dei soci sovventori",
            ),
        ),
        migrations.RunPython(CREATE_TRIGGERS, DROP_TRIGGERS),
    ]
