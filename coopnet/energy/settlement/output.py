"""The settlement as the JSON object of `energy_settle --json` and of the API (issue 13 §8)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .model import Gap, Result

KWH = Decimal(1000)


def kwh(wh: int) -> str:
    """Integer Wh as kWh with three decimals, exactly ("1234.567")."""
    return str((Decimal(wh) / KWH).quantize(Decimal("0.001")))


def plain(number: Decimal) -> str:
    """A factor or percentage without trailing zeros or exponent ("0.25", "0", "45")."""
    return format(number.normalize(), "f")


def _gap(gap: Gap) -> dict[str, Any]:
    return {
        "kind": gap.kind,
        "key": gap.key,
        "from": gap.first.isoformat(),
        "to": gap.last.isoformat(),
        "hours": gap.hours,
    }


def result_json(result: Result) -> dict[str, Any]:
    """Energy in kWh and euros as decimal strings (exact); lists ordered by code, POD and tax
    code, so that equal results give equal text."""
    return {
        "configurations": [
            {
                "code": c.code,
                "injected_kwh": kwh(c.injected_wh),
                "withdrawn_kwh": kwh(c.withdrawn_wh),
                "shared_kwh": kwh(c.shared_wh),
                "social_threshold_pct": plain(c.threshold_pct),
                "social_excess_pct": str(c.excess_pct.quantize(Decimal("0.0001"))),
            }
            for c in result.configurations
        ],
        "plants": [
            {
                "pod": p.pod,
                "configuration": p.configuration,
                "incentivised": p.incentivised,
                "shared_kwh": kwh(p.shared_wh),
                "shared_exempt_kwh": kwh(p.shared_exempt_wh),
                "tip_eur": str(p.tip_eur),
                "f_factor": plain(p.f_factor),
            }
            for p in result.plants
        ],
        "valorisation_eur": str(result.valorisation_eur),
        "premium_eur": str(result.premium_eur),
        "social_excess_eur": str(result.social_excess_eur),
        "members": [
            {
                "tax_code": m.tax_code,
                "business": m.business,
                "shared_kwh": kwh(m.shared_wh),
                "configurations": {c: kwh(wh) for c, wh in sorted(m.configurations.items())},
                "eur": str(m.eur),
                "premium_eur": str(m.premium_eur),
            }
            for m in result.members
        ],
        "final": result.final,
        "missing": [_gap(g) for g in result.gaps],
        "input_hash": result.input_hash,
    }
