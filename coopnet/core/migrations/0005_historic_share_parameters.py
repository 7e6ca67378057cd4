"""Extend the R-CC-2525 share limits and the old exit terms back to the Civil Code of 1942.

A libro soci goes back decades: members admitted in 1975 or 1990 are checked with the rules of
their day. Amounts of the lira era are stored in euro at the fixed rate (1 euro = 1,936.27
lire, rounded to the cent as D.Lgs. 213/1998 rounds converted amounts).
"""

from datetime import date

from django.db import migrations

from coopnet.core.migrations._parameters import seed_parameters

CC1942 = "c.c. 1942 (R.D. 262/1942) art. 2521"
DLCPS1947 = "D.L.C.P.S. 1577/1947 art. 24 (GU 17 del 22/1/1948)"
L59 = "L. 59/1992 art. 3"
CC1942_START = date(1942, 4, 21)
DLCPS1947_START = date(1948, 2, 6)  # GU of 22/1/1948 plus the ordinary 15 days
L59_START = date(1992, 2, 22)
L59_EURO = date(1999, 6, 29)  # art. 3 c.1 as normattiva gives it in force from this day
LAST_OLD_DAY = date(2003, 12, 31)
LATER_RAISES = (
    "[U] limite alzato da leggi successive (L. 127/1971, L. 72/1983 art. 17) con importi non "
    "ancora nella tabella: verificare"
)

# key, value in euro, valid_from, valid_to, source, note
PARAMETERS = [
    ("cc.share_min_value", "0.05", CC1942_START, date(1948, 2, 5), f"{CC1942} c.2", "R-CC-2525: quota o azione ≥ lire 100"),
    ("cc.share_min_value", "0.26", DLCPS1947_START, date(1992, 2, 21), f"{DLCPS1947} c.2", "R-CC-2525: quota o azione ≥ lire 500"),
    ("cc.share_min_value", "25.82", L59_START, LAST_OLD_DAY, f"{L59} c.3", "R-CC-2525: quota o azione ≥ lire 50.000"),
    ("cc.share_max_value", "0.52", CC1942_START, date(1948, 2, 5), f"{CC1942} c.2", "R-CC-2525: azione ≤ lire 1.000"),
    ("cc.share_max_value", "5.16", DLCPS1947_START, date(1992, 2, 21), f"{DLCPS1947} c.2", f"R-CC-2525: azione ≤ lire 10.000. {LATER_RAISES}"),
    ("cc.share_max_value", "516.46", L59_START, LAST_OLD_DAY, f"{L59} c.3", "R-CC-2525: azione ≤ lire 1.000.000"),
    ("cc.holding_max", "25.82", CC1942_START, date(1948, 2, 5), f"{CC1942} c.1", "R-CC-2525: partecipazione ≤ lire 50.000"),
    ("cc.holding_max", "129.11", DLCPS1947_START, date(1992, 2, 21), f"{DLCPS1947} c.1", f"R-CC-2525: partecipazione ≤ lire 250.000. {LATER_RAISES}"),
    ("cc.holding_max", "41316.55", L59_START, date(1999, 6, 28), f"{L59} c.1", "R-CC-2525: partecipazione ≤ lire 80 milioni (120 milioni nelle cooperative di produzione e lavoro e agricole)"),
    ("cc.holding_max", "50000", L59_EURO, LAST_OLD_DAY, f"{L59} c.1 (testo in vigore dal 29/6/1999)", "R-CC-2525: partecipazione ≤ € 50.000 (70.000 nelle cooperative di produzione e lavoro e agricole)"),
    ("cc.exclusion_opposition_days", "30", CC1942_START, LAST_OLD_DAY, "c.c. 1942 art. 2527 c.3", "R-CC-2533: opposizione all'esclusione entro 30 giorni (testo previgente)"),
    ("cc.withdrawal_notice_months", "3", CC1942_START, LAST_OLD_DAY, "c.c. 1942 art. 2526", "R-CC-2532: preavviso prima della fine dell'esercizio, mesi (testo previgente) [S]"),
]  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("core", "0004_organization_cf_message")]
    operations = [seed_parameters(PARAMETERS)]
