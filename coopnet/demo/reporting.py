"""The demo cooperative's social report for the year its last assembly approved: the figures
computed from the demo data and a few entered by hand (the accounts'), the eight sections
written, the control body's attestation, the approval through that assembly's item, frozen."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from coopnet.core.pdf import html_pdf
from coopnet.reporting import selectors, services

from .context import Cooperative

SOURCE = "Bilancio d'esercizio {year} approvato dall'assemblea (dati della demo)"
HAND_ENTERED = (
    ("production_value", "1284500"),
    ("net_result", "18340.55"),
    ("public_contributions", "42000"),
    ("donations", "6350"),
    ("training_hours", "420"),
    ("indirect_beneficiaries", "310"),
    ("users_satisfied_share", "91.5"),
)
TEXTS = {
    1: "Il bilancio sociale segue le linee guida del DM Lavoro 4 luglio 2019. I dati vengono "
    "dal libro soci, dal personale, dalle visite di assistenza e dalle fatture registrate in "
    "coopnet; i dati del bilancio d'esercizio sono indicati con la loro fonte.\n\n"
    "Il perimetro è la sola cooperativa; il metodo non è cambiato rispetto all'anno precedente.",
    2: "La cooperativa sociale di tipo A gestisce servizi di assistenza domiciliare, pasti e "
    "trasporto sociale per anziani e persone con disabilità nel distretto socio-sanitario.\n\n"
    "Aderisce al consorzio territoriale e alla federazione regionale delle cooperative sociali.",
    3: "La base sociale comprende soci lavoratori, volontari e fruitori. Il consiglio di "
    "amministrazione è eletto dall'assemblea ogni tre anni; il collegio sindacale svolge anche "
    "il monitoraggio previsto dall'art. 10 del D.Lgs. 112/2017.\n\n"
    "L'assemblea si è riunita per approvare il bilancio e il bilancio sociale.",
    4: "Il personale applica il CCNL delle cooperative sociali. La formazione ha riguardato la "
    "sicurezza, la movimentazione dei pazienti e la relazione di cura.\n\n"
    "Il rapporto tra la retribuzione più alta e la più bassa rispetta il limite dell'art. 13.",
    5: "Nell'anno la cooperativa ha seguito i beneficiari dei piani di assistenza con visite "
    "domiciliari, pasti e accompagnamenti. Gli esiti sono verificati con le famiglie e con i "
    "servizi sociali del comune a ogni revisione del piano.",
    6: "Le entrate vengono per la maggior parte da convenzioni e appalti con enti pubblici; le "
    "entrate private sono i servizi pagati dalle famiglie. Le donazioni hanno finanziato il "
    "nuovo mezzo attrezzato.",
    7: "Non vi sono contenziosi in corso. La cooperativa ha adottato una politica di parità di "
    "genere e un codice etico. Il consiglio di amministrazione si riunisce ogni mese.",
    8: "Il collegio sindacale ha esaminato il bilancio sociale e ne ha attestato la conformità "
    "alle linee guida ministeriali; l'attestazione è allegata.",
}
STAKEHOLDERS = (
    "Soci lavoratori, volontari e fruitori; famiglie dei beneficiari; comuni e azienda "
    "sanitaria committenti; consorzio e federazione; fornitori e comunità locale."
)
INVOLVEMENT = (
    "I lavoratori sono consultati in due riunioni all'anno sull'organizzazione dei turni e "
    "sulla qualità del servizio; gli utenti e le famiglie compilano un questionario di "
    "soddisfazione annuale, i cui risultati sono discussi in assemblea (art. 11 D.Lgs. 112/2017)."
)
OMISSION = (
    "Il dato non è disponibile per l'anno: la cooperativa lo raccoglierà a partire "
    "dall'esercizio in corso."
)


def seed_social_report(coop: Cooperative) -> None:
    """Only when the demo's past assembly has its approving item (seeded by ``assemblies``)."""
    organization = coop.organization
    item = selectors.approval_items(organization).first()
    if item is None:
        return
    year = coop.days_ago(60).year - 1  # the year that assembly approved
    for key, value in HAND_ENTERED:
        services.indicator_enter(
            actor=None,
            organization=organization,
            key=key,
            year=year,
            value=Decimal(value),
            source=SOURCE.format(year=year),
        )
    services.indicators_compute(actor=None, organization=organization, year=year)
    report = services.report_create(actor=None, organization=organization, year=year)
    for state in selectors.section_states(report):
        number = state.section.number
        parts = {"stakeholder_map": STAKEHOLDERS, "involvement": INVOLVEMENT}
        data = {"text": TEXTS[number], **{p: parts[p] for p in state.requirement.parts}}
        services.section_update(actor=None, section=state.section, data=data)
    for state in selectors.section_states(report):  # a figure the demo's year lacks: say why
        if not state.complete:
            services.section_update(
                actor=None, section=state.section, data={"omission_reason": OMISSION}
            )
    services.report_review(
        actor=None,
        report=report,
        attestation=_attestation(coop, year),
        note="Nessun rilievo.",
    )
    services.report_approve(actor=None, report=report, item=item)


def _attestation(coop: Cooperative, year: int) -> SimpleUploadedFile:
    pdf = html_pdf("demo/attestation_pdf.html", {"org": coop.organization, "year": year})
    return SimpleUploadedFile("attestazione.pdf", pdf, content_type="application/pdf")
