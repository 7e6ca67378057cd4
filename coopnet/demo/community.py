"""The demo's community cooperative: commons on the Apennines south of Bologna (a station in
regeneration, a school and a garden in use, a confiscated farm and a level-crossing house
still abandoned, one without coordinates), residents' sign-ups, and a time bank with members
and residents, offers and requests on the board and exchanges of every shape (one-to-one, a
lesson to a group, a group activity for one person, and a reversal)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from coopnet.community import services
from coopnet.community.models import (
    ASSET_FIELDS,
    Account,
    AccountKind,
    Asset,
    Category,
    OfferKind,
    OverLimit,
)
from coopnet.core.models import Comune, Organization, OrganizationKind

from .context import Cooperative

# name, kind, state (then, now), comune, coordinates (None: not on the map), owner, description
COMMONS: list[tuple[str, str, tuple[str, str], str, tuple[str, str] | None, str, str]] = [
    ("Ex stazione di Grizzana", "stazione", ("abbandonato", "in_rigenerazione"),
     "Grizzana Morandi", ("44.229700", "11.154000"), "RFI - Rete Ferroviaria Italiana",
     "La stazione della Porrettana, senza personale dal 1998: sala d'attesa chiusa, tetto da "
     "rifare. I residenti la stanno trasformando in un punto di ritrovo e di noleggio di "
     "biciclette."),
    ("Scuola elementare di Monzuno", "scuola", ("abbandonato", "in_uso"), "Monzuno",
     ("44.278600", "11.266700"), "",
     "Chiusa nel 2012 per il calo degli alunni, ora ospita il doposcuola, la biblioteca del "
     "paese e i corsi della banca del tempo."),
    ("Giardino di via Roma", "area_verde", ("in_rigenerazione", "in_uso"), "Loiano",
     ("44.268600", "11.324700"), "",
     "Un giardino pubblico lasciato incolto, curato ogni mese dai volontari con il Comune."),
    ("Podere confiscato di Marzabotto", "confiscato", ("abbandonato", "abbandonato"),
     "Marzabotto", ("44.339300", "11.204700"),
     "Agenzia nazionale per i beni sequestrati e confiscati",
     "Casa colonica e tre ettari di terreno confiscati nel 2019, in attesa di assegnazione: la "
     "cooperativa propone un orto sociale."),
    ("Casello ferroviario di Vado", "edificio", ("abbandonato", "abbandonato"), "Monzuno", None,
     "RFI - Rete Ferroviaria Italiana", "Un casello disabitato lungo la ferrovia."),
]  # fmt: skip

SIGNUPS = [
    ("Ex stazione di Grizzana", "Anna Lolli", "anna.lolli@posta.example", "So dipingere."),
    ("Giardino di via Roma", "Piero Nanni", "333 5550101", "Porto il decespugliatore."),
]

# title, kind, category, offered by (index of the account)
BOARD = [
    ("Porto la spesa a chi non può uscire", OfferKind.OFFER, "Spesa e commissioni", 0),
    ("Ripetizioni di matematica per le medie", OfferKind.OFFER, "Lezioni e ripetizioni", 1),
    ("Aggiusto biciclette e piccoli elettrodomestici", OfferKind.OFFER, "Piccole riparazioni", 2),
    ("Accompagno in auto alle visite a Bologna", OfferKind.OFFER, "Trasporti e accompagnamenti", 3),
    ("Cerco compagnia per una passeggiata il pomeriggio", OfferKind.REQUEST, "Compagnia", 6),
    ("Cerco chi mi poti la siepe", OfferKind.REQUEST, "Cura del verde", 7),
]


def community_cooperatives() -> list[Organization]:
    """The demo's community cooperative (the first: the consortium scale adds others)."""
    first = Organization.objects.filter(kind=OrganizationKind.COMMUNITY_COOP).order_by("pk")[:1]
    return list(first.select_related("seat_comune__province"))


def _owner(name: str, comune: Comune) -> dict[str, Any]:
    municipality = Organization.objects.filter(
        kind=OrganizationKind.PUBLIC_BODY, seat_comune=comune
    ).first()
    if municipality is not None:
        return {"owner_body": municipality, "owner_name": ""}
    return {"owner_body": None, "owner_name": name or f"Comune di {comune.name}"}


