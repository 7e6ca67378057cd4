"""Sharing out a settlement's money: a quota to plant owners (pro rata to the shared energy of
their plants), a quota to consumers (pro rata to their shared energy, hour by hour, as the
settlement split it) and a fund; businesses capped by R-CER-6, the difference to the fund.

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


@dataclass(frozen=True)
class Rule:
    """A version of the community's rules: quotas in percent, adding up to 100."""

    owners_pct: Decimal
    consumers_pct: Decimal
    fund_pct: Decimal


@dataclass(frozen=True)
class Recipient:
    """A member: the shared Wh of the plants they own and of their points; businesses are
    limited by R-CER-6."""

    tax_code: str
    business: bool
    owner_wh: int = 0
    consumer_wh: int = 0


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
    limit_eur: Decimal  # the most the businesses may receive together (R-CER-6)
    business_eur: Decimal  # what they receive
    cut_eur: Decimal  # moved from them to the fund
    fund_eur: Decimal
    shares: tuple[Share, ...]  # members by tax code, then the fund
    reasons: tuple[str, ...]  # NO_OWNERS, NO_CONSUMERS, BUSINESS_CAP


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _pro_rata(pot: Decimal, weights: Mapping[str, int]) -> dict[str, Decimal]:
    whole = sum(weights.values())
    return {key: pot * w / whole for key, w in weights.items()} if whole else {}


def distribute(
    total_eur: Decimal, excess_eur: Decimal, rule: Rule, recipients: Sequence[Recipient]
) -> Outcome:
    """``total_eur`` (in cents) shared by ``rule``; ``excess_eur`` is the settlement's premium
    above the R-CER-6 threshold: it may reach only non-business members or the fund, so the
    businesses together receive at most ``total_eur - excess_eur``."""
    if rule.owners_pct + rule.consumers_pct + rule.fund_pct != HUNDRED:
        raise ValueError("the quotas do not add up to 100")
    people = sorted(recipients, key=lambda r: r.tax_code)
    with localcontext() as context:
        context.prec = PRECISION
        reasons: list[str] = []
        fund = total_eur * rule.fund_pct / HUNDRED
        parts: dict[str, list[Decimal]] = {r.tax_code: [ZERO, ZERO, ZERO] for r in people}
        for index, pct, weights, reason in (
            (0, rule.owners_pct, {r.tax_code: r.owner_wh for r in people}, NO_OWNERS),
            (1, rule.consumers_pct, {r.tax_code: r.consumer_wh for r in people}, NO_CONSUMERS),
        ):
            pot = total_eur * pct / HUNDRED
            split = _pro_rata(pot, weights)
            if not split and pot:
                fund += pot
                reasons.append(reason)
            for key, amount in split.items():
                parts[key][index] = amount
        exact = {key: p[0] + p[1] for key, p in parts.items()}
        businesses = [r.tax_code for r in people if r.business]
        business = sum((exact[k] for k in businesses), ZERO)
        limit = max(ZERO, total_eur - excess_eur)
        if business > limit:
            for key in businesses:
                capped = exact[key] * limit / business
                parts[key][2] = exact[key] - capped
                exact[key] = capped
            fund += business - limit
            reasons.append(BUSINESS_CAP)
            business = limit
        paid = _round(total_eur, business, people, exact, fund)
    cut = sum((p[2] for p in parts.values()), ZERO)
    shares = []
    for r in people:
        owners, consumers, taken = (_cents(x) for x in parts[r.tax_code])
        shares.append(Share(r.tax_code, r.business, owners, consumers, taken, paid[r.tax_code]))
    shares.append(Share(FUND, False, ZERO, ZERO, _cents(cut), paid[FUND]))
    return Outcome(
        total_eur=total_eur,
        limit_eur=limit,
        business_eur=sum((s.eur for s in shares if s.business), ZERO),
        cut_eur=_cents(cut),
        fund_eur=paid[FUND],
        shares=tuple(shares),
        reasons=tuple(reasons),
    )


def _round(
    total: Decimal,
    business: Decimal,
    people: Sequence[Recipient],
    exact: Mapping[str, Decimal],
    fund: Decimal,
) -> dict[str, Decimal]:
    """The amounts in cents: the businesses' group, then each within its group."""
    business_cents, others_cents = cents_matching([business, total - business], total)
    paid: dict[str, Decimal] = {}
    for keys, group_total in (
        ([r.tax_code for r in people if r.business], business_cents),
        ([r.tax_code for r in people if not r.business] + [FUND], others_cents),
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
