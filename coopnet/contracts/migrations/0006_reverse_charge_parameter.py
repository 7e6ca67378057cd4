"""R-VAT-RC as a dated parameter: reverse charge (inversione contabile, Natura N6.7) on
cleaning, demolition, installation and completion services relating to buildings supplied to
a VAT-registered business, DPR 633/72 art. 17 c. 6 lett. a-ter, added by L. 190/2014 art. 1
c. 629 lett. a for operations from 1/1/2015 (Directive 2006/112/EC art. 199 c. 1 lett. a: a
permanent option, no end date)."""

from datetime import date

from django.db import migrations

from coopnet.core.migrations._parameters import seed_parameters

SOURCE = "DPR 633/72 art. 17 c. 6 lett. a-ter (L. 190/2014 art. 1 c. 629 lett. a)"

# key, value, valid_from, valid_to, source, note
PARAMETERS = [
    ("vat.reverse_charge_buildings", "1", date(2015, 1, 1), None, SOURCE, "R-VAT-RC: pulizia, demolizione, installazione impianti e completamento di edifici a un soggetto passivo IVA in inversione contabile, natura N6.7 (1 = si applica)"),
]  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0005_invoice_line_lot_and_reverse_charge"),
        ("core", "0012_cer_parameters"),
    ]
    operations = [seed_parameters(PARAMETERS)]
