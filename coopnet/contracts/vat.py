"""VAT by rule (DOMAIN.md §6): every decision carries the rule id that makes it.

R-VAT-1: 5% on type A services to the persons of art. 10 n. 27-ter, the art. 10 exemption
(Natura N4) when its own conditions hold, else 22%; any other rate or Natura is refused.
R-VAT-2: split payment to public bodies while the dated parameter says so. R-VAT-3: stamp duty
on exempt amounts over the threshold. The numbers come from ``core.parameters``; a day with
no value in force is refused with the parameter's own message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coopnet.core.parameters import ParameterMissingError, parameter_value

EXEMPT_NATURE = "N4"


@dataclass(frozen=True)
class VatDecision:
    rate: Decimal
    natura: str
    rule: str


def _parameter(key: str, on: dt.date, field: str) -> Decimal:
    try:
        return parameter_value(key, on)
    except ParameterMissingError as missing:
        raise ValidationError({field: [missing.user_message()]}) from None


def _rates(on: dt.date) -> tuple[Decimal, Decimal]:
    """The 5% and the ordinary rate in force on ``on``."""
    return (
        _parameter("vat.rate_social", on, "vat_rate"),
        _parameter("vat.rate_ordinary", on, "vat_rate"),
    )


def line_vat(
    vat_rate: Decimal | None,
    natura: str,
    on: dt.date,
    rates: tuple[Decimal, Decimal] | None = None,
) -> VatDecision:
    """The rule that admits a line's rate or Natura on ``on`` (R-VAT-1), or a refusal;
    ``rates`` are the day's rates when the caller already has them."""
    if natura:
        if vat_rate is not None or natura != EXEMPT_NATURE:
            raise ValidationError(
                _("Natura %(n)s non prevista: è ammessa solo N4, esenzione art. 10 (R-VAT-1).")
                % {"n": natura}
            )
        return VatDecision(Decimal(0), EXEMPT_NATURE, "R-VAT-1 N4")
    social, ordinary = rates or _rates(on)
    if vat_rate == social:
        return VatDecision(social, "", "R-VAT-1 5%")
    if vat_rate == ordinary:
        return VatDecision(ordinary, "", "R-VAT-1 22%")
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


def line_rules(lines: Sequence[Taxed], on: dt.date) -> tuple[list[str], list[str]]:
    """The rule id of each line on ``on``, and the reasons of the lines refused (numbered)."""
    if not lines:
        return [], [_("La fattura ha almeno una riga.")]
    try:
        rates = _rates(on) if any(line.vat_rate is not None for line in lines) else None
    except ValidationError as missing:
        return [], missing.messages
    rules, errors = [], []
    for i, line in enumerate(lines, start=1):
        if (line.vat_rate is None) == (not line.natura):
            errors.append(
                _("Riga %(n)s: indica l'aliquota IVA oppure la natura dell'operazione.") % {"n": i}
            )
            continue
        try:
            rules.append(line_vat(line.vat_rate, line.natura, on, rates).rule)
        except ValidationError as refused:
            errors.extend(_("Riga %(n)s: %(m)s") % {"n": i, "m": m} for m in refused.messages)
    return rules, errors


def split_payment(*, public_body: bool, rates: Iterable[Decimal], on: dt.date) -> bool:
    """R-VAT-2: a public body pays the VAT of taxed lines to the State, while the EU
    authorisation (the dated parameter) is known to run."""
    if not public_body or not any(rate > 0 for rate in rates):
        return False
    return _parameter("vat.split_payment", on, "split_payment") > 0


def stamp_duty(exempt_total: Decimal, on: dt.date) -> Decimal | None:
    """R-VAT-3: the stamp duty owed on exempt amounts over the threshold, else None."""
    if exempt_total <= _parameter("vat.stamp_threshold", on, "stamp_duty"):
        return None
    return _parameter("vat.stamp_duty", on, "stamp_duty")
