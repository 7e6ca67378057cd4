"""Seed the dated parameter table with every number of DOMAIN.md §1-§3 and §8.

A change of law is a new row (with ``valid_from``), never an edit of code.
"""

from datetime import date

from django.db import migrations

from coopnet.core.migrations._parameters import seed_parameters

L381 = "L. 381/1991"
CC = "Codice civile (D.Lgs. 6/2003)"
DM2024 = "DM MIMIT-MEF 8/8/2024, GU 245 del 18/10/2024"
L381_START = date(1991, 12, 18)
CC_START = date(2004, 1, 1)
IS_START = date(2017, 7, 20)
DM2024_START = date(2024, 10, 18)

# key, value, valid_from, valid_to, source, note
PARAMETERS = [
    # §1 Law 381/1991
    ("r381.volunteer_max_share", "0.50", L381_START, None, f"{L381} art. 2 c.2", "R-381-2a: soci volontari ≤ 50% dei soci"),
    ("r381.volunteer_expense_day_max", "10", date(2020, 10, 22), None, "D.Lgs. 117/2017 art. 17 c.4; nota Min. Lavoro 10979/2020", "R-381-2b: rimborsi autocertificati, € al giorno"),
    ("r381.volunteer_expense_month_max", "150", date(2020, 10, 22), None, "D.Lgs. 117/2017 art. 17 c.4; nota Min. Lavoro 10979/2020", "R-381-2b: rimborsi autocertificati, € al mese"),
    ("r381.disadvantaged_min_share", "0.30", L381_START, None, f"{L381} art. 4 c.2", "R-381-4b: svantaggiati ≥ 30% dei lavoratori"),
    ("r381.disadvantaged_window_days", "365", L381_START, None, "Interpello Min. Lavoro 4/2008", "R-381-4b: media annua, finestra massima di 12 mesi"),
    ("r381.invalidity_min_percent", "45", L381_START, None, "INPS circ. 296/1992 e 95/1994", "R-381-4d: invalidità > 45% [S]"),
    ("r381.eu_threshold_subcentral", "221000", date(2024, 1, 1), date(2025, 12, 31), "D.Lgs. 36/2023 art. 14", "R-381-5a: soglia UE servizi e forniture, enti sub-centrali"),
    ("r381.eu_threshold_subcentral", "216000", date(2026, 1, 1), None, "D.Lgs. 36/2023 art. 14; Reg. (UE) 2025/2152", "R-381-5a: soglia UE servizi e forniture, enti sub-centrali"),
    ("r381.eu_threshold_central", "143000", date(2024, 1, 1), date(2025, 12, 31), "D.Lgs. 36/2023 art. 14", "R-381-5a: soglia UE, amministrazioni centrali"),
    ("r381.eu_threshold_central", "140000", date(2026, 1, 1), None, "D.Lgs. 36/2023 art. 14; Reg. (UE) 2025/2152", "R-381-5a: soglia UE, amministrazioni centrali"),
    ("r381.consortium_social_coop_min_share", "0.70", L381_START, None, f"{L381} art. 8", "R-381-8: consorzi con ≥ 70% di cooperative sociali"),
    # §2 Civil Code
    ("cc.min_members", "9", CC_START, None, "c.c. art. 2522", "R-CC-2522 [U]"),
    ("cc.min_members_srl_natural", "3", CC_START, None, "c.c. art. 2522", "R-CC-2522: modello Srl, solo persone fisiche [U]"),
    ("cc.min_members_restore_months", "12", CC_START, None, "c.c. art. 2522", "R-CC-2522: mesi per ricostituire il numero [U]"),
    ("cc.srl_model_max_cooperators", "20", CC_START, None, "c.c. art. 2519", "R-CC-2519: soci cooperatori < 20"),
    ("cc.srl_model_max_assets", "1000000", CC_START, date(2024, 10, 17), "c.c. art. 2519", "R-CC-2519: attivo ≤ €"),
    ("cc.srl_model_max_assets", "1438000", DM2024_START, None, f"c.c. art. 2519; {DM2024}", "R-CC-2519: attivo ≤ €"),
    ("cc.share_min_value", "25", CC_START, None, "c.c. art. 2525", "R-CC-2525: valore minimo di quota o azione, €"),
    ("cc.share_max_value", "500", CC_START, date(2024, 10, 17), "c.c. art. 2525", "R-CC-2525: valore massimo di un'azione, €"),
    ("cc.share_max_value", "719", DM2024_START, None, f"c.c. art. 2525; {DM2024}", "R-CC-2525: valore massimo di un'azione, €"),
    ("cc.holding_max", "100000", CC_START, date(2024, 10, 17), "c.c. art. 2525", "R-CC-2525: partecipazione massima di un socio, €"),
    ("cc.holding_max", "143800", DM2024_START, None, f"c.c. art. 2525; {DM2024}", "R-CC-2525: partecipazione massima di un socio, €"),
    ("cc.holding_cap_large_coop_members", "500", CC_START, None, "c.c. art. 2525", "R-CC-2525: oltre 500 soci il tetto può salire"),
    ("cc.holding_cap_large_coop_share", "0.02", CC_START, None, "c.c. art. 2525", "R-CC-2525: tetto al 2% del capitale"),
    ("cc.special_category_max_share", "0.3333", CC_START, None, "c.c. art. 2527", "R-CC-2527: soci speciali ≤ 1/3 dei cooperatori [U]"),
    ("cc.special_category_max_years", "5", CC_START, None, "c.c. art. 2527", "R-CC-2527: durata massima, anni [U]"),
    ("cc.admission_decision_days", "60", CC_START, None, "c.c. art. 2528", "R-CC-2528: rigetto motivato entro giorni"),
    ("cc.admission_appeal_days", "60", CC_START, None, "c.c. art. 2528", "R-CC-2528: ricorso all'assemblea entro giorni"),
    ("cc.withdrawal_decision_days", "60", CC_START, None, "c.c. art. 2532", "R-CC-2532: esame del recesso entro giorni"),
    ("cc.withdrawal_opposition_days", "60", CC_START, None, "c.c. art. 2532", "R-CC-2532: opposizione entro giorni"),
    ("cc.withdrawal_notice_months", "3", CC_START, None, "c.c. art. 2532", "R-CC-2532: preavviso prima della fine dell'esercizio, mesi"),
    ("cc.exclusion_opposition_days", "60", CC_START, None, "c.c. art. 2533", "R-CC-2533: opposizione all'esclusione entro giorni"),
    ("cc.share_refund_days", "180", CC_START, None, "c.c. art. 2535", "R-CC-2535: rimborso entro giorni dall'approvazione del bilancio [U]"),
    ("cc.voting_min_days", "90", CC_START, None, "c.c. art. 2538", "R-CC-2538: voto solo dopo giorni di iscrizione"),
    ("cc.legal_person_max_votes", "5", CC_START, None, "c.c. art. 2538", "R-CC-2538: voti massimi di una persona giuridica"),
    ("cc.plural_vote_member_max_share", "0.10", CC_START, None, "c.c. art. 2538", "R-CC-2538: voto plurimo ≤ 1/10 per socio"),
    ("cc.plural_vote_total_max_share", "0.3333", CC_START, None, "c.c. art. 2538", "R-CC-2538: voto plurimo ≤ 1/3 in assemblea"),
    ("cc.financing_votes_max_share", "0.3333", CC_START, None, "c.c. art. 2526 c.2", "R-CC-2526: soci finanziatori ≤ 1/3 dei voti presenti"),
    ("cc.financing_directors_max_share", "0.3333", CC_START, None, "c.c. art. 2542 c.4", "R-CC-2542: ≤ 1/3 degli amministratori"),
    ("cc.sovventore_max_votes", "5", CC_START, None, "L. 59/1992 art. 4", "R-CC-2526: soci sovventori ≤ 5 voti [U]"),
    ("cc.board_min_size", "3", CC_START, None, "c.c. art. 2542", "R-CC-2542: consiglio di almeno 3 membri"),
    ("cc.proxy_max_per_delegate", "10", CC_START, None, "c.c. art. 2539", "R-CC-2539: deleghe massime per delegato"),
    ("cc.notice_days_publication", "15", CC_START, None, "c.c. art. 2366", "R-CC-2366: preavviso su GU o quotidiano, giorni"),
    ("cc.notice_days_receipt", "8", CC_START, None, "c.c. art. 2366", "R-CC-2366: preavviso con prova di ricezione, giorni"),
    ("cc.second_call_max_days", "30", CC_START, None, "c.c. art. 2369", "R-CC-2369: seconda convocazione entro giorni"),
    ("cc.annual_assembly_days", "120", CC_START, None, "c.c. art. 2364", "Assemblea di bilancio entro giorni dalla chiusura"),
    ("cc.annual_assembly_days_extended", "180", CC_START, None, "c.c. art. 2364", "Termine prorogato se giustificato"),
    ("cc.quorum_ordinary_first", "0.50", CC_START, None, "c.c. art. 2368", "R-CC-2368: quorum costitutivo ordinaria, prima convocazione [U]"),
    ("cc.majority_extraordinary_first_all_votes", "0.50", CC_START, None, "c.c. art. 2368", "R-CC-2368: straordinaria prima conv., favorevoli > metà di tutti i voti [U]"),
    ("cc.quorum_extraordinary_second", "0.3333", CC_START, None, "c.c. art. 2369", "R-CC-2369: straordinaria seconda conv., presenti > 1/3 [U]"),
    ("cc.majority_extraordinary_second", "0.6667", CC_START, None, "c.c. art. 2369", "R-CC-2369: straordinaria seconda conv., ≥ 2/3 dei voti rappresentati [U]"),
    ("cc.separate_assemblies_members", "3000", CC_START, None, "c.c. art. 2540", "R-CC-2540: assemblee separate oltre soci, più province [U]"),
    ("cc.separate_assemblies_members_multi", "500", CC_START, None, "c.c. art. 2540", "R-CC-2540: oltre soci con più gestioni mutualistiche [U]"),
    ("cc.prevalence_min_share", "0.50", CC_START, None, "c.c. art. 2513", "R-CC-2513: prevalenza > 50%"),
    ("cc.prevalence_lost_years", "2", CC_START, None, "c.c. art. 2545-octies", "R-CC-2513: perdita dopo anni consecutivi"),
    ("cc.dividend_extra_points", "2.5", CC_START, None, "c.c. art. 2514", "R-CC-2514: dividendi ≤ buoni postali + punti"),
    ("cc.instrument_extra_points", "2", CC_START, None, "c.c. art. 2514", "R-CC-2514: strumenti finanziari ≤ + punti"),
    ("cc.legal_reserve_min_share", "0.30", CC_START, None, "c.c. art. 2545-quater", "Riserva legale ≥ 30% dell'utile"),
    ("cc.mutual_fund_share", "0.03", CC_START, None, "c.c. art. 2545-quater; L. 59/1992 art. 11", "Fondi mutualistici 3% dell'utile"),
    ("cc.ristorno_max_pay_share", "0.30", CC_START, None, "L. 142/2001 art. 3 c.2 lett. b", "R-CC-2545-sexies: ristorno ≤ 30% della retribuzione [U]"),
    # §3 Social enterprise / Third sector
    ("is.involvement_assets", "2750000", date(2024, 9, 25), None, "D.Lgs. 112/2017 art. 11; D.Lgs. 125/2024", "R-IS-3: attivo > € (limiti 2435-bis dimezzati)"),
    ("is.involvement_revenue", "5500000", date(2024, 9, 25), None, "D.Lgs. 112/2017 art. 11; D.Lgs. 125/2024", "R-IS-3: ricavi > €"),
    ("is.involvement_employees", "25", IS_START, None, "D.Lgs. 112/2017 art. 11", "R-IS-3: dipendenti medi > 25"),
    ("is.involvement_limits_exceeded", "2", IS_START, None, "D.Lgs. 112/2017 art. 11", "R-IS-3: superati 2 limiti su 3"),
    ("is.pay_ratio_max", "8", IS_START, None, "D.Lgs. 112/2017 art. 13", "R-IS-4: retribuzione massima ≤ 8 × minima"),
    ("is.pay_ratio_max_justified", "12", date(2023, 5, 5), None, "D.Lgs. 112/2017 art. 13; D.L. 48/2023 art. 29", "R-IS-4: ≤ 12 × se giustificato da competenze specifiche"),
    ("is.social_report_large_revenue", "1000000", IS_START, None, "D.Lgs. 117/2017 art. 14", "R-IS-2: ETS con ricavi > € 1 M, deposito entro il 30 giugno [U]"),
    # §8 Network principles (guidance)
    ("net.human_scale_max_members", "100", date(2014, 1, 1), None, "Co-operatives UK 2014; Legacoopsociali", "R-NET-1: dimensione umana, soci"),
    ("net.incubations_expected", "1", date(2014, 1, 1), None, "Co-operatives UK 2014; Legacoopsociali", "R-NET-3: ogni cooperativa ne incuba almeno una"),
]


class Migration(migrations.Migration):
    dependencies = [("core", "0002_territory")]
    operations = [seed_parameters(PARAMETERS, reversible=False)]
