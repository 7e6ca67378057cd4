"""The hourly settlement of a CER (DOMAIN.md §5, R-CER-3 to R-CER-7), in integer Wh.

Each hour of each configuration: shared = min(injected by incentivised plants, withdrawn by
member points) (R-CER-3); plants take it by commissioning order, earliest first; consumers
pro rata to their withdrawal (largest remainder, so the Wh add up). The energy of exempt
points goes first to plants with a capital grant, and F is not applied to it (R-CER-5). The
premium of each hour is TIP_h = [min(CAP; BASE + max(0; 180 - Pz_h)) + FC] x (1 - F) €/MWh
(R-CER-4). Euros stay exact (Decimal with enough digits) and are rounded to the cent once, at
the end of each amount.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, localcontext

from .allocation import CENT, cents_matching, fill_in_order, largest_remainder
from .digest import input_hash
from .model import (
    Configuration,
    ConfigurationResult,
    Gap,
    Hour,
    Inputs,
    MemberResult,
    Parameters,
    Plant,
    PlantResult,
    Point,
    Result,
)

MWH = Decimal(1_000_000)  # Wh
EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)
PRECISION = 60  # significant digits of exact amounts: Wh x €/MWh never loses one


def money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def f_factor(plant: Plant, params: Parameters) -> Decimal:
    """F = 0.50 x grant% / 40 (R-CER-5); a grant above 40% gets no premium at all."""
    return params.f_max * plant.grant_pct / params.grant_max_pct


def tier_of(plant: Plant, params: Parameters) -> tuple[Decimal, Decimal]:
    """(BASE, CAP) of the plant's power tier (R-CER-4)."""
    for tier in params.tiers:
        if tier.max_kw is None or plant.power_kw <= tier.max_kw:
            return tier.base, tier.cap
    raise ValueError(f"no premium tier for {plant.power_kw} kW")


def premium_end(plant: Plant, years: int) -> dt.datetime:
    """The instant the premium ends, ``years`` after commissioning (29 February: 1 March)."""
    start = plant.commissioned_at
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, month=3, day=1)


def incentivised(plant: Plant, params: Parameters) -> bool:
    """Pre-existing plants and grants above 40% never get the premium (R-CER-2, R-CER-5)."""
    return not plant.pre_existing and plant.grant_pct <= params.grant_max_pct


def hourly_rate(
    plant: Plant, price: Decimal, fc: Decimal, params: Parameters
) -> tuple[Decimal, Decimal]:
    """(rate before F, €/MWh; the same after F) of one hour."""
    base, cap = tier_of(plant, params)
    rate = min(cap, base + max(Decimal(0), params.reference_price - price))
    if plant.photovoltaic:
        rate += fc
    return rate, rate * (1 - f_factor(plant, params))


