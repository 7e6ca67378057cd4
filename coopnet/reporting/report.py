"""What each section of the social report requires (DM 4/7/2019 §6, R-IS-5), as data: a text
people write and the indicators its tables show. A section is complete when it has both,
or when a reason for the omission is given (the decree's principle of completeness)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Requirement:
    text: Promise  # what the text must say
    indicators: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()  # the section's further texts (``ReportSection`` fields)


REQUIREMENTS: dict[int, Requirement] = {
    1: Requirement(
        _("Standard di rendicontazione adottati, cambiamenti di perimetro o di metodo.")
    ),
    2: Requirement(
        _(
            "Nome, codice fiscale, partita IVA, forma giuridica, sedi, territori, missione, "
            "attività statutarie e secondarie, reti, contesto."
        )
    ),
    3: Requirement(
        _(
            "Base sociale, organi con nomi, data di prima nomina e durata del mandato, "
            "democrazia interna, mappa e coinvolgimento degli stakeholder (art. 11)."
        ),
        ("members_total", "board_members", "control_body_members", "assemblies_held"),
        ("stakeholder_map", "involvement"),
    ),
    4: Requirement(
        _(
            "Personale e volontari (genere, età, titolo di studio), formazione, CCNL, compensi "
            "di amministratori, sindaci e dirigenti, rapporto tra retribuzioni, rimborsi ai "
            "volontari."
        ),
        ("workers_total", "pay_ratio", "volunteers_total", "volunteer_reimbursements"),
    ),
    5: Requirement(
        _("Azioni, beneficiari diretti e indiretti, output e risultati, certificazioni, rischi.")
    ),
    6: Requirement(
        _("Provenienza delle risorse, contributi pubblici e privati, raccolta fondi, criticità."),
        ("production_value", "revenue_public", "revenue_private"),
    ),
    7: Requirement(
        _(
            "Contenziosi, indicatori ambientali se pertinenti, parità di genere, diritti umani, "
            "anticorruzione, riunioni degli organi (partecipazione, temi, decisioni)."
        ),
        ("board_meetings",),
    ),
    8: Requirement(
        _("Monitoraggio dell'organo di controllo e attestazione di conformità (D.Lgs. 112/2017).")
    ),
}