def seed_commons(coop: Cooperative) -> list[Asset]:
    """The register's assets, each with the change of state that brought it where it is."""
    assets = []
    for name, kind, (then, now), place, point, owner, text in COMMONS:
        comune = Comune.objects.filter(name=place, province__abbreviation="BO").first()
        if comune is None:
            continue
        latitude, longitude = (Decimal(v) for v in point) if point else (None, None)
        data = {
            "name": name,
            "kind": kind,
            "state": then,
            "comune": comune,
            "address": "",
            "latitude": latitude,
            "longitude": longitude,
            "description": text,
            **_owner(owner, comune),
        }
        asset = services.asset_create(actor=None, organization=coop.organization, data=data)
        if now != then:
            fields = {field: getattr(asset, field) for field in ASSET_FIELDS}
            services.asset_update(actor=None, asset=asset, data={**fields, "state": now})
        assets.append(asset)
        coop.report.commons += 1
    by_name = {a.name: a for a in assets}
    for asset_name, person, contact, offer in SIGNUPS:
        if asset_name in by_name:
            services.signup_create(
                asset=by_name[asset_name], name=person, contact=contact, offer=offer, consent=True
            )
    return assets


def _accounts(coop: Cooperative) -> list[Account]:
    """Five members and three registered residents, each with the welcome hours."""
    accounts = []
    for n in range(8):
        given, surname = coop.name()
        person = coop.person(given, surname, born=coop.birth_date(20, 80))
        kind = AccountKind.MEMBER if n < 5 else AccountKind.RESIDENT
        accounts.append(
            services.account_open(
                actor=None, organization=coop.organization, person=person, kind=kind
            )
        )
    return accounts


def seed_timebank(coop: Cooperative) -> None:
    """The bank's rules, accounts, the board and a few weeks of exchanges."""
    organization = coop.organization
    services.timebank_save(
        actor=None,
        organization=organization,
        data={
            "min_balance": -600,
            "max_balance": 1200,
            "over_limit": OverLimit.APPROVE,
            "welcome_minutes": 120,
        },
    )
    accounts = _accounts(coop)
    categories = {c.name: c for c in Category.objects.for_org(organization)}
    offers = [
        services.offer_create(
            actor=None,
            account=accounts[author],
            data={"kind": kind, "category": categories[category], "title": title},
        )
        for title, kind, category, author in BOARD
    ]

    def exchange(offer: int, counterpart: int, minutes: int, days: int) -> None:
        services.exchange_from_offer(
            actor=None,
            offer=offers[offer],
            counterpart=accounts[counterpart],
            minutes=minutes,
            performed_on=coop.days_ago(days),
        )
        coop.report.exchanges += 1

    exchange(0, 5, 60, 20)  # the shopping for a resident
    exchange(3, 6, 150, 12)  # a lift to the hospital
    exchange(4, 2, 90, 5)  # an afternoon's walk
    # a lesson to a group: three pupils' families pay, the teacher receives the sum
    lesson = services.transfer_create(
        actor=None,
        organization=organization,
        debits=[(accounts[i], 60) for i in (4, 5, 6)],
        credits=[(accounts[1], 180)],
        category=categories["Lezioni e ripetizioni"],
        performed_on=coop.days_ago(9),
        note="Ripasso di matematica in biblioteca",
    )
    # a group activity for one person: three helpers cut the hedge, the resident pays
    services.transfer_create(
        actor=None,
        organization=organization,
        debits=[(accounts[7], 240)],
        credits=[(accounts[i], 80) for i in (0, 2, 3)],
        category=categories["Cura del verde"],
        performed_on=coop.days_ago(3),
        note="Potatura della siepe di via Roma",
    )
    # recorded twice by mistake: the second is reversed, never deleted
    twin = services.transfer_create(
        actor=None,
        organization=organization,
        debits=[(accounts[4], 60), (accounts[5], 60), (accounts[6], 60)],
        credits=[(accounts[1], 180)],
        category=lesson.category,
        performed_on=coop.days_ago(9),
        note="Ripasso di matematica (registrato due volte)",
    )
    services.transfer_reverse(actor=None, transfer=twin, note="Registrato due volte")
    coop.report.exchanges += 4


def seed_community(coop: Cooperative) -> None:
    seed_commons(coop)
    seed_timebank(coop)
