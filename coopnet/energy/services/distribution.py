"""Writes of the distribution (issue 13 item 5): rule versions, a settlement's money shared
out by the version in force, the GSE statement imported. Each atomic, with one audit entry."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet.core import formatting
from coopnet.core.audit import log_action
from coopnet.core.models import Organization, User

from .. import law, selectors
from ..distribution import FUND, Configuration, Recipient, Rule, distribute, pots
from ..imports import Report, check_gse
from ..models import (
    Distribution,
    DistributionKind,
    DistributionRule,
    DistributionShare,
    EnergyMember,
    GseStatement,
    Settlement,
)

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
QUOTAS = ("owners_pct", "consumers_pct", "fund_pct")
WH_PER_KWH = 1000


@transaction.atomic
def rule_create(
    *,
    organization: Organization,
    actor: User | None,
    valid_from: dt.date,
    owners_pct: Decimal,
    consumers_pct: Decimal,
    fund_pct: Decimal,
    fund_purpose: str,
    note: str = "",
) -> DistributionRule:
    """A new version from ``valid_from``; refused when the quotas do not add up to 100 or
    when it would change a period already distributed."""
    quotas = {"owners_pct": owners_pct, "consumers_pct": consumers_pct, "fund_pct": fund_pct}
    errors: dict[str, str] = {
        name: _("La quota deve essere tra 0 e 100.")
        for name, value in quotas.items()
        if not 0 <= value <= HUNDRED
    }
    total = sum(quotas.values(), Decimal(0))
    if not errors and total != HUNDRED:
        errors["fund_pct"] = _(
            "Le quote (titolari, consumatori, fondo) sommano a %(total)s%%: devono fare 100%%."
        ) % {"total": formatting.number(total)}
    if not fund_purpose.strip():
        errors["fund_purpose"] = _("Indica a cosa è destinato il fondo.")
    rules = selectors.distribution_rules(organization)
    if rules.filter(valid_from=valid_from).exists():
        errors["valid_from"] = _("Esiste già una versione in vigore da questa data.")
    used = selectors.distributions(organization).filter(settlement__last_day__gte=valid_from)
    last = used.order_by("-settlement__last_day").first()
    if last is not None:
        errors["valid_from"] = _(
            "Il periodo fino al %(day)s è già stato distribuito: la nuova versione deve "
            "partire dopo."
        ) % {"day": f"{last.settlement.last_day:%d/%m/%Y}"}
    if errors:
        raise ValidationError(errors)
    rule = DistributionRule(
        organization=organization,
        created_by=actor,
        valid_from=valid_from,
        fund_purpose=fund_purpose.strip(),
        note=note,
        **quotas,
    )
    rule.save()
    log_action(
        actor=actor,
        organization=organization,
        action="energy.rule.create",
        obj=rule,
        after={"valid_from": valid_from.isoformat(), **{k: str(v) for k, v in quotas.items()}},
    )
    return rule


# What a stored run's result must hold to be shared out, and the type of each part.
RESULT_PARTS: dict[str, type] = {
    "configurations": list,
    "plants": list,
    "members": list,
    "premium_eur": str,
    "valorisation_eur": str,
}


def _named(settlement: Settlement) -> dict[str, str]:
    return {
        "pk": str(settlement.pk),
        "first": f"{settlement.first_day:%d/%m/%Y}",
        "last": f"{settlement.last_day:%d/%m/%Y}",
    }


def _stored_result(settlement: Settlement) -> dict:
    """The run's result, refused (naming the run and the part) when a part is missing or of
    another type: a run stored by an older coopnet or written by hand."""
    result = settlement.result
    if not isinstance(result, dict):
        missing = list(RESULT_PARTS)
    else:
        missing = [k for k, kind in RESULT_PARTS.items() if not isinstance(result.get(k), kind)]
    if missing:
        raise ValidationError(
            {
                "settlement": _(
                    "La ripartizione n. %(pk)s (dal %(first)s al %(last)s) registrata non contiene "
                    "%(parts)s: non si può distribuire. Calcola di nuovo la ripartizione del "
                    "periodo."
                )
                % {**_named(settlement), "parts": ", ".join(f"«{k}»" for k in missing)}
            }
        )
    return result


def _unreadable(settlement: Settlement, error: Exception) -> ValidationError:
    """A part of the run's result that cannot be read (a missing key, a value not a number)."""
    detail = ""
    if isinstance(error, KeyError) and error.args:
        detail = " " + _("(manca «%(key)s»)") % {"key": error.args[0]}
    return ValidationError(
        {
            "settlement": _(
                "La ripartizione n. %(pk)s (dal %(first)s al %(last)s) registrata ha un risultato "
                "incompleto o illeggibile%(detail)s: non si può distribuire. Calcola di nuovo "
                "la ripartizione del periodo."
            )
            % {**_named(settlement), "detail": detail}
        }
    )


