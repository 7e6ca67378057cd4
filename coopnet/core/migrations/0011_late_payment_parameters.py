"""Add the numbers of late-payment interest (D.Lgs. 231/2002 art. 5, DOMAIN.md §6) to the
dated parameter table: the reference rate of each semester (the ECB's main refinancing rate in
force on 1 January or 1 July, published by the MEF in the Gazzetta Ufficiale) and the 8 points
added to it (art. 2 c. 1 lett. e, D.Lgs. 192/2012, from 1/1/2013).

Only semesters whose rate was found in a published source are seeded; 1/7-31/12/2026 is not
(no source found when this was written), so coopnet says it does not know it until a row is
added. Sources are the MEF's communiqués as reported by the pages named in each note.
"""

from datetime import date

from django.db import migrations

from coopnet.core.migrations._parameters import seed_parameters

ART5 = "D.Lgs. 231/2002 art. 5 c. 2; comunicato MEF"
RATE = "pp.late_interest_reference_rate"
NOTE = "Tasso di riferimento BCE del semestre (%) per gli interessi di mora; "

# key, value, valid_from, valid_to, source, note
PARAMETERS = [
    ("pp.late_interest_margin", "8", date(2013, 1, 1), None, "D.Lgs. 231/2002 art. 2 c. 1 lett. e (D.Lgs. 192/2012)", "Punti percentuali aggiunti al tasso di riferimento: interessi legali di mora"),
    (RATE, "4.50", date(2024, 1, 1), date(2024, 6, 30), f"{ART5} (G.U. n. 12 del 16/01/2024)", NOTE + "[C] G.U. n. 12/2024, riportato da momentolegislativo.it e cuzzola.it"),
    (RATE, "4.25", date(2024, 7, 1), date(2024, 12, 31), f"{ART5} (G.U. n. 176 del 29/07/2024)", NOTE + "[C] testo del comunicato in G.U. n. 176/2024 (gazzettaufficiale.biz); una fonte secondaria (studiocafasso.it) riporta 4,50% nel titolo: vale il testo della G.U."),
    (RATE, "3.15", date(2025, 1, 1), date(2025, 6, 30), f"{ART5} (G.U. n. 63 del 17/03/2025)", NOTE + "[S] riportato da studiotisi.it e unirec.it"),
    (RATE, "2.15", date(2025, 7, 1), date(2025, 12, 31), f"{ART5} (G.U. n. 161 del 14/07/2025)", NOTE + "[S] riportato da fenailp.it e confagricolturatorino.it"),
    (RATE, "2.15", date(2026, 1, 1), date(2026, 6, 30), f"{ART5} (G.U. n. 15 del 20/01/2026)", NOTE + "[S] riportato da edotto.com e ntplusdiritto.ilsole24ore.com; 1/7-31/12/2026 non ancora registrato [U]"),
]  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("core", "0010_vat_parameters")]
    operations = [seed_parameters(PARAMETERS)]
