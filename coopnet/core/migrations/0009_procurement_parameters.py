"""Add the numbers of public procurement (DOMAIN.md §6) to the dated parameter table.

R-PP-60 price revision: D.Lgs. 36/2023 art. 60 from 1/7/2023 (5%, 80% of the part beyond, for
every contract); D.Lgs. 209/2024 (in force 31/12/2024) keeps them for services and supplies
and sets 3% and 90% for works. Payment terms: D.Lgs. 231/2002 art. 4 as amended by D.Lgs.
192/2012 (from 1/1/2013): 30 days for public bodies, 60 for health bodies.
"""

from datetime import date

from django.db import migrations

from coopnet.core.migrations._parameters import seed_parameters

A60 = "D.Lgs. 36/2023 art. 60"
A60_NEW = f"{A60} come sostituito dal D.Lgs. 209/2024"
CODE_START = date(2023, 7, 1)
CORRECTIVE_START = date(2024, 12, 31)
LATE_PAYMENT = "D.Lgs. 231/2002 art. 4 (D.Lgs. 192/2012)"
LATE_PAYMENT_START = date(2013, 1, 1)

# key, value, valid_from, valid_to, source, note
PARAMETERS = [
    ("pp.revision_threshold_services", "0.05", CODE_START, None, f"{A60}; {A60_NEW}", "R-PP-60: servizi e forniture, variazione dei costi oltre la soglia"),
    ("pp.revision_share_services", "0.80", CODE_START, None, f"{A60}; {A60_NEW}", "R-PP-60: servizi e forniture, quota riconosciuta della parte eccedente"),
    ("pp.revision_threshold_works", "0.05", CODE_START, date(2024, 12, 30), A60, "R-PP-60: lavori, variazione dei costi oltre la soglia (testo originario)"),
    ("pp.revision_threshold_works", "0.03", CORRECTIVE_START, None, A60_NEW, "R-PP-60: lavori, variazione dei costi oltre la soglia"),
    ("pp.revision_share_works", "0.80", CODE_START, date(2024, 12, 30), A60, "R-PP-60: lavori, quota riconosciuta (testo originario)"),
    ("pp.revision_share_works", "0.90", CORRECTIVE_START, None, A60_NEW, "R-PP-60: lavori, quota riconosciuta della parte eccedente"),
    ("pp.payment_days", "30", LATE_PAYMENT_START, None, LATE_PAYMENT, "Pagamento delle pubbliche amministrazioni entro giorni"),
    ("pp.payment_days_health", "60", LATE_PAYMENT_START, None, LATE_PAYMENT, "Pagamento degli enti del servizio sanitario entro giorni"),
]  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("core", "0008_italian_admin_labels")]
    operations = [seed_parameters(PARAMETERS)]
