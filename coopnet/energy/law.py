"""The numbers of the law a settlement uses, read from core.Parameter (DOMAIN.md §5), and the
warnings of the uncertain ones ([U], [S])."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from coopnet.core.models import Parameter
from coopnet.core.parameters import parameter_periods_of, parameter_value, value_in_periods

from .models import BUSINESS_KINDS, F_EXEMPT_KINDS, Configuration, MemberKind
from .settlement import Parameters, Tier


def settlement_parameters(on: dt.date) -> Parameters:
    """The parameters in force on ``on`` (the first day of the period settled)."""

    def value(key: str) -> Decimal:
        return parameter_value(key, on)

    return Parameters(
        tiers=(
            Tier(value("cer.tip_tier1_max_kw"), value("cer.tip_base_1"), value("cer.tip_cap_1")),
            Tier(value("cer.tip_tier2_max_kw"), value("cer.tip_base_2"), value("cer.tip_cap_2")),
            Tier(None, value("cer.tip_base_3"), value("cer.tip_cap_3")),
        ),
        reference_price=value("cer.tip_reference_price"),
        f_max=value("cer.f_max"),
        grant_max_pct=value("cer.grant_max_pct"),
        premium_years=int(value("cer.premium_years")),
        valorisation_eur_mwh=value("cer.valorisation_eur_mwh"),
        social_threshold_pct=value("cer.social_threshold_pct"),
        social_threshold_grant_pct=value("cer.social_threshold_grant_pct"),
    )


def social_threshold(*, granted: bool, on: dt.date) -> Decimal:
    """R-CER-6: the share of injected energy above which the premium must go to non-business
    members or social purposes (lower when the TIP is combined with a capital grant)."""
    key = "cer.social_threshold_grant_pct" if granted else "cer.social_threshold_pct"
    return parameter_value(key, on)


def regional_correction(configuration: Configuration, on: dt.date) -> Decimal:
    """FC of the configuration's region for PV (R-CER-4), a regional row over the national."""
    return parameter_value("cer.fc_pv", on, region=configuration.region_id)


def exempt(kind: str, on: dt.date) -> bool:
    """F is not applied to this kind's points (R-CER-5); natural persons by a dated row."""
    if kind == MemberKind.NATURAL_PERSON:
        return parameter_value("cer.f_exempt_natural_persons", on) == 1
    return kind in F_EXEMPT_KINDS


def control_key(kind: str) -> str:
    """The parameter saying whether members of ``kind`` may control the community."""
    return f"cer.control_{kind}"


def control_kinds(on: dt.date) -> frozenset[str]:
    """R-CER-1: the member kinds that may hold control rights on ``on`` (one query; a kind
    without a row in force is not admitted)."""
    periods = parameter_periods_of(control_key(kind) for kind in MemberKind.values)
    return frozenset(
        kind
        for kind in MemberKind.values
        if value_in_periods(periods.get(control_key(kind), []), on) == 1
    )


def business(kind: str) -> bool:
    """Limited by the social-destination rule (R-CER-6)."""
    return kind in BUSINESS_KINDS


def warnings(first_day: dt.date) -> list[str]:
    """What a settlement must say about the rules it used that are not certain."""
    said = [
        _(
            "R-CER-4 [U]: l'elenco delle regioni con la correzione FC (Centro +4, Nord +10 "
            "€/MWh) viene da una fonte da verificare."
        ),
        _(
            "R-CER-5 [S]: le esenzioni dal fattore F (enti territoriali, religiosi, del terzo "
            "settore e, dal DM 127/2025, persone fisiche) vengono da una fonte secondaria."
        ),
        _(
            "R-CER-6: la quota sociale è calcolata sul periodo; la legge la verifica sull'anno: "
            "il limite per le imprese si applica nella distribuzione ai membri."
        ),
    ]
    valorisation_year = _valorisation_year(first_day)
    if valorisation_year < first_day.year:
        said.append(
            _(
                "R-CER-7: il corrispettivo di valorizzazione in vigore è quello del %(year)s; "
                "ARERA lo aggiorna ogni anno: aggiungi il valore nuovo ai parametri."
            )
            % {"year": valorisation_year}
        )
    return said


def _valorisation_year(on: dt.date) -> int:
    row = (
        Parameter.objects.filter(key="cer.valorisation_eur_mwh", valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )
    return row.valid_from.year if row is not None else on.year
