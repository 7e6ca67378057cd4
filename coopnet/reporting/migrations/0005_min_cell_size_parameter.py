"""R-GDPR-5 as a dated parameter: published aggregates (the social report, dashboards of a
consortium or federation) hide cells of fewer than ``privacy.min_cell_size`` people. k = 5 is
a design choice, not a legal number; from the date the GDPR applies (Reg. UE 2016/679 art. 99)."""

from datetime import date

from django.db import migrations

from coopnet.core.migrations._parameters import seed_parameters

SOURCE = "R-GDPR-5 (scelta di progetto; Reg. UE 2016/679 art. 5 c. 1 lett. c e art. 89)"

# key, value, valid_from, valid_to, source, note
PARAMETERS = [
    ("privacy.min_cell_size", "5", date(2018, 5, 25), None, SOURCE, "R-GDPR-5: numero minimo di persone di una cella pubblicata nei dati aggregati (k ≥ 5, scelta di progetto)"),
]  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_section_stakeholders"),
        ("core", "0012_cer_parameters"),
    ]
    operations = [seed_parameters(PARAMETERS)]
