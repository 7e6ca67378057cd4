"""API schemas of the governance app (register of meetings): separate input and output shapes.

A meeting shows its call and its agenda. A ballot shows only whether it is open or closed
until it closes; then the stored result (``BallotResult``, written once) with the totals per
choice the meeting page publishes. Never who voted, nor how anyone voted.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from coopnet.core.dates import FIRST_YEAR, LAST_YEAR

from . import selectors
from .models import (
    AgendaItem,
    Ballot,
    BallotResult,
    Call,
    Counting,
    ItemKind,
    Majority,
    Meeting,
    MeetingKind,
    MeetingStatus,
)


class MeetingFilter(Schema):
    kind: MeetingKind | None = Field(
        None, description="ordinaria | straordinaria | consiglio; di norma tutte."
    )
    year: int | None = Field(
        None,
        ge=FIRST_YEAR,
        le=LAST_YEAR,
        description="Solo le riunioni convocate (prima) in quest'anno.",
    )


class MeetingOut(Schema):
    """One line of the register of meetings."""

    id: int
    number: int = Field(description="Numero progressivo della riunione nell'organizzazione.")
    kind: MeetingKind = Field(description="ordinaria | straordinaria (assemblee) | consiglio")
    title: str = Field(description="Vuoto se assente.")
    status: MeetingStatus = Field(description="bozza | convocata | in_corso | chiusa")
    first_call_at: dt.datetime = Field(description="Prima convocazione.")
    second_call_at: dt.datetime | None = Field(description="Seconda convocazione; null se assente.")
    place: str = Field(description="Luogo; vuoto se la riunione è solo online.")
    convened_on: dt.date | None = Field(
        description="Data dell'avviso; null finché non è convocata."
    )

    @staticmethod
    def resolve_convened_on(obj: Meeting) -> dt.date | None:
        return obj.notice_given_on


class ChoiceResultOut(Schema):
    """The votes of one choice, with the statute's weights and caps (a decimal string)."""

    code: str
    label: str
    votes: Decimal


class BallotResultOut(Schema):
    """The stored result of a closed ballot, as the meeting publishes it."""

    approved: bool
    quorum_reached: bool
    choices: list[ChoiceResultOut] = Field(description="Voti per scelta, nell'ordine della scheda.")
    elected: list[str] = Field(description="Codici delle scelte elette (solo nelle elezioni).")
    voters: int = Field(description="Quanti soci hanno votato.")
    present_heads: int = Field(description="Soci presenti o rappresentati.")
    present_votes: Decimal
    total_votes: Decimal = Field(description="Voti di tutti i soci con diritto di voto.")
    quorum: Decimal = Field(description="Frazione dei voti di tutti i soci richiesta.")
    quorum_strict: bool = Field(description="Serve più del quorum, non «almeno».")
    majority: Majority
    counting: Counting = Field(description="voti | teste")
    call: Call = Field(description="prima | seconda")
    financing_coefficient: Decimal = Field(description="Quanto conta un voto dei finanziatori.")
    sovventori_coefficient: Decimal = Field(
        description="Quanto conta un voto dei soci sovventori (L. 59/1992 art. 4 c.3)."
    )
    uncertain_rule: bool = Field(description="Quorum e maggioranza non verificati sullo statuto.")
    closed_at: dt.datetime
    automatic: bool = Field(description="Chiusa alla scadenza della finestra di voto.")

    @staticmethod
    def resolve_choices(obj: BallotResult) -> list[dict[str, Any]]:
        return [
            {"code": code, "label": label, "votes": obj.tallies.get(code, "0")}
            for code, label in obj.ballot.choices
        ]


class BallotOut(Schema):
    """A vote on one point: while it is open, nothing but that it is open."""

    state: Literal["open", "closed"] = Field(description="open | closed")
    secret: bool
    remote: bool = Field(description="Voto a distanza in una finestra.")
    opens_at: dt.datetime
    closes_at: dt.datetime | None = Field(
        description="Fine della finestra di voto; null se in sala."
    )
    result: BallotResultOut | None = Field(description="Null finché la votazione è aperta.")

    @staticmethod
    def resolve_state(obj: Ballot) -> str:
        return selectors.ballot_state(obj)

    @staticmethod
    def resolve_result(obj: Ballot) -> BallotResult | None:
        if selectors.ballot_state(obj) != "closed":
            return None
        return getattr(obj, "result", None)


class AgendaItemOut(Schema):
    """One point of the agenda (ordine del giorno)."""

    id: int
    position: int
    title: str
    kind: ItemKind = Field(
        description="bilancio | bilancio_sociale | elezione | statuto | ricorso | ammissione "
        "| altro"
    )
    ballot: BallotOut | None = Field(description="Null se sul punto non si è votato.")

    @staticmethod
    def resolve_ballot(obj: AgendaItem) -> Ballot | None:
        return getattr(obj, "ballot", None)


class MeetingDetailOut(MeetingOut):
    """A meeting with its agenda, in order."""

    items: list[AgendaItemOut]

    @staticmethod
    def resolve_items(obj: Meeting) -> list[AgendaItem]:
        return selectors.agenda(obj)
