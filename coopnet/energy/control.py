"""R-CER-1 control rights (D.Lgs. 199/2021 art. 31 c. 1 lett. b), pure: no database.

Control of a community may be held only by the member kinds the parameter table admits
(``law.control_kinds``) *located in the municipalities where the plants are*. Who holds them
is decided member by member, with the reason in the office's words when not; the community's
check says when nobody holds them, and who does not and why.

The municipalities are those of every plant of the community (``Plant.comune``): a plant
without a comune is never guessed, the check says "comune dell'impianto non indicato" for
the members it cannot decide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class Reason(StrEnum):
    """Why a member does not hold control rights."""

    KIND = "tipo"  # their kind is not admitted
    LOCATION_UNKNOWN = "comune_membro"  # their comune is not in the register
    PLANT_LOCATION_UNKNOWN = "comune_impianto"  # not in a known plant's comune, some unknown
    NO_PLANTS = "nessun_impianto"  # the community has no plant: no municipality to be in
    NOT_LOCATED = "fuori_comuni"  # their comune is none of the plants'


@dataclass(frozen=True)
class Place:
    """A comune: ISTAT code and the name shown."""

    code: str
    name: str


@dataclass(frozen=True)
class MemberFacts:
    """What the rule reads of a member: kind (``MemberKind`` value, ``kind_label`` shown) and
    comune (None: not in the register)."""

    key: object
    name: str
    kind: str
    kind_label: str
    comune: Place | None


@dataclass(frozen=True)
class PlantFacts:
    pod: str
    comune: Place | None


@dataclass(frozen=True)
class Control:
    """A member's control rights: ``holds``, else ``reason`` and its ``message``."""

    holds: bool
    reason: Reason | None = None
    message: str = ""


@dataclass(frozen=True)
class CommunityControl:
    """The community's R-CER-1 check: who holds control rights, who does not and why, and
    the warnings to show (empty when all is well)."""

    holders: tuple[str, ...]
    without: tuple[tuple[str, str], ...]  # (name, message)
    warnings: tuple[str, ...]


def _names(places: Iterable[Place]) -> str:
    return ", ".join(sorted({p.name for p in places}))


def member_control(
    member: MemberFacts, plants: Sequence[PlantFacts], admitted: frozenset[str]
) -> Control:
    """Whether ``member`` holds control rights, given the community's ``plants`` and the
    member kinds ``admitted`` on the day (R-CER-1); the first reason that applies."""
    if member.kind not in admitted:
        return Control(
            False,
            Reason.KIND,
            _("il tipo di membro «%(kind)s» non è ammesso al controllo (R-CER-1)")
            % {"kind": member.kind_label},
        )
    if member.comune is None:
        return Control(False, Reason.LOCATION_UNKNOWN, _("comune del membro non indicato"))
    if not plants:
        return Control(
            False,
            Reason.NO_PLANTS,
            _("la comunità non ha impianti: non si sa in quali comuni deve trovarsi"),
        )
    located = {p.comune.code for p in plants if p.comune is not None}
    if member.comune.code in located:
        return Control(True)
    unknown = sorted(p.pod for p in plants if p.comune is None)
    if unknown:
        return Control(
            False,
            Reason.PLANT_LOCATION_UNKNOWN,
            _("comune dell'impianto non indicato (%(pods)s): non si può verificare")
            % {"pods": ", ".join(unknown)},
        )
    return Control(
        False,
        Reason.NOT_LOCATED,
        _("%(comune)s non è un comune degli impianti (%(comuni)s)")
        % {
            "comune": member.comune.name,
            "comuni": _names(p.comune for p in plants if p.comune is not None),
        },
    )


def community_control(
    members: Sequence[MemberFacts], plants: Sequence[PlantFacts], admitted: frozenset[str]
) -> CommunityControl:
    """Every member's control rights and the community's warnings: nobody holds control
    rights; a plant's comune is missing; how many members hold none, by name and reason."""
    holders: list[str] = []
    without: list[tuple[str, str]] = []
    for member in members:
        control = member_control(member, plants, admitted)
        if control.holds:
            holders.append(member.name)
        else:
            without.append((member.name, control.message))
    warnings: list[str] = []
    if members and not holders:
        warnings.append(
            _(
                "Nessun membro ha i diritti di controllo della comunità (R-CER-1): il controllo "
                "spetta a persone fisiche, PMI, enti territoriali, religiosi e del terzo "
                "settore dei comuni degli impianti."
            )
        )
    unknown = sorted(p.pod for p in plants if p.comune is None)
    if unknown:
        warnings.append(
            _("Comune dell'impianto non indicato: %(pods)s. Indicalo nel file degli impianti.")
            % {"pods": ", ".join(unknown)}
        )
    if without:
        warnings.append(
            ngettext(
                "%(n)s membro su %(total)s non ha i diritti di controllo e non va contato "
                "tra chi controlla la comunità: %(names)s.",
                "%(n)s membri su %(total)s non hanno i diritti di controllo e non vanno contati "
                "tra chi controlla la comunità: %(names)s.",
                len(without),
            )
            % {
                "n": len(without),
                "total": len(members),
                "names": "; ".join(f"{name} ({why})" for name, why in without),
            }
        )
    return CommunityControl(tuple(holders), tuple(without), tuple(warnings))
