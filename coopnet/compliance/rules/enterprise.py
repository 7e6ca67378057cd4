"""Social-enterprise rule (D.Lgs. 112/2017, DOMAIN.md §3) and network principles (§8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from coopnet.core.formatting import number
from coopnet.core.models import Organization, OrganizationKind
from coopnet.network.rules import incubation_notice

from ..findings import Finding, Level, Status, Unit
from ..selectors import OrgFacts
from .common import SOCIAL, day, facts_for, kind_not_covered, not_applicable

# Social cooperatives and their consortia are social enterprises by right (R-IS-1).
SOCIAL_ENTERPRISES = SOCIAL | {OrganizationKind.CONSORTIUM}


def is_4(organization: Organization, as_of: dt.date, facts: OrgFacts | None = None) -> Finding:
    """R-IS-4: the highest gross annual pay is at most 8 times the lowest (12 if justified)."""
    rule, level = "R-IS-4", Level.CERTAIN
    if organization.kind not in SOCIAL_ENTERPRISES:
        return kind_not_covered(rule, as_of, level, organization)
    f = facts_for(organization, as_of, facts)
    pay = f.pay
    limit = f.param("is.pay_ratio_max")
    justified = f.param("is.pay_ratio_max_justified")
    if pay.lowest is None or pay.highest is None:
        return not_applicable(
            rule,
            as_of,
            level,
            _("Il %(day)s non risultano dipendenti con la retribuzione annua lorda registrata.")
            % {"day": day(as_of)},
        )
    times = (pay.highest / pay.lowest).quantize(Decimal("0.01"))
    if pay.highest <= limit * pay.lowest:
        status, action = Status.OK, ""
    elif pay.highest <= justified * pay.lowest:
        status = Status.WARNING
        action = _(
            "Il rapporto è giustificabile solo per comprovate esigenze di competenze "
            "specifiche: documentarle nel bilancio sociale."
        )
    else:
        status = Status.VIOLATION
        action = _("Rivedere le retribuzioni: il rapporto supera anche il limite giustificabile.")
    text = _(
        "Tra i %(n)s dipendenti in servizio il %(day)s la retribuzione annua lorda più alta è "
        "%(x)s volte la più bassa. L'art. 13 D.Lgs. 112/2017 consente al massimo %(max)s volte "
        "(%(just)s se giustificato da competenze specifiche, D.L. 48/2023 art. 29)."
    ) % {
        "n": pay.employees,
        "day": day(as_of),
        "x": number(times),
        "max": number(limit),
        "just": number(justified),
    }
    return Finding(
        rule=rule,
        status=status,
        value=times,
        threshold=limit,
        as_of=as_of,
        explanation=text,
        data={
            "employees": pay.employees,
            "pay_ratio": times,
            "pay_ratio_max": limit,
            "pay_ratio_max_justified": justified,
        },
        action=action,
        level=level,
        unit=Unit.TIMES,
    )


def net_1(organization: Organization, as_of: dt.date, facts: OrgFacts | None = None) -> Finding:
    """R-NET-1: a social cooperative stays at human scale (advice: at most 100 members)."""
    rule, level = "R-NET-1", Level.NETWORK
    if organization.kind not in SOCIAL:
        return kind_not_covered(rule, as_of, level, organization)
    f = facts_for(organization, as_of, facts)
    total = f.members.total
    limit = f.param("net.human_scale_max_members")
    within = total <= limit
    text = _(
        "Il %(day)s i soci sono %(n)s. Per conservare fiducia e capitale sociale la rete "
        "consiglia di restare entro %(max)s soci (principio della dimensione umana): è un "
        "consiglio, non un obbligo di legge."
    ) % {"day": day(as_of), "n": total, "max": number(limit)}
    return Finding(
        rule=rule,
        status=Status.OK if within else Status.WARNING,
        value=Decimal(total),
        threshold=limit,
        as_of=as_of,
        explanation=text,
        data={"members": total},
        action=""
        if within
        else _(
            "Valutare la nascita di una nuova cooperativa (spin-off o incubazione) per una "
            "parte delle attività."
        ),
        level=level,
        unit=Unit.COUNT,
    )


def net_3(organization: Organization, as_of: dt.date, facts: OrgFacts | None = None) -> Finding:
    """R-NET-3: each social cooperative incubates a new one (strawberry fields; advice)."""
    rule, level = "R-NET-3", Level.NETWORK
    if organization.kind not in SOCIAL:
        return kind_not_covered(rule, as_of, level, organization)
    f = facts_for(organization, as_of, facts)
    expected = f.param("net.incubations_expected")
    done = f.incubations >= expected
    notice = incubation_notice(organization, has_incubated=done)
    text = (
        _("Il %(day)s la cooperativa ha incubato %(n)s nuove cooperative.")
        % {"day": day(as_of), "n": f.incubations}
        if notice is None
        else f"{notice.message} ({notice.law})"
    )
    return Finding(
        rule=rule,
        status=Status.OK if done else Status.INFO,
        value=Decimal(f.incubations),
        threshold=expected,
        as_of=as_of,
        explanation=str(text),
        data={"incubated": f.incubations},
        action=""
        if done
        else _("Registrare l'incubazione quando la cooperativa ne avvia una nuova."),
        level=level,
        unit=Unit.COUNT,
    )
