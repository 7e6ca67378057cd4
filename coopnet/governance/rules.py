"""The arithmetic of a meeting: votes per member, the caps of financing members and soci
sovventori, quorums and majorities. Pure functions over numbers (exact fractions), so they
can be tested in tables.

The legal numbers come in through ``Numbers``, read from the parameter table on the day of
the meeting; a parameter stored as 0.3333 or 0.6667 is read as the third it stands for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from coopnet.core.parameters import parameter_value
from coopnet.members.models import MemberCategory

from .models import Call, Counting, Majority, MeetingKind, StatuteGovernance

HALF = Fraction(1, 2)  # "more than half" is what "absolute majority" means, not a number of law
ZERO = Fraction(0)


def as_fraction(value: Decimal | int | str) -> Fraction:
    """A parameter or statute value as an exact fraction: 0.3333 reads as 1/3."""
    return Fraction(Decimal(value)).limit_denominator(100)


def as_decimal(value: Fraction, places: int = 4) -> Decimal:
    """A fraction rounded for storage and display (decisions use the exact fraction)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places))


@dataclass(frozen=True)
class Numbers:
    """The legal numbers of R-CC-2526, 2538 and 2539 in force on one day."""

    financing_max_share: Fraction  # cc.financing_votes_max_share (1/3 of the votes present)
    sovventore_max_share: Fraction  # l59.sovventori_votes_max_share (1/3 of all members' votes)
    two_thirds: Fraction  # cc.majority_extraordinary_second
    half_of_all: Fraction  # cc.majority_extraordinary_first_all_votes
    legal_person_max_votes: int
    sovventore_max_votes: int
    proxy_max_per_delegate: int
    voting_min_days: int

    @classmethod
    def on(cls, day: dt.date) -> Numbers:
        return cls(
            financing_max_share=as_fraction(parameter_value("cc.financing_votes_max_share", day)),
            sovventore_max_share=as_fraction(
                parameter_value("l59.sovventori_votes_max_share", day)
            ),
            two_thirds=as_fraction(parameter_value("cc.majority_extraordinary_second", day)),
            half_of_all=as_fraction(
                parameter_value("cc.majority_extraordinary_first_all_votes", day)
            ),
            legal_person_max_votes=int(parameter_value("cc.legal_person_max_votes", day)),
            sovventore_max_votes=int(parameter_value("cc.sovventore_max_votes", day)),
            proxy_max_per_delegate=int(parameter_value("cc.proxy_max_per_delegate", day)),
            voting_min_days=int(parameter_value("cc.voting_min_days", day)),
        )


# --- votes of one member -------------------------------------------------------------------


def vote_weight(*, category: str, is_legal_person: bool, statute: StatuteGovernance) -> int:
    """How many votes a member holds (R-CC-2538, R-CC-2526): one, or the statute's plural
    votes for soci sovventori and legal persons; counting per head gives everyone one."""
    if statute.counting == Counting.PER_HEAD:
        return 1
    if category == MemberCategory.SOVVENTORE:
        return statute.sovventore_votes
    if is_legal_person or category == MemberCategory.PERSONA_GIURIDICA:
        return statute.legal_person_votes
    return 1


def is_capped(category: str) -> bool:
    """Financing members (art. 2526) hold at most a third of the votes present together."""
    return category == MemberCategory.FINANZIATORE


def is_sovventore(category: str) -> bool:
    """Soci sovventori hold at most a third of all members' votes (L. 59/1992 art. 4 c.3)."""
    return category == MemberCategory.SOVVENTORE


# --- the financing members' cap ------------------------------------------------------------


def capped_financing(other: Fraction, financing: Fraction, max_share: Fraction) -> Fraction:
    """R-CC-2526 c.2: the financing members' votes count at most ``max_share`` of all votes
    present, their own included: F' <= s (O + F'), i.e. F' <= O s / (1 - s)."""
    if financing <= 0:
        return ZERO
    return min(financing, other * max_share / (1 - max_share))


def financing_coefficient(other: Fraction, financing: Fraction, max_share: Fraction) -> Fraction:
    """The factor that scales each financing member's vote so their total respects the cap."""
    if financing <= 0:
        return Fraction(1)
    return capped_financing(other, financing, max_share) / financing


def capped_sovventori(
    others_of_all: Fraction, sovventori: Fraction, max_share: Fraction
) -> Fraction:
    """L. 59/1992 art. 4 c.3: the soci sovventori's votes never exceed ``max_share`` of the
    votes of all members, theirs included: S' <= s (N + S'), i.e. S' <= N s / (1 - s), where
    N is every other member's votes on the roll (present or not)."""
    if sovventori <= 0:
        return ZERO
    return min(sovventori, others_of_all * max_share / (1 - max_share))


@dataclass(frozen=True)
class Caps:
    """The factors that scale each financing member's and each sovventore's vote."""

    financing: Fraction = Fraction(1)
    sovventori: Fraction = Fraction(1)


