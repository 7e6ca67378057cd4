"""What one configuration's settlement would have been with a prospective member's point or
plant: the same settlement core over the same inputs, with and without the newcomer's series."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from ..settlement import Inputs, Parameters, Plant, Point, settle
from ..settlement.model import Result

NEWCOMER = "SIMULAZIONE"  # the newcomer's POD and tax code in the simulated inputs


@dataclass(frozen=True)
class Figures:
    """A configuration's settled figures."""

    injected_wh: int
    withdrawn_wh: int
    shared_wh: int
    premium_eur: Decimal
    valorisation_eur: Decimal
    social_excess_eur: Decimal
    final: bool

    @property
    def shared_ratio(self) -> Decimal | None:
        return Decimal(self.shared_wh) / self.injected_wh if self.injected_wh else None


@dataclass(frozen=True)
class Comparison:
    before: Figures
    after: Figures
    newcomer_shared_wh: int  # the energy shared with the newcomer's point or plant
    newcomer_eur: Decimal  # a consumer's premium and valorisation, a plant's premium (TIP)
    newcomer_wh: int  # the newcomer's withdrawal or injection over the period


def _figures(result: Result) -> Figures:
    (config,) = result.configurations
    return Figures(
        injected_wh=config.injected_wh,
        withdrawn_wh=config.withdrawn_wh,
        shared_wh=config.shared_wh,
        premium_eur=result.premium_eur,
        valorisation_eur=result.valorisation_eur,
        social_excess_eur=result.social_excess_eur,
        final=result.final,
    )


def alone(inputs: Inputs, code: str) -> Inputs:
    """The inputs of configuration ``code`` only (its PODs' series, the prices)."""
    (config,) = [c for c in inputs.configurations if c.code == code]
    pods = {p.pod for p in config.points} | {p.pod for p in config.plants}
    return replace(
        inputs,
        configurations=(config,),
        withdrawal={k: v for k, v in inputs.withdrawal.items() if k in pods},
        injection={k: v for k, v in inputs.injection.items() if k in pods},
    )


def compare(
    inputs: Inputs, params: Parameters, newcomer: Point | Plant, wh: Sequence[int]
) -> Comparison:
    """Settle ``inputs`` (one configuration) as they are and with ``newcomer`` withdrawing or
    injecting ``wh`` (one value per hour of ``inputs.hours``)."""
    (config,) = inputs.configurations
    if isinstance(newcomer, Point):
        config = replace(config, points=(*config.points, newcomer))
        joined = replace(inputs, withdrawal={**inputs.withdrawal, newcomer.pod: wh})
    else:
        config = replace(config, plants=(*config.plants, newcomer))
        joined = replace(inputs, injection={**inputs.injection, newcomer.pod: wh})
    before = settle(inputs, params)
    after = settle(replace(joined, configurations=(config,)), params)
    if isinstance(newcomer, Point):
        member = next(m for m in after.members if m.tax_code == newcomer.member)
        shared, eur = member.shared_wh, member.eur
    else:
        plant = next(p for p in after.plants if p.pod == newcomer.pod)
        shared, eur = plant.shared_wh, plant.tip_eur
    return Comparison(
        before=_figures(before),
        after=_figures(after),
        newcomer_shared_wh=shared,
        newcomer_eur=eur,
        newcomer_wh=sum(wh),
    )
