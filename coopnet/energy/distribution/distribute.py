"""Sharing out a settlement's money: a quota to plant owners (pro rata to the shared energy of
their plants), a quota to consumers (pro rata to their shared energy, hour by hour, as the
settlement split it) and a fund, each configuration's money among its own plants and
consumers; businesses capped by R-CER-6 per configuration (as the GSE checks it), the
difference to the fund.

Amounts stay exact (Decimal, 60 digits) and are rounded once, at the end: first the
businesses' total and everyone else's (fund included), then each within its group, floors
first and the cents left to the largest remainders (ties to the earlier tax code, the fund
last), so the amounts add up to the total exactly and the businesses never pass the limit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from ..settlement.allocation import CENT, cents_matching

HUNDRED = Decimal(100)
ZERO = Decimal(0)
FUND = ""  # the fund's key among the shares
PRECISION = 60

NO_OWNERS = "no_owners"  # the owners' quota went to the fund: no plant shared energy
NO_CONSUMERS = "no_consumers"  # the consumers' quota went to the fund: nobody shared
BUSINESS_CAP = "business_cap"  # R-CER-6: the businesses' excess went to the fund
# (``business_cap:<configuration>`` when the configuration has a code)


@dataclass(frozen=True)
class Rule:
    """A version of the community's rules: quotas in percent, adding up to 100."""

    owners_pct: Decimal
    consumers_pct: Decimal
    fund_pct: Decimal


@dataclass(frozen=True)
class Recipient:
    """A member in one configuration: the shared Wh of the plants they own there and of their
    points there (a member of several configurations is one recipient in each); businesses
    are limited by R-CER-6."""

    tax_code: str
    business: bool
    owner_wh: int = 0
    consumer_wh: int = 0
    configuration: str = ""


@dataclass(frozen=True)
class Pot:
    """A configuration's money (exact) and its premium above the R-CER-6 threshold."""

    configuration: str
    total_eur: Decimal
    excess_eur: Decimal


@dataclass(frozen=True)
class Configuration:
    """What a configuration earned in the settlement (R-CER-6 is checked on each)."""

    code: str
    injected_wh: int  # by incentivised plants
    shared_wh: int
    tip_eur: Decimal  # the sum of its plants' TIP
    threshold_pct: Decimal  # 55, or 45 when a plant has a capital grant


def pots(
    configurations: Sequence[Configuration], premium_eur: Decimal, valorisation_eur: Decimal
) -> list[Pot]:
    """Each configuration's part of the settlement's premium (pro rata to its plants' TIP) and
    valorisation (to its shared energy), exact, and its excess ``pct_exc% x premium`` with
    ``pct_exc = max(0; shared / injected x 100 - threshold)``."""
    with localcontext() as context:
        context.prec = PRECISION
        tip = _pro_rata(premium_eur, {c.code: c.tip_eur for c in configurations})
        value = _pro_rata(valorisation_eur, {c.code: c.shared_wh for c in configurations})
        result = []
        for c in configurations:
            premium = tip.get(c.code, ZERO)
            ratio = HUNDRED * c.shared_wh / c.injected_wh if c.injected_wh else ZERO
            pct = max(ZERO, ratio - c.threshold_pct)
            result.append(Pot(c.code, premium + value.get(c.code, ZERO), pct / HUNDRED * premium))
        return result


@dataclass(frozen=True)
class Share:
    """What one member (``tax_code``; the fund: ``FUND``) gets. ``eur`` is the amount paid;
    the parts are its exact components rounded half up, for the statement."""

    tax_code: str
    business: bool
    owners_eur: Decimal
    consumers_eur: Decimal
    cut_eur: Decimal  # taken from a business by R-CER-6 (for the fund: received)
    eur: Decimal


@dataclass(frozen=True)
class Outcome:
    total_eur: Decimal  # premium + valorisation of the settlement
    limit_eur: Decimal  # the most the businesses may receive (R-CER-6, summed)
    business_eur: Decimal  # what they receive
    cut_eur: Decimal  # moved from them to the fund
    fund_eur: Decimal
    shares: tuple[Share, ...]  # members by tax code, then the fund
    reasons: tuple[str, ...]  # NO_OWNERS, NO_CONSUMERS, BUSINESS_CAP[:configuration]


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _pro_rata(pot: Decimal, weights: Mapping[str, int | Decimal]) -> dict[str, Decimal]:
    whole = sum(weights.values())
    return {key: pot * w / whole for key, w in weights.items()} if whole else {}


