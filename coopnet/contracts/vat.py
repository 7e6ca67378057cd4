"""VAT by rule (DOMAIN.md §6): every decision carries the rule id that makes it.

R-VAT-1: 5% on type A services to the persons of art. 10 n. 27-ter, the art. 10 exemption
(Natura N4) when its own conditions hold, else 22%; any other rate or Natura is refused.
R-VAT-RC: cleaning, demolition, installation and completion services relating to buildings
supplied to a VAT-registered business are invoiced without VAT, Natura N6.7 (reverse charge,
DPR 633/72 art. 17 c. 6 lett. a-ter); the buyer pays the VAT.
R-VAT-2: split payment to public bodies while the dated parameter says so, never on exempt or
reverse-charge lines. R-VAT-3: stamp duty on exempt amounts over the threshold.
The numbers come from ``core.parameters``, read once (``VatParameters.load``, one query) for an
issue or a batch; a day with no value in force is refused with the parameter's own message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coopnet.core.models import Organization, OrganizationKind
from coopnet.core.parameters import (
    ParameterMissingError,
    Period,
    parameter_periods_of,
    value_in_periods,
)

EXEMPT_NATURE = "N4"
REVERSE_CHARGE_NATURE = "N6.7"
KEYS = (
    "vat.rate_social",
    "vat.rate_ordinary",
    "vat.split_payment",
    "vat.stamp_duty",
    "vat.stamp_threshold",
    "vat.reverse_charge_buildings",
    "pp.payment_days",
)


@dataclass(frozen=True)
class VatDecision:
    rate: Decimal
    natura: str
    rule: str


@dataclass(frozen=True)
class VatParameters:
    """The numbers of the VAT rules (and the default payment days) in force on any day,
    loaded in one query: an issue, or a batch of issues, reads the table once."""

    periods: dict[str, list[Period]]

    @classmethod
    def load(cls) -> VatParameters:
        return cls(parameter_periods_of(KEYS))

    def value(self, key: str, on: dt.date, field: str) -> Decimal:
        """The value of ``key`` on ``on``, or a refusal on ``field`` naming the parameter."""
        periods = self.periods.get(key, [])
        found = value_in_periods(periods, on)
        if found is None:
            first = periods[0][0] if periods else None
            missing = ParameterMissingError(key, on, first)
            raise ValidationError({field: [missing.user_message()]})
        return found


def reverse_charge_buyer(customer: Organization) -> bool:
    """R-VAT-RC's buyer: a VAT-registered business (a partita IVA), neither a public body
    (split payment, R-VAT-2) nor a private person (no partita IVA)."""
    return customer.kind != OrganizationKind.PUBLIC_BODY and bool(customer.partita_iva)


def _reverse_charge(building: bool, natura: str, applies: bool) -> VatDecision | None:
    """R-VAT-RC: a building service to a business is N6.7 and N6.7 is only that; None when
    the line is not a reverse-charge case (R-VAT-1 decides)."""
    if building and applies:
        if natura != REVERSE_CHARGE_NATURE:
            raise ValidationError(
                _(
                    "Pulizia, demolizione, installazione di impianti o completamento di edifici "
                    "per un'impresa con partita IVA: inversione contabile, natura N6.7 senza "
                    "IVA, la paga il committente (art. 17 c. 6 lett. a-ter DPR 633/72, R-VAT-RC)."
                )
            )
        return VatDecision(Decimal(0), REVERSE_CHARGE_NATURE, "R-VAT-RC N6.7")
    if natura == REVERSE_CHARGE_NATURE:
        raise ValidationError(
            _(
                "Natura N6.7 (inversione contabile) solo per servizi di pulizia, demolizione, "
                "installazione di impianti o completamento di edifici resi a un'impresa con "
                "partita IVA, non a un ente pubblico né a un privato (R-VAT-RC)."
            )
        )
    return None


def line_vat(
    vat_rate: Decimal | None,
    natura: str,
    on: dt.date,
    parameters: VatParameters | None = None,
    *,
    building: bool = False,
    reverse_charge: bool = False,
) -> VatDecision:
    """The rule that admits a line's rate or Natura on ``on``, or a refusal. ``building``: the
    line is a building service (R-VAT-RC); ``reverse_charge``: its buyer and day make that
    service reverse-charged (``reverse_charge_applies``)."""
    if natura and vat_rate is not None:
        raise ValidationError(
            _("Natura %(n)s con un'aliquota: indica l'una oppure l'altra.") % {"n": natura}
        )
    if decision := _reverse_charge(building, natura, reverse_charge):
        return decision
    if natura:
        if natura != EXEMPT_NATURE:
            raise ValidationError(
                _("Natura %(n)s non prevista: è ammessa solo N4, esenzione art. 10 (R-VAT-1).")
                % {"n": natura}
            )
        return VatDecision(Decimal(0), EXEMPT_NATURE, "R-VAT-1 N4")
    table = parameters or VatParameters.load()
    ordinary = table.value("vat.rate_ordinary", on, "vat_rate")
    if vat_rate == ordinary:
        return VatDecision(ordinary, "", "R-VAT-1 22%")
    social = table.value("vat.rate_social", on, "vat_rate")  # from 2016
    if vat_rate == social:
        return VatDecision(social, "", "R-VAT-1 5%")
    raise ValidationError(
        _(
            "Aliquota %(rate)s%% non prevista: %(social)s%% per servizi di tipo A a persone "
            "dell'art. 10 n. 27-ter, natura N4 se esente, altrimenti %(ordinary)s%% (R-VAT-1)."
        )
        % {"rate": vat_rate, "social": social.normalize(), "ordinary": ordinary.normalize()}
    )


class Taxed(Protocol):
    @property
    def vat_rate(self) -> Decimal | None: ...
    @property
    def natura(self) -> str: ...
    @property
    def building_service(self) -> bool: ...


def reverse_charge_applies(customer: Organization, on: dt.date, parameters: VatParameters) -> bool:
    """R-VAT-RC on ``on`` for ``customer``: a business buyer while the dated rule is in force
    (art. 17 c. 6 lett. a-ter, from 1/1/2015)."""
    if not reverse_charge_buyer(customer):
        return False
    periods = parameters.periods.get("vat.reverse_charge_buildings", [])
    return (value_in_periods(periods, on) or 0) > 0


def line_rules(
    lines: Sequence[Taxed],
    on: dt.date,
    *,
    customer: Organization,
    parameters: VatParameters | None = None,
) -> tuple[list[str], list[str]]:
    """The rule id of each line to ``customer`` on ``on``, and the reasons of the lines
    refused (numbered)."""
    if not lines:
        return [], [_("La fattura ha almeno una riga.")]
    table = parameters or VatParameters.load()
    reverse = reverse_charge_applies(customer, on, table)
    rules, errors = [], []
    for i, line in enumerate(lines, start=1):
        if (line.vat_rate is None) == (not line.natura):
            errors.append(
                _("Riga %(n)s: indica l'aliquota IVA oppure la natura dell'operazione.") % {"n": i}
            )
            continue
        try:
            decision = line_vat(
                line.vat_rate,
                line.natura,
                on,
                table,
                building=line.building_service,
                reverse_charge=reverse,
            )
        except ValidationError as refused:
            errors.extend(_("Riga %(n)s: %(m)s") % {"n": i, "m": m} for m in refused.messages)
        else:
            rules.append(decision.rule)
    return rules, errors


def split_payment(
    *,
    public_body: bool,
    rates: Iterable[Decimal],
    on: dt.date,
    parameters: VatParameters | None = None,
) -> bool:
    """R-VAT-2: a public body pays the VAT of taxed lines to the State, while the EU
    authorisation (the dated parameter) is known to run. Exempt (N4) and reverse-charge
    (N6.7) lines have rate 0: alone they never make an invoice split."""
    if not public_body or not any(rate > 0 for rate in rates):
        return False
    table = parameters or VatParameters.load()
    return table.value("vat.split_payment", on, "split_payment") > 0


def stamp_duty(
    exempt_total: Decimal, on: dt.date, parameters: VatParameters | None = None
) -> Decimal | None:
    """R-VAT-3: the stamp duty owed on exempt amounts over the threshold, else None
    (reverse-charge lines are taxable operations: they do not count)."""
    table = parameters or VatParameters.load()
    if exempt_total <= table.value("vat.stamp_threshold", on, "stamp_duty"):
        return None
    return table.value("vat.stamp_duty", on, "stamp_duty")