def distribution_kind(first_day: dt.date, last_day: dt.date) -> str:
    """A calendar month is a monthly provisional statement, a calendar year the true-up."""
    if first_day == dt.date(first_day.year, 1, 1) and last_day == dt.date(first_day.year, 12, 31):
        return DistributionKind.YEARLY
    month_end = calendar.monthrange(first_day.year, first_day.month)[1]
    if first_day.day == 1 and last_day == first_day.replace(day=month_end):
        return DistributionKind.MONTHLY
    return DistributionKind.PERIOD


def _wh(kwh: str) -> int:
    return int(Decimal(kwh) * WH_PER_KWH)


def _recipients(organization: Organization, result: dict) -> list[Recipient]:
    """Each member in each configuration: their plants' and their points' shared Wh there."""
    owners = selectors.plant_owners(organization)
    owner_wh: dict[tuple[str, str], int] = {}
    for plant in result["plants"]:
        owner = owners.get(plant["pod"])
        wh = _wh(plant["shared_kwh"])
        if not wh:
            continue
        if owner is None:
            raise ValidationError(
                {"settlement": _("L'impianto %(pod)s non è più nell'anagrafica.") % plant}
            )
        key = (owner, plant["configuration"])
        owner_wh[key] = owner_wh.get(key, 0) + wh
    codes = [c["code"] for c in result["configurations"]]
    consumer_wh: dict[tuple[str, str], int] = {}
    for member in result["members"]:
        by_configuration = member.get("configurations")
        if by_configuration is None:  # a run stored before the split per configuration
            if len(codes) != 1:
                raise ValidationError(
                    {
                        "settlement": _(
                            "La ripartizione non dice l'energia condivisa dei membri in ogni "
                            "configurazione: non si può verificare R-CER-6 per configurazione."
                        )
                    }
                )
            by_configuration = {codes[0]: member["shared_kwh"]}
        for code, kwh in by_configuration.items():
            consumer_wh[(member["tax_code"], code)] = _wh(kwh)
    keys = sorted(set(owner_wh) | set(consumer_wh))
    kinds = selectors.member_kinds(organization, {code for code, _config in keys})
    unknown = sorted({code for code, _config in keys} - set(kinds))
    if unknown:
        raise ValidationError(
            {"settlement": _("Membri non più in anagrafica: %(codes)s.") % {"codes": unknown}}
        )
    return [
        Recipient(
            code,
            law.business(kinds[code]),
            owner_wh.get((code, config), 0),
            consumer_wh.get((code, config), 0),
            config,
        )
        for code, config in keys
    ]


def _configurations(organization: Organization, result: dict, on: dt.date) -> list[Configuration]:
    """R-CER-6 per configuration: its incentivised plants' TIP and whether any has a capital
    grant (the threshold in force on ``on``)."""
    grants = selectors.plant_grants(organization)
    configurations = []
    for config in result["configurations"]:
        plants = [
            p
            for p in result["plants"]
            if p["configuration"] == config["code"] and p.get("incentivised", True)
        ]
        granted = any(grants.get(p["pod"], 0) > 0 for p in plants)
        configurations.append(
            Configuration(
                config["code"],
                _wh(config["injected_kwh"]),
                _wh(config["shared_kwh"]),
                sum((Decimal(p["tip_eur"]) for p in plants), Decimal(0)),
                law.social_threshold(granted=granted, on=on),
            )
        )
    return configurations


