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
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext

import numpy as np
from numpy.typing import NDArray

from .allocation import CENT, cents_matching, fill_columns, split_columns
from .digest import input_hash
from .model import (
    MISSING,
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
        self.n = len(inputs.hours)
        self.plants: dict[str, PlantResult] = {}
        self.members: dict[str, MemberResult] = {}
        self.missing: dict[tuple[str, str], list[int]] = {}

    def run(self) -> Result:
        with localcontext() as context:
            context.prec = PRECISION
            configurations = [self._configuration(c) for c in self.inputs.configurations]
            premium = money(sum((c.premium_exact for c in configurations), Decimal(0)))
            shared = sum(c.shared_wh for c in configurations)
            unit = self.params.valorisation_eur_mwh / MWH
            valorisation = money(shared * unit)
            for member in self.members.values():
                member.valorisation_exact = member.shared_wh * unit
        plants = sorted(self.plants.values(), key=lambda p: (p.configuration, p.pod))
        for plant in plants:
            plant.tip_eur = money(plant.tip_exact)
        members = sorted(self.members.values(), key=lambda m: m.tax_code)
        premiums = cents_matching([m.premium_exact for m in members], premium)
        values = cents_matching([m.valorisation_exact for m in members], valorisation)
        for member, cents, value in zip(members, premiums, values, strict=True):
            member.premium_eur, member.valorisation_eur = cents, value
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

    # -- one configuration, every hour at once ----------------------------------------------

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
        years = self.params.premium_years
        injected = self._matrix(
            "immissione",
            self.inputs.injection,
            [(p.pod, p.commissioned_at, premium_end(p, years)) for p in paid],
        )
        withdrawn = self._matrix(
            "prelievo",
            self.inputs.withdrawal,
            [(p.pod, p.active_from, p.active_to) for p in points],
        )
        for plant, row in zip(paid, injected, strict=True):
            self.plants[plant.pod].injected_wh = int(row.sum())
        shared = np.minimum(injected.sum(axis=0), withdrawn.sum(axis=0))
        result.injected_wh = int(injected.sum())
        result.withdrawn_wh = int(withdrawn.sum())
        result.shared_wh = int(shared.sum())
        to_points = split_columns(shared, withdrawn)
        to_plants = fill_columns(shared, injected)
        exempt = np.array([p.exempt for p in points], dtype=bool)
        exempt_wh = to_points[exempt].sum(axis=0)
        # exempt energy goes first to granted plants (in commissioning order), then the rest
        order = sorted(range(len(paid)), key=lambda k: paid[k].grant_pct == 0)
        exempt_parts = np.zeros_like(to_plants)
        exempt_parts[order] = fill_columns(exempt_wh, to_plants[order])
        prices = self._prices(config.zone, injected)
        pools = self._premium(config, paid, to_plants, exempt_parts, prices)
        result.premium_exact = sum(pools[0], Decimal(0)) + sum(pools[1], Decimal(0))
        self._to_members(
            config.code, points, to_points, exempt, exempt_wh, shared - exempt_wh, pools
        )
        self._social_excess(result, paid)
        return result

    def _matrix(
        self,
        kind: str,
        source: Mapping[str, Sequence[int]],
        rows: list[tuple[str, Hour | None, Hour | None]],
    ) -> NDArray[np.int64]:
        """Wh of each row's POD in the hours it counts [start, end); missing hours are
        recorded and count zero."""
        matrix = np.zeros((len(rows), self.n), dtype=np.int64)
        for k, (pod, start, end) in enumerate(rows):
            first = self.inputs.index(start, 0)
            last = self.inputs.index(end, self.n)
            if first >= last:
                continue
            given = source.get(pod)
            values = (
                np.full(last - first, MISSING, dtype=np.int64)
                if given is None
                else np.asarray(given[first:last], dtype=np.int64)
            )
            absent = np.nonzero(values == MISSING)[0]
            if absent.size:
                self.missing.setdefault((kind, pod), []).extend((absent + first).tolist())
            matrix[k, first:last] = np.where(values == MISSING, 0, values)
        return matrix

    def _prices(self, zone: str, injected: NDArray[np.int64]) -> Sequence[Decimal | None]:
        """The zone's hourly prices; an hour with plants counting and no price is missing."""
        prices = self.inputs.prices.get(zone) or [None] * self.n
        counting = injected.any(axis=0) if injected.size else np.zeros(self.n, dtype=bool)
        absent = [i for i in np.nonzero(counting)[0].tolist() if prices[i] is None]
        if absent:
            self.missing.setdefault(("prezzo", zone), []).extend(absent)
        return prices

    def _premium(
        self,
        config: Configuration,
        plants: list[Plant],
        to_plants: NDArray[np.int64],
        exempt_parts: NDArray[np.int64],
        prices: Sequence[Decimal | None],
    ) -> tuple[list[Decimal], list[Decimal]]:
        """Each plant's TIP, hour by hour, and the hourly premium on exempt and other energy
        (€, exact)."""
        zero = Decimal(0)
        pool_exempt, pool_other = [zero] * self.n, [zero] * self.n
        for k, plant in enumerate(plants):
            row = self.plants[plant.pod]
            row.shared_wh = int(to_plants[k].sum())
            row.shared_exempt_wh = int(exempt_parts[k].sum())
            tip = zero
            for i in np.nonzero(to_plants[k])[0].tolist():
                price = prices[i]
                if price is None:
                    continue
                rate, reduced = hourly_rate(plant, price, config.fc_eur_mwh, self.params)
                exempt = int(exempt_parts[k, i])
                on_exempt = rate * exempt / MWH
                on_other = reduced * (int(to_plants[k, i]) - exempt) / MWH
                pool_exempt[i] += on_exempt
                pool_other[i] += on_other
                tip += on_exempt + on_other
            row.tip_exact = tip
        return pool_exempt, pool_other

    def _to_members(
        self,
        code: str,
        points: list[Point],
        shares: NDArray[np.int64],
        exempt: NDArray[np.bool_],
        exempt_wh: NDArray[np.int64],
        other_wh: NDArray[np.int64],
        pools: tuple[list[Decimal], list[Decimal]],
    ) -> None:
        """Each consumer's premium: every hour, the premium of their class (exempt or not)
        pro rata to their shared Wh (the hour's €/Wh times their Wh, summed exactly in
        integers: no Python object per point-hour)."""
        for j, point in enumerate(points):
            member, wh = self.members[point.member], int(shares[j].sum())
            member.shared_wh += wh
            member.configurations[code] = member.configurations.get(code, 0) + wh
        for chosen, pools_of, wh_of in (
            (exempt, pools[0], exempt_wh),
            (~exempt, pools[1], other_wh),
        ):
            rows = np.flatnonzero(chosen)
            if not rows.size:
                continue
            units = [
                pool / wh if wh else Decimal(0)
                for pool, wh in zip(pools_of, wh_of.tolist(), strict=True)
            ]
            for j, premium in zip(rows.tolist(), _dot(shares, rows, units), strict=True):
                self.members[points[j].member].premium_exact += premium

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
        ratio = Decimal(result.shared_wh) * 100 / result.injected_wh
        result.excess_pct = max(Decimal(0), ratio - result.threshold_pct)
        result.social_excess_eur = money(result.excess_pct / 100 * result.premium_exact)

    def _gaps(self) -> list[Gap]:
        hours = self.inputs.hours
        return [
            gap
            for (kind, key), indices in sorted(self.missing.items())
            for gap in _runs(kind, key, indices, hours)
        ]


def _dot(
    shares: NDArray[np.int64], rows: NDArray[np.intp], units: Sequence[Decimal]
) -> list[Decimal]:
    """``sum(units[i] x shares[j, i])`` for each of ``rows``, exactly: the units as integers
    of a common exponent, cut in limbs small enough that an int64 matrix product cannot
    overflow; the rows a few at a time, so that no copy of the matrix is made."""
    exponent = min((u.as_tuple().exponent for u in units if u), default=0)
    assert isinstance(exponent, int)  # units are finite
    scaled = [int(u.scaleb(-exponent)) if u else 0 for u in units]
    signs = np.array([-1 if u < 0 else 1 for u in scaled], dtype=np.int64)
    largest = max(int(shares.max(initial=0)), -int(shares.min(initial=0)))
    bits = max(1, 62 - largest.bit_length() - len(units).bit_length())
    limbs = max(1, -(-max((abs(u) for u in scaled), default=0).bit_length() // bits))
    mask = (1 << bits) - 1
    table = np.array(
        [[(abs(u) >> (bits * k)) & mask for k in range(limbs)] for u in scaled], dtype=np.int64
    ).reshape(len(units), limbs)
    out: list[Decimal] = []
    for begin in range(0, rows.size, 64):
        block = shares[rows[begin : begin + 64]]
        sums = ((block * signs) if (signs < 0).any() else block) @ table
        out.extend(
            Decimal(sum(int(v) << (bits * k) for k, v in enumerate(row))).scaleb(exponent)
            for row in sums.tolist()
        )
    return out


def _runs(kind: str, key: str, indices: Iterable[int], hours: Sequence[Hour]) -> list[Gap]:
    """Missing hours as runs of consecutive hours."""
    gaps: list[Gap] = []
    start = previous = -2
    for index in [*sorted(set(indices)), -2]:
        if index != previous + 1:
            if start >= 0:
                gaps.append(Gap(kind, key, hours[start], hours[previous], previous - start + 1))
            start = index
        previous = index
    return gaps


def settle(inputs: Inputs, params: Parameters) -> Result:
    """Settle ``inputs`` hour by hour; the same inputs always give the same result."""
    return _Settlement(inputs, params).run()
