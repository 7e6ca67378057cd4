"""Add the VAT numbers of the invoices (DOMAIN.md §6, R-VAT-1 to R-VAT-3) to the dated table.

R-VAT-1: 5% for type A services of social cooperatives to the persons of art. 10 n. 27-ter
(DPR 633/72 Tab. A part II-bis n. 1, L. 208/2015 c. 960, from 1/1/2016); 22% ordinary rate
(from 1/10/2013). R-VAT-2: split payment (art. 17-ter) authorised by the EU only to 30/06/2026
(Council Implementing Decision (EU) 2023/1552): the row ends there, so after that day coopnet
says it does not know the rule. R-VAT-3: stamp duty EUR 2 on exempt amounts over EUR 77.47.
"""

from datetime import date

from django.db import migrations

from coopnet.core.migrations._parameters import seed_parameters

A5 = "DPR 633/72 Tab. A parte II-bis n. 1 (L. 208/2015 c. 960)"
ORDINARY = "DPR 633/72 art. 16 (DL 76/2013)"
SPLIT = "DPR 633/72 art. 17-ter; Decisione di esecuzione (UE) 2023/1552"
STAMP = "DPR 642/72 Tariffa all. A art. 13 c. 1; DM 17/06/2014"

# key, value, valid_from, valid_to, source, note
PARAMETERS = [
    ("vat.rate_social", "5", date(2016, 1, 1), None, A5, "R-VAT-1: servizi di tipo A a persone dell'art. 10 n. 27-ter, aliquota (%)"),
    ("vat.rate_ordinary", "22", date(2013, 10, 1), None, ORDINARY, "R-VAT-1: aliquota ordinaria (%)"),
    ("vat.split_payment", "1", date(2015, 1, 1), date(2026, 6, 30), SPLIT, "R-VAT-2: scissione dei pagamenti verso enti pubblici (1 = si applica)"),
    ("vat.stamp_duty", "2.00", date(2014, 6, 26), None, STAMP, "R-VAT-3: imposta di bollo sulla fattura (€)"),
    ("vat.stamp_threshold", "77.47", date(2014, 6, 26), None, STAMP, "R-VAT-3: bollo dovuto oltre questo importo esente o non imponibile (€)"),
]  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("core", "0009_procurement_parameters")]
    operations = [seed_parameters(PARAMETERS)]