def distribute(
    total_eur: Decimal, shares_of: Sequence[Pot], rule: Rule, recipients: Sequence[Recipient]
) -> Outcome:
    """``total_eur`` (in cents, the sum of the pots) shared by ``rule``, each pot among the
    recipients of its configuration; a pot's excess may reach only non-business members or
    the fund, so its businesses receive at most ``pot - excess``."""
    if rule.owners_pct + rule.consumers_pct + rule.fund_pct != HUNDRED:
        raise ValueError("the quotas do not add up to 100")
    business_of = {r.tax_code: r.business for r in recipients}
    codes = sorted(business_of)
    with localcontext() as context:
        context.prec = PRECISION
        reasons: list[str] = []
        fund = ZERO
        limit = ZERO
        parts: dict[str, list[Decimal]] = {code: [ZERO, ZERO, ZERO] for code in codes}
        for pot in shares_of:
            fund += pot.total_eur * rule.fund_pct / HUNDRED
            people = [r for r in recipients if r.configuration == pot.configuration]
            here: dict[str, list[Decimal]] = {r.tax_code: [ZERO, ZERO] for r in people}
            for index, pct, weights, reason in (
                (0, rule.owners_pct, _weights(people, "owner_wh"), NO_OWNERS),
                (1, rule.consumers_pct, _weights(people, "consumer_wh"), NO_CONSUMERS),
            ):
                amount = pot.total_eur * pct / HUNDRED
                split = _pro_rata(amount, weights)
                if not split and amount:
                    fund += amount
                    if reason not in reasons:
                        reasons.append(reason)
                for key, part in split.items():
                    here[key][index] += part
            businesses = [key for key in here if business_of[key]]
            business = sum((sum(here[k]) for k in businesses), ZERO)
            cap = max(ZERO, pot.total_eur - pot.excess_eur)
            limit += cap
            if business > cap:
                for key in businesses:
                    parts[key][2] += sum(here[key]) * (business - cap) / business
                fund += business - cap
                code = pot.configuration
                reasons.append(f"{BUSINESS_CAP}:{code}" if code else BUSINESS_CAP)
            for key, (owners, consumers) in here.items():
                parts[key][0] += owners
                parts[key][1] += consumers
        exact = {key: p[0] + p[1] - p[2] for key, p in parts.items()}
        business_total = sum((exact[k] for k in codes if business_of[k]), ZERO)
        paid = _round(total_eur, business_total, business_of, exact, fund)
    cut = sum((p[2] for p in parts.values()), ZERO)
    shares = []
    for code in codes:
        owners, consumers, taken = (_cents(x) for x in parts[code])
        shares.append(Share(code, business_of[code], owners, consumers, taken, paid[code]))
    shares.append(Share(FUND, False, ZERO, ZERO, _cents(cut), paid[FUND]))
    return Outcome(
        total_eur=total_eur,
        limit_eur=_cents(limit),
        business_eur=sum((s.eur for s in shares if s.business), ZERO),
        cut_eur=_cents(cut),
        fund_eur=paid[FUND],
        shares=tuple(shares),
        reasons=tuple(reasons),
    )


def _weights(people: Sequence[Recipient], field: str) -> dict[str, int]:
    weights: dict[str, int] = {}
    for r in people:
        weights[r.tax_code] = weights.get(r.tax_code, 0) + getattr(r, field)
    return weights


def _round(
    total: Decimal,
    business: Decimal,
    business_of: Mapping[str, bool],
    exact: Mapping[str, Decimal],
    fund: Decimal,
) -> dict[str, Decimal]:
    """The amounts in cents: the businesses' group, then each within its group."""
    business_cents, others_cents = cents_matching([business, total - business], total)
    codes = sorted(business_of)
    paid: dict[str, Decimal] = {}
    for keys, group_total in (
        ([k for k in codes if business_of[k]], business_cents),
        ([k for k in codes if not business_of[k]] + [FUND], others_cents),
    ):
        amounts = [fund if key == FUND else exact[key] for key in keys]
        paid.update(zip(keys, cents_matching(amounts, group_total), strict=True))
    return paid


@dataclass(frozen=True)
class Balance:
    tax_code: str  # FUND for the fund
    yearly_eur: Decimal
    provisional_eur: Decimal  # what the monthly statements gave
    balance_eur: Decimal  # yearly - provisional: to pay (or to recover when negative)


def true_up(
    yearly: Mapping[str, Decimal], provisional: Sequence[Mapping[str, Decimal]]
) -> list[Balance]:
    """Per member (and the fund): the yearly amount minus what the monthly ones gave."""
    given: dict[str, Decimal] = {}
    for month in provisional:
        for key, eur in month.items():
            given[key] = given.get(key, ZERO) + eur
    keys = sorted(set(yearly) | set(given), key=lambda k: (k == FUND, k))
    return [
        Balance(
            key,
            yearly.get(key, ZERO),
            given.get(key, ZERO),
            yearly.get(key, ZERO) - given.get(key, ZERO),
        )
        for key in keys
    ]
