"""Add the numbers of renewable energy communities (DOMAIN.md §5, R-CER-2 to R-CER-7).

DM MASE 7/12/2023 n. 414 (in force 24/1/2024), Annex 1: premium tiers (BASE, CAP), the 180
€/MWh reference, 20 years, the regional correction FC for PV (regional rows: Centre +4, North
+10; the region list is uncertain [U]), F = 0.50 x grant% / 40 and no premium above 40%, the
55%/45% social-destination thresholds. R-CER-2: plants at most 1 MW, pre-existing plants at
most 30% of the power. R-CER-5: natural persons' points exempt from F since DM MASE 127/2025
[S]. R-CER-7: ARERA's valorisation unit value (2024: 10.57 + 0.65 €/MWh [S], a yearly update
is a new row). The hourly price from quarter-hour prices: 1 = the mean of the four.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

from coopnet.core.migrations._parameters import seed_parameters

DM414 = "DM MASE 7/12/2023 n. 414, Allegato 1"
DM414_ART3 = "DM MASE 7/12/2023 n. 414, art. 3"
DLGS199 = "D.Lgs. 199/2021 art. 31"
GSE = "Regole operative GSE 16/7/2025 §2.2.2.1.2 (DM MASE 127/2025) [S]"
ARERA = "ARERA TIAD, Delib. 727/2022/R/eel: CU_Af,m = TRAS_E + BTAU [S]"
START = date(2024, 1, 24)
NORTH = ("01", "02", "03", "04", "05", "06", "07", "08")
CENTRE = ("09", "10", "11", "12", "13")

# key, value, valid_from, valid_to, source, note
PARAMETERS = [
    ("cer.plant_max_kw", "1000", START, None, f"{DLGS199}; {DM414_ART3}", "R-CER-2: potenza massima di ogni impianto incentivato (kW)"),
    ("cer.pre_existing_max_pct", "30", START, None, DLGS199, "R-CER-2: impianti preesistenti, al massimo questa quota della potenza (%)"),
    ("cer.premium_years", "20", START, None, DM414, "R-CER-4: anni di tariffa premio dall'entrata in esercizio"),
    ("cer.tip_tier1_max_kw", "200", START, None, DM414, "R-CER-4: prima fascia di potenza, fino a (kW)"),
    ("cer.tip_tier2_max_kw", "600", START, None, DM414, "R-CER-4: seconda fascia di potenza, fino a (kW)"),
    ("cer.tip_base_1", "80", START, None, DM414, "R-CER-4: parte fissa, P <= 200 kW (€/MWh)"),
    ("cer.tip_cap_1", "120", START, None, DM414, "R-CER-4: tetto, P <= 200 kW (€/MWh)"),
    ("cer.tip_base_2", "70", START, None, DM414, "R-CER-4: parte fissa, 200 < P <= 600 kW (€/MWh)"),
    ("cer.tip_cap_2", "110", START, None, DM414, "R-CER-4: tetto, 200 < P <= 600 kW (€/MWh)"),
    ("cer.tip_base_3", "60", START, None, DM414, "R-CER-4: parte fissa, P > 600 kW (€/MWh)"),
    ("cer.tip_cap_3", "100", START, None, DM414, "R-CER-4: tetto, P > 600 kW (€/MWh)"),
    ("cer.tip_reference_price", "180", START, None, DM414, "R-CER-4: prezzo zonale di riferimento di max(0; 180 - Pz) (€/MWh)"),
    ("cer.fc_pv", "0", START, None, DM414, "R-CER-4: correzione FC del fotovoltaico, regioni non elencate (€/MWh)"),
    ("cer.f_max", "0.50", START, None, DM414, "R-CER-5: F = 0,50 x contributo% / 40"),
    ("cer.grant_max_pct", "40", START, None, DM414, "R-CER-5: contributo in conto capitale oltre il quale non spetta la tariffa premio (%)"),
    ("cer.f_exempt_natural_persons", "0", START, date(2025, 5, 15), GSE, "R-CER-5: punti delle persone fisiche esenti da F (1 = sì) [S]"),
    ("cer.f_exempt_natural_persons", "1", date(2025, 5, 16), None, GSE, "R-CER-5: punti delle persone fisiche esenti da F dal DM MASE 127/2025 (1 = sì) [S]"),
    ("cer.social_threshold_pct", "55", START, None, f"{DM414_ART3} c. 2 lett. g", "R-CER-6: quota di energia condivisa oltre la quale il premio eccedente va a fini sociali (%)"),
    ("cer.social_threshold_grant_pct", "45", START, None, f"{DM414_ART3} c. 2 lett. g", "R-CER-6: la stessa soglia con contributo in conto capitale (%)"),
    ("cer.valorisation_eur_mwh", "11.22", date(2024, 1, 1), None, ARERA, "R-CER-7: corrispettivo unitario di valorizzazione, valore 2024 (10,57 + 0,65 €/MWh); aggiornamento annuale"),
    ("cer.price_quarter_rule", "1", START, None, "GME; regola di coopnet", "Prezzo orario dai quattro prezzi quartorari: 1 = media aritmetica"),
]  # fmt: skip
# key, value, regions: the regional correction of PV, uncertain region lists [U]
REGIONAL = [
    ("cer.fc_pv", "10", NORTH, "R-CER-4: correzione FC del fotovoltaico, regioni del Nord (€/MWh) [U elenco]"),
    ("cer.fc_pv", "4", CENTRE, "R-CER-4: correzione FC del fotovoltaico, regioni del Centro (€/MWh) [U elenco]"),
]  # fmt: skip


def seed_regional(apps, schema_editor):
    Parameter = apps.get_model("core", "Parameter")
    for key, value, regions, note in REGIONAL:
        for region in regions:
            Parameter.objects.update_or_create(
                key=key,
                valid_from=START,
                region_id=region,
                defaults={"value": Decimal(value), "source": DM414, "note": note},
            )


def unseed_regional(apps, schema_editor):
    Parameter = apps.get_model("core", "Parameter")
    Parameter.objects.filter(
        key__in={key for key, *_rest in REGIONAL}, region__isnull=False
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0011_late_payment_parameters")]
    operations = [seed_parameters(PARAMETERS), migrations.RunPython(seed_regional, unseed_regional)]