@transaction.atomic
def distribution_create(
    *, organization: Organization, actor: User | None, settlement: Settlement
) -> Distribution:
    """Share out a final settlement by the rule version in force on its first day; the same
    settlement and version give the stored distribution back."""
    first, last = settlement.first_day, settlement.last_day
    if not settlement.final:
        raise ValidationError(
            {"settlement": _("La ripartizione è provvisoria (mancano dati): non si distribuisce.")}
        )
    rule = selectors.rule_in_force(organization, first)
    if rule is None:
        raise ValidationError(
            {
                "settlement": _("Nessuna versione delle regole è in vigore il %(day)s.")
                % {"day": f"{first:%d/%m/%Y}"}
            }
        )
    change = selectors.distribution_rules(organization).filter(
        valid_from__gt=first, valid_from__lte=last
    )
    if change.exists():
        raise ValidationError(
            {
                "settlement": _(
                    "Le regole cambiano il %(day)s, dentro il periodo: distribuisci i mesi."
                )
                % {"day": f"{change.order_by('valid_from')[0].valid_from:%d/%m/%Y}"}
            }
        )
    stored = selectors.distributions(organization).filter(settlement=settlement, rule=rule).first()
    if stored is not None:
        return stored
    result = _stored_result(settlement)
    try:
        premium = Decimal(result["premium_eur"])
        valorisation = Decimal(result["valorisation_eur"])
        shares_of = pots(_configurations(organization, result, first), premium, valorisation)
        recipients = _recipients(organization, result)
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as error:
        raise _unreadable(settlement, error) from error
    excess = sum((p.excess_eur for p in shares_of), Decimal(0)).quantize(CENT, ROUND_HALF_UP)
    outcome = distribute(
        premium + valorisation,
        shares_of,
        Rule(rule.owners_pct, rule.consumers_pct, rule.fund_pct),
        recipients,
    )
    distribution = Distribution(
        organization=organization,
        created_by=actor,
        settlement=settlement,
        rule=rule,
        kind=distribution_kind(first, last),
        total_eur=outcome.total_eur,
        excess_eur=excess,
        limit_eur=outcome.limit_eur,
        business_eur=outcome.business_eur,
        cut_eur=outcome.cut_eur,
        fund_eur=outcome.fund_eur,
        reasons=list(outcome.reasons),
    )
    distribution.save()
    members = {
        m.tax_code: m
        for m in EnergyMember.objects.for_org(organization).filter(
            tax_code__in=[s.tax_code for s in outcome.shares]
        )
    }
    DistributionShare.objects.bulk_create(
        DistributionShare(
            organization=organization,
            distribution=distribution,
            member=None if share.tax_code == FUND else members[share.tax_code],
            owners_eur=share.owners_eur,
            consumers_eur=share.consumers_eur,
            cut_eur=share.cut_eur,
            eur=share.eur,
        )
        for share in outcome.shares
    )
    log_action(
        actor=actor,
        organization=organization,
        action="energy.distribution.create",
        obj=distribution,
        after={
            "settlement": settlement.pk,
            "rule": rule.valid_from.isoformat(),
            "total_eur": str(outcome.total_eur),
            "fund_eur": str(outcome.fund_eur),
            "cut_eur": str(outcome.cut_eur),
        },
    )
    return distribution


@transaction.atomic
def gse_import(*, organization: Organization, actor: User | None, path: Path) -> Report:
    """The GSE's statement: new months created, changed ones updated, the same file twice
    changes nothing; any error stores nothing."""
    codes = set(selectors.configurations(organization).values_list("code", flat=True))
    plan = check_gse(path, codes)
    report = plan.report
    if not report.ok:
        return report
    stored = {(s.month, s.configuration): s for s in selectors.gse_statements(organization)}
    kind = _("righe del rendiconto GSE")
    for (month, code), (kwh, tip, value) in sorted(plan.rows.items()):
        row = stored.get((month, code))
        if row is None:
            GseStatement.objects.create(
                organization=organization,
                month=month,
                configuration=code,
                shared_kwh=kwh,
                tip_eur=tip,
                valorisation_eur=value,
            )
            report.count(kind, "created")
        elif (row.shared_kwh, row.tip_eur, row.valorisation_eur) != (kwh, tip, value):
            row.shared_kwh, row.tip_eur, row.valorisation_eur = kwh, tip, value
            row.save(update_fields=["shared_kwh", "tip_eur", "valorisation_eur"])
            report.count(kind, "updated")
        else:
            report.count(kind, "unchanged")
    log_action(
        actor=actor,
        organization=organization,
        action="energy.gse.import",
        obj=organization,
        after={"counts": report.counts},
    )
    report.saved = True
    return report