@dataclass(frozen=True)
class Votes:
    """Votes split into the ordinary ones, the financing members' and the soci sovventori's
    (before their caps)."""

    other: Fraction = ZERO
    financing: Fraction = ZERO
    sovventori: Fraction = ZERO

    def __add__(self, more: Votes) -> Votes:
        return Votes(
            self.other + more.other,
            self.financing + more.financing,
            self.sovventori + more.sovventori,
        )

    def effective(self, caps: Caps) -> Fraction:
        return self.other + self.financing * caps.financing + self.sovventori * caps.sovventori

    @classmethod
    def of(cls, weight: int, capped: bool, sovventore: bool = False) -> Votes:
        if capped:
            return cls(financing=Fraction(weight))
        if sovventore:
            return cls(sovventori=Fraction(weight))
        return cls(other=Fraction(weight))


def sum_votes(rows: Iterable[tuple[int, bool, bool]]) -> Votes:
    """Add up (weight, financing member, socio sovventore) rows."""
    total = Votes()
    for weight, capped, sovventore in rows:
        total += Votes.of(weight, capped, sovventore)
    return total


def caps(counted: Votes, everyone: Votes, numbers: Numbers) -> Caps:
    """The two caps on the votes ``counted`` (present, represented or cast): the sovventori's
    on all members' votes (``everyone``, the roll), then the financing members' on the votes
    present, the sovventori's as capped."""
    ceiling = capped_sovventori(
        everyone.other + everyone.financing, everyone.sovventori, numbers.sovventore_max_share
    )
    sovventori = min(counted.sovventori, ceiling)
    return Caps(
        financing=financing_coefficient(
            counted.other + sovventori, counted.financing, numbers.financing_max_share
        ),
        sovventori=sovventori / counted.sovventori if counted.sovventori else Fraction(1),
    )


# --- quorum and majority -------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """The quorum and the majority that apply to one meeting held on one call."""

    quorum: Fraction
    quorum_strict: bool
    majority: str
    uncertain: bool  # defaults of artt. 2368/2369 not yet confirmed on the statute [U]

    def required(self, total: Fraction) -> Fraction:
        return self.quorum * total

    def quorum_reached(self, present: Fraction, total: Fraction) -> bool:
        """Even "any attendance" (quorum 0) needs somebody there."""
        if present <= 0:
            return False
        needed = self.quorum * total
        return present > needed if self.quorum_strict else present >= needed


def rule_for(statute: StatuteGovernance, kind: str, call: str) -> Rule:
    """The statute's quorum and majority for a meeting kind on a call (R-CC-2368/2369)."""
    prefix = {
        (MeetingKind.ORDINARY, Call.FIRST): "ordinary_first",
        (MeetingKind.ORDINARY, Call.SECOND): "ordinary_second",
        (MeetingKind.EXTRAORDINARY, Call.FIRST): "extraordinary_first",
        (MeetingKind.EXTRAORDINARY, Call.SECOND): "extraordinary_second",
    }.get((MeetingKind(kind), Call(call or Call.FIRST)), "board")
    return Rule(
        quorum=as_fraction(getattr(statute, f"{prefix}_quorum")),
        quorum_strict=getattr(statute, f"{prefix}_quorum_strict"),
        majority=getattr(statute, f"{prefix}_majority"),
        uncertain=kind != MeetingKind.BOARD and not statute.rules_confirmed,
    )


def majority_reached(
    majority: str,
    *,
    favour: Fraction,
    against: Fraction,
    present: Fraction,
    total: Fraction,
    numbers: Numbers,
) -> bool:
    """Whether ``favour`` carries the motion under ``majority`` (abstentions count as present)."""
    if majority == Majority.SIMPLE:
        return favour > against
    if majority == Majority.ABSOLUTE:
        return favour > present * HALF
    if majority == Majority.TWO_THIRDS:
        return favour >= present * numbers.two_thirds
    if majority == Majority.ABSOLUTE_OF_ALL:
        return favour > total * numbers.half_of_all
    raise ValueError(f"Unknown majority {majority!r}")


def elected(tallies: Mapping[str, Fraction], candidates: Iterable[str], seats: int) -> list[str]:
    """The candidates with the most votes (at least one), as many as the seats; a tie for the
    last seat elects nobody to it (the assembly votes again)."""
    ranked = sorted(
        ((tallies.get(code, ZERO), code) for code in candidates),
        key=lambda pair: pair[0],
        reverse=True,
    )
    ranked = [(votes, code) for votes, code in ranked if votes > 0]
    chosen = ranked[:seats]
    if len(ranked) > seats and chosen and ranked[seats][0] == chosen[-1][0]:
        tied = chosen[-1][0]
        chosen = [(votes, code) for votes, code in chosen if votes > tied]
    return [code for _votes, code in chosen]
