"""The demo's good practices: the consortium's call «Buone pratiche di welfare di comunità»,
run months ago (submissions, two reviewers, decisions, release), so the public catalogue and
its map hold six practices in six regions; a story, a replication request and a revision
waiting; and a call open today with one draft.

Every write goes through the practices services. Their checks read the clock (a submission
only while the call is open, a release never in the past), so each step of the past call passes
the services the moment it happened (``now=``): the rows are what users would have made.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from coopnet.core.models import Comune, Organization, OrganizationKind, Role, RoleAssignment, User
from coopnet.core.services import role_grant
from coopnet.practices import services
from coopnet.practices.models import REVISION_FIELDS, Call, Decision, Practice, Submission

TITLE = "Buone pratiche di welfare di comunità"
TEXT = (
    "Il consorzio raccoglie le pratiche delle cooperative che hanno cambiato il welfare di un "
    "territorio, per farle conoscere e replicarle altrove."
)
OPEN_TITLE = "Premio abitare collaborativo"
OPEN_TEXT = (
    "Coabitazioni, portierati, case condivise tra generazioni: il consorzio premia le "
    "cooperative che rendono l'abitare un luogo di cura reciproca."
)

# title, comune, themes, SDGs, people involved, ATECO, summary, problem, what was done, results,
# decision, feedback, scores (impact 1-10, replicability 1-5) of the two reviewers
PRACTICES: list[tuple[Any, ...]] = [
    ("Il portierato sociale di quartiere", "Bologna", ["welfare", "abitare"], ["10", "11"],
     420, "88.99.00",
     "Un portiere sociale nei caseggiati popolari della Bolognina: piccole commissioni, "
     "ascolto e un punto di riferimento per gli anziani soli.",
     "Nei caseggiati ACER vivevano 180 anziani soli; i servizi sociali li incontravano solo "
     "nelle emergenze.",
     "Due portieri sociali, soci lavoratori della cooperativa, presidiano la portineria sei "
     "giorni su sette, con volontari del quartiere e una rete con il medico di base.",
     "In due anni 420 residenti seguiti, 1.350 commissioni, 38 segnalazioni tempestive ai "
     "servizi e il 30% di accessi al pronto soccorso in meno tra gli anziani seguiti.",
     Decision.ACCEPTED, "Pratica solida, con risultati misurati.", ((9, 5), (8, 4))),
    ("Farmacia e spesa a domicilio nei borghi dell'Appennino", "Pievepelago",
     ["aree_interne", "cura"], ["3", "11"], 260, "88.10.00",
     "Un furgone attrezzato porta farmaci, spesa e prelievi nelle frazioni senza negozi.",
     "Undici frazioni senza negozio né farmacia, con metà degli abitanti oltre i 70 anni.",
     "Con la farmacia comunale e l'AUSL la cooperativa ha organizzato due giri settimanali, "
     "con prenotazione al telefono e un infermiere per i prelievi.",
     "260 persone servite, 4.100 consegne in un anno, 620 prelievi fatti a casa; due posti di "
     "lavoro per persone svantaggiate.",
     Decision.ACCEPTED, "", ((8, 5), (9, 5))),
    ("L'orto sociale di Scandicci", "Scandicci", ["agricoltura", "inserimento"], ["2", "8"],
     45, "01.13.00",
     "Due ettari comunali coltivati da persone in uscita dai servizi di salute mentale.",
     "Terreni comunali incolti e pochi percorsi di lavoro per chi esce dai servizi.",
     "Tirocini di sei mesi nell'orto, vendita diretta ai gruppi d'acquisto e alle mense "
     "scolastiche del Comune.",
     "45 tirocini in tre anni, 14 assunzioni, 9 tonnellate di verdura l'anno alle mense.",
     Decision.ACCEPTED_WITH_CHANGES,
     "Accolta: aggiungete i costi del primo anno, utili a chi vuole replicarla.",
     ((7, 4), (7, 3))),
    ("L'assistente familiare di condominio", "Torino", ["cura", "welfare"], ["3", "5", "8"],
     36, "88.10.00",
     "Un'assistente familiare condivisa da più famiglie dello stesso condominio.",
     "Famiglie che non possono pagare una badante a tempo pieno per poche ore di aiuto.",
     "La cooperativa assume le assistenti con contratto regolare e organizza le ore tra "
     "quattro-sei famiglie vicine, con un coordinatore che sostituisce chi è in ferie.",
     "36 famiglie in 7 condomini, 9 assistenti assunte, costo orario per famiglia ridotto del "
     "40% rispetto a una badante privata.",
     Decision.ACCEPTED, "", ((8, 5), (8, 4))),
    ("Il centro diurno diffuso", "Matera", ["cura", "aree_interne"], ["3", "10"], 70,
     "88.10.00",
     "Le attività del centro diurno per anziani si spostano ogni giorno in un paese diverso.",
     "Gli anziani dei paesi della collina non raggiungevano il centro diurno di città.",
     "Un'équipe di educatori e un autista portano il centro in quattro sale parrocchiali e "
     "circoli, una per giorno, con pranzo preparato dai volontari.",
     "70 anziani frequentano ogni settimana; i ricoveri in struttura nei quattro paesi sono "
     "scesi da 12 a 5 l'anno.",
     Decision.ACCEPTED, "", ((9, 4), (8, 4))),
    ("Italiano e lavoro per donne migranti", "Palermo", ["migrazione", "inserimento"],
     ["4", "5", "8"], 120, "85.59.20",
     "Corsi di italiano con la baby sitter inclusa e tirocini in sartoria e ristorazione.",
     "Le madri straniere non frequentavano i corsi di italiano per mancanza di chi tenesse i "
     "figli.",
     "Corsi mattutini con uno spazio bimbi gestito da educatrici, poi tirocini nelle imprese "
     "del quartiere Ballarò.",
     "120 donne iscritte in due anni, 85 con il certificato A2, 31 contratti di lavoro.",
     Decision.ACCEPTED, "", ((8, 4), (9, 5))),
    ("Una newsletter per le famiglie", "Modena", ["welfare"], ["10"], 0, "88.99.00",
     "Una newsletter mensile con i servizi del territorio.",
     "Le famiglie non conoscono i servizi.",
     "Abbiamo scritto una newsletter.",
     "Avviata da tre mesi.",
     Decision.REJECTED,
     "Iniziativa utile ma appena avviata: mancano risultati da mostrare. Ripresentatela "
     "l'anno prossimo.",
     ((3, 2), (4, 2))),
]  # fmt: skip

CRITERIA = [("Impatto sociale", 2, 1, 10), ("Replicabilità", 1, 1, 5)]


def demo_consortium() -> Organization | None:
    """The demo network's consortium (the first: the consortium scale adds others)."""
    return Organization.objects.filter(kind=OrganizationKind.CONSORTIUM).order_by("pk").first()


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    """The moment of a past step of the demo: ``day`` at ``hour``, in Rome."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _call(consortium: Organization, title: str, text: str, opens: dt.date, closes: dt.date) -> Call:
    call = services.call_create(
        actor=None,
        organization=consortium,
        data={
            "title": title,
            "text": text,
            "themes": ["welfare", "cura", "abitare"],
            "eligibility": "cooperative",
            "opens_on": opens,
            "closes_at": timezone.make_aware(dt.datetime.combine(closes, dt.time(18))),
            "reviews_due_on": closes + dt.timedelta(days=30),
            "blind": False,
            "several_per_organization": False,
        },
    )
    for name, weight, low, high in CRITERIA:
        services.criterion_add(
            actor=None, call=call, name=name, weight=weight, scale_min=low, scale_max=high
        )
    return services.call_publish(actor=None, call=call)


def _draft(
    call: Call, applicant: Organization, spec: tuple[Any, ...], now: dt.datetime | None = None
) -> Submission:
    title, comune, themes, sdgs, people, sector, summary, problem, actions, results = spec[:10]
    submission = services.submission_create(
        actor=None, call=call, applicant=applicant, title=title, now=now
    )
    return services.submission_save(
        actor=None,
        submission=submission,
        data={
            "title": title,
            "summary": summary,
            "problem": problem,
            "actions": actions,
            "results": results,
            "people_involved": people,
            "sector": sector,
            "organization_kind": applicant.kind,
            "themes": themes,
            "sdgs": sdgs,
            "contact_name": "Ufficio progetti",
            "contact_email": f"progetti@{applicant.slug}.example",
            "contact_phone": "",
            "licence": "cc-by-4.0",
        },
        comuni=[Comune.objects.get(name=comune)],
        answers={},
    )


def _reviewers(consortium: Organization) -> list[User]:
    """The consortium's office (the demo login) and a member of a cooperative of the network
    that submits nothing, given a role in the consortium to review."""
    office = (
        User.objects.filter(
            role_assignments__organization=consortium,
            role_assignments__role=Role.CONSORTIUM_STAFF,
        )
        .order_by("pk")
        .first()
    )
    outside = (
        RoleAssignment.objects.filter(organization__kind=OrganizationKind.COOP)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if office is None or outside is None:
        return []
    role_grant(actor=None, organization=consortium, user=outside.user, role=Role.MEMBER)
    return [office, outside.user]


def _past_call(consortium: Organization, applicants: list[Organization], today: dt.date) -> Call:
    """The call run from 200 to 100 days ago: submitted, reviewed, decided and released."""
    opens, closes = today - dt.timedelta(days=200), today - dt.timedelta(days=140)
    call = _call(consortium, TITLE, TEXT, opens, closes)
    submissions = []
    for n, (spec, applicant) in enumerate(zip(PRACTICES, applicants, strict=False)):
        sent = _at(opens + dt.timedelta(days=10 + 5 * n))
        submissions.append(
            services.submission_submit(
                actor=None, submission=_draft(call, applicant, spec, sent), now=sent
            )
        )
    reviewers = _reviewers(consortium)
    services.reviewers_assign(
        actor=None,
        call=call,
        reviewers=reviewers,
        per_submission=2,
        now=_at(closes + dt.timedelta(days=2)),
    )
    criteria = list(call.criteria.order_by("position"))
    reviewed = _at(closes + dt.timedelta(days=10))
    for submission, spec in zip(submissions, PRACTICES, strict=False):
        decision, feedback, marks = spec[10:]
        for reviewer, values in zip(reviewers, marks, strict=True):
            assignment = submission.assignments.get(reviewer=reviewer)
            services.assignment_declare(
                actor=reviewer, assignment=assignment, conflict=False, now=reviewed
            )
            services.review_save(
                actor=reviewer,
                assignment=assignment,
                scores={c.pk: (v, "") for c, v in zip(criteria, values, strict=True)},
                now=reviewed,
            )
        services.decision_save(
            actor=None, submission=submission, decision=decision, feedback=feedback
        )
    released = closes + dt.timedelta(days=40)
    return services.decisions_release(actor=None, call=call, on=released, now=_at(released, hour=9))


def _afterwards(consortium: Organization, call: Call) -> None:
    """A story on the release, a request to replicate a practice, a revision waiting."""
    practices = list(Practice.objects.for_org(consortium).filter(call=call).order_by("pk"))
    assert call.release_on is not None  # the past call is released
    told = call.release_on + dt.timedelta(days=3)
    services.story_create(
        actor=None,
        organization=consortium,
        data={
            "title": "Sei buone pratiche di welfare di comunità",
            "text": "Dal portierato sociale di Bologna ai corsi di italiano di Palermo: le "
            "pratiche scelte dal consorzio sono ora nel catalogo, libere da replicare.",
            "practice": practices[0],
            "call": call,
            "published_on": told,
        },
    )
    services.replication_ask(
        actor=None,
        practice=practices[0],
        requester=None,
        name="Comitato inquilini di Borgo Panigale",
        email="comitato.borgopanigale@posta.example",
        message="Vorremmo un portiere sociale nei nostri palazzi: come avete coinvolto ACER?",
    )
    changed = practices[2]
    assert changed.owner is not None  # the demo's applicants are cooperatives
    data = {name: getattr(changed, name) for name in REVISION_FIELDS}
    data.update(
        themes=changed.themes.split(),
        sdgs=changed.sdgs.split(),
        results=f"{changed.results} Costi del primo anno: 38.000 euro, di cui 22.000 di "
        "attrezzature.",
    )
    services.revision_propose(
        actor=None,
        practice=changed,
        owner=changed.owner,
        data=data,
        note="Aggiunti i costi del primo anno, come chiesto nella valutazione.",
    )


def seed_practices() -> None:
    """Seed the demo consortium's calls once (nothing when it already has one)."""
    consortium = demo_consortium()
    if consortium is None or Call.objects.for_org(consortium).exists():
        return
    today = timezone.localdate()
    applicants = list(
        Organization.objects.filter(kind__in=OrganizationKind.social_cooperatives()).order_by("pk")[
            : len(PRACTICES)
        ]
    )
    call = _past_call(consortium, applicants, today)
    _afterwards(consortium, call)
    opens = today - dt.timedelta(days=10)
    current = _call(consortium, OPEN_TITLE, OPEN_TEXT, opens, today + dt.timedelta(days=30))
    _draft(
        current,
        applicants[0],
        ("La casa condivisa per giovani e anziani", "Bologna", ["abitare"], ["11"], None,
         "88.99.00", "Studenti ospitati da anziani soli in cambio di compagnia.", "", "", "")
    )  # fmt: skip