class _Settlement:
    def __init__(self, inputs: Inputs, params: Parameters) -> None:
        self.inputs = inputs
        self.params = params
        self.plants: dict[str, PlantResult] = {}
        self.members: dict[str, MemberResult] = {}
        self.missing: dict[tuple[str, str], list[Hour]] = {}

    def run(self) -> Result:
        configurations = [self._configuration(c) for c in self.inputs.configurations]
        premium = money(sum((c.premium_exact for c in configurations), Decimal(0)))
        shared = sum(c.shared_wh for c in configurations)
        valorisation = money(Decimal(shared) * self.params.valorisation_eur_mwh / MWH)
        plants = sorted(self.plants.values(), key=lambda p: (p.configuration, p.pod))
        for plant in plants:
            plant.tip_eur = money(plant.tip_exact)
        members = sorted(self.members.values(), key=lambda m: m.tax_code)
        for member, cents in zip(
            members, cents_matching([m.premium_exact for m in members], premium), strict=True
        ):
            member.premium_eur = cents
        for member, cents in zip(
            members,
            cents_matching([m.valorisation_exact for m in members], valorisation),
            strict=True,
        ):
            member.valorisation_eur = cents
        return Result(
            input_hash=input_hash(self.inputs, self.params),
            configurations=configurations,
            plants=plants,
            members=members,
            valorisation_eur=valorisation,
            premium_eur=premium,
            social_excess_eur=sum((c.social_excess_eur for c in configurations), Decimal(0)),
            gaps=self._gaps(),
        )

    # -- one configuration ----------------------------------------------------------------

    def _configuration(self, config: Configuration) -> ConfigurationResult:
        result = ConfigurationResult(code=config.code)
        plants = sorted(config.plants, key=lambda p: (p.commissioned_at, p.pod))
        paid = [p for p in plants if incentivised(p, self.params)]
        for plant in plants:
            self.plants[plant.pod] = PlantResult(
                pod=plant.pod,
                configuration=config.code,
                incentivised=plant in paid,
                f_factor=f_factor(plant, self.params) if plant in paid else Decimal(0),
            )
        points = sorted(config.points, key=lambda p: (p.pod, p.active_from or EARLIEST))
        for point in points:
            member = self.members.setdefault(
                point.member, MemberResult(tax_code=point.member, business=point.business)
            )
            member.business = member.business or point.business
        for hour in self.inputs.hours:
            self._hour(config, result, paid, [p for p in points if p.active(hour)], hour)
        self._social_excess(result, paid)
        return result

    def _hour(
        self,
        config: Configuration,
        result: ConfigurationResult,
        plants: list[Plant],
        points: list[Point],
        hour: Hour,
    ) -> None:
        years = self.params.premium_years
        plants = [p for p in plants if p.commissioned_at <= hour < premium_end(p, years)]
        injected = [self._reading("immissione", p.pod, hour) for p in plants]
        withdrawn = [self._reading("prelievo", p.pod, hour) for p in points]
        price = self.inputs.prices.get((config.zone, hour))
        if price is None and plants:
            self.missing.setdefault(("prezzo", config.zone), []).append(hour)
        shared = min(sum(injected), sum(withdrawn))
        result.injected_wh += sum(injected)
        result.withdrawn_wh += sum(withdrawn)
        result.shared_wh += shared
        to_points = largest_remainder(shared, withdrawn)
        to_plants = fill_in_order(shared, injected)
        exempt = sum(wh for wh, p in zip(to_points, points, strict=True) if p.exempt)
        # exempt energy goes first to granted plants (in commissioning order), then the rest
        order = sorted(range(len(plants)), key=lambda i: plants[i].grant_pct == 0)
        exempt_parts = dict(
            zip(order, fill_in_order(exempt, [to_plants[i] for i in order]), strict=True)
        )
        premium_exempt = premium_other = Decimal(0)
        with localcontext() as context:
            context.prec = PRECISION
            for i, plant in enumerate(plants):
                row = self.plants[plant.pod]
                row.injected_wh += injected[i]
                row.shared_wh += to_plants[i]
                row.shared_exempt_wh += exempt_parts[i]
                if price is None:
                    continue
                rate, reduced = hourly_rate(plant, price, config.fc_eur_mwh, self.params)
                on_exempt = rate * exempt_parts[i] / MWH
                on_other = reduced * (to_plants[i] - exempt_parts[i]) / MWH
                row.tip_exact += on_exempt + on_other
                premium_exempt += on_exempt
                premium_other += on_other
            result.premium_exact += premium_exempt + premium_other
            self._to_members(points, to_points, premium_exempt, premium_other)

    def _to_members(
        self,
        points: list[Point],
        shares: list[int],
        premium_exempt: Decimal,
        premium_other: Decimal,
    ) -> None:
        """Each consumer's part of the hour: the premium of their class (exempt or not) pro
        rata to their shared Wh, and the valorisation of their shared Wh."""
        exempt_wh = sum(wh for wh, p in zip(shares, points, strict=True) if p.exempt)
        other_wh = sum(shares) - exempt_wh
        unit = self.params.valorisation_eur_mwh / MWH
        for point, wh in zip(points, shares, strict=True):
            if not wh:
                continue
            member = self.members[point.member]
            member.shared_wh += wh
            member.valorisation_exact += unit * wh
            pool, whole = (premium_exempt, exempt_wh) if point.exempt else (premium_other, other_wh)
            member.premium_exact += pool * wh / whole

    def _social_excess(self, result: ConfigurationResult, plants: list[Plant]) -> None:
        """R-CER-6: pct_exc = max(0; shared/injected x 100 - threshold) and the excess premium
        pct_exc% x premium; the threshold is 45% when any incentivised plant has a grant."""
        granted = any(p.grant_pct > 0 for p in plants)
        params = self.params
        result.threshold_pct = (
            params.social_threshold_grant_pct if granted else params.social_threshold_pct
        )
        if not result.injected_wh:
            return
        with localcontext() as context:
            context.prec = PRECISION
            ratio = Decimal(result.shared_wh) * 100 / result.injected_wh
            result.excess_pct = max(Decimal(0), ratio - result.threshold_pct)
            result.social_excess_eur = money(result.excess_pct / 100 * result.premium_exact)

    # -- data -------------------------------------------------------------------------------

    def _reading(self, direction: str, pod: str, hour: Hour) -> int:
        source = self.inputs.injection if direction == "immissione" else self.inputs.withdrawal
        value = source.get((pod, hour))
        if value is None:
            self.missing.setdefault((direction, pod), []).append(hour)
            return 0
        return value

    def _gaps(self) -> list[Gap]:
        return [
            gap
            for (kind, key), hours in sorted(self.missing.items())
            for gap in _runs(kind, key, hours)
        ]


def _runs(kind: str, key: str, hours: Iterable[Hour]) -> list[Gap]:
    """Missing hours as runs of consecutive hours."""
    gaps: list[Gap] = []
    step = dt.timedelta(hours=1)
    for hour in sorted(set(hours)):
        last = gaps[-1] if gaps else None
        if last is not None and last.last + step == hour:
            gaps[-1] = Gap(kind, key, last.first, hour, last.hours + 1)
        else:
            gaps.append(Gap(kind, key, hour, hour, 1))
    return gaps


def settle(inputs: Inputs, params: Parameters) -> Result:
    """Settle ``inputs`` hour by hour; the same inputs always give the same result."""
    return _Settlement(inputs, params).run()
