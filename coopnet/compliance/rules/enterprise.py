"""Social-enterprise rule (D.Lgs. 112/2017, DOMAIN.md §3) and network principles (§8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coopnet.core.formatting import number
from coopnet.core.models import Organization, OrganizationKind
from coopnet.network.rules import incubation_notice

from ..findings import Level, Status, Unit
from ..selectors import OrgFacts
from .common import SOCIAL, Measure, Rule, day, ok_or

# Social cooperatives and their consortia are social enterprises by right (R-IS-1).
SOCIAL_ENTERPRISES = SOCIAL | {OrganizationKind.CONSORTIUM}

# --- R-IS-4: the highest gross annual pay is at most 8 times the lowest (12 if justified) -----


def _pay_ratio(organization: Organization, f: OrgFacts) -> Measure:
    pay = f.pay
    limit = f.param("is.pay_ratio_max")
    justified = f.param("is.pay_ratio_max_justified")
    if pay.lowest is None or pay.highest is None:
        return Measure(Status.NOT_APPLICABLE)
    if pay.highest <= limit * pay.lowest:
        status = Status.OK
    else:
        status = Status.WARNING if pay.highest <= justified * pay.lowest else Status.VIOLATION
    times = (pay.highest / pay.lowest).quantize(Decimal("0.01"))
    return Measure(
        status,
        times,
        limit,
        {
            "employees": pay.employees,
            "pay_ratio": times,
            "pay_ratio_max": limit,
            "pay_ratio_max_justified": justified,
        },
    )


def _pay_ratio_text(m: Measure, as_of: dt.date) -> str:
    if m.status == Status.NOT_APPLICABLE:
        return _(
            "Il %(day)s non risultano dipendenti con la retribuzione annua lorda registrata."
        ) % {"day": day(as_of)}
    return _(
        "Tra i %(n)s dipendenti in servizio il %(day)s la retribuzione annua lorda più alta è "
        "%(x)s volte la più bassa. L'art. 13 D.Lgs. 112/2017 consente al massimo %(max)s volte "
        "(%(just)s se giustificato da competenze specifiche, D.L. 48/2023 art. 29)."
    ) % {
        "n": m.data["employees"],
        "day": day(as_of),
        "x": number(m.value),
        "max": number(m.threshold),
        "just": number(m.data["pay_ratio_max_justified"]),
    }


# --- R-NET-1: a social cooperative stays at human scale (advice: at most 100 members) ---------


def _human_scale(organization: Organization, f: OrgFacts) -> Measure:
    total = f.members.total
    limit = f.param("net.human_scale_max_members")
    return Measure(ok_or(Status.WARNING, total <= limit), Decimal(total), limit, {"members": total})


def _human_scale_text(m: Measure, as_of: dt.date) -> str:
    return _(
        "Il %(day)s i soci sono %(n)s. Per conservare fiducia e capitale sociale la rete "
        "consiglia di restare entro %(max)s soci (principio della dimensione umana): è un "
        "consiglio, non un obbligo di legge."
    ) % {"day": day(as_of), "n": m.data["members"], "max": number(m.threshold)}


# --- R-NET-3: each social cooperative incubates a new one (strawberry fields; advice) ---------


def _incubations(organization: Organization, f: OrgFacts) -> Measure:
    expected = f.param("net.incubations_expected")
    done = f.incubations >= expected
    return Measure(
        ok_or(Status.INFO, done),
        Decimal(f.incubations),
        expected,
        {"incubated": f.incubations},
        notes={"notice": incubation_notice(organization, has_incubated=done)},
    )


def _incubations_text(m: Measure, as_of: dt.date) -> str:
    notice = m.notes["notice"]
    if notice is None:
        text = _("Il %(day)s la cooperativa ha incubato %(n)s nuove cooperative.") % {
            "day": day(as_of),
            "n": m.data["incubated"],
        }
    else:
        text = f"{notice.message} ({notice.law})"
    return text


# --- the declarations -------------------------------------------------------------------------

is_4 = Rule(
    id="R-IS-4",
    title=gettext_lazy("Rapporto tra retribuzioni"),
    law="D.Lgs. 112/2017 art. 13",
    level=Level.CERTAIN,
    kinds=SOCIAL_ENTERPRISES,
    measure=_pay_ratio,
    text=_pay_ratio_text,
    actions={
        Status.WARNING: gettext_lazy(
            "Il rapporto è giustificabile solo per comprovate esigenze di competenze "
            "specifiche: documentarle nel bilancio sociale."
        ),
        Status.VIOLATION: gettext_lazy(
            "Rivedere le retribuzioni: il rapporto supera anche il limite giustificabile."
        ),
    },
    unit=Unit.TIMES,
)
net_1 = Rule(
    id="R-NET-1",
    title=gettext_lazy("Dimensione umana"),
    law="principi della rete",
    level=Level.NETWORK,
    kinds=SOCIAL,
    measure=_human_scale,
    text=_human_scale_text,
    actions={
        Status.WARNING: gettext_lazy(
            "Valutare la nascita di una nuova cooperativa (spin-off o incubazione) per una "
            "parte delle attività."
        )
    },
    unit=Unit.COUNT,
)
net_3 = Rule(
    id="R-NET-3",
    title=gettext_lazy("Campi di fragole: incubazione"),
    law="principi della rete",
    level=Level.NETWORK,
    kinds=SOCIAL,
    measure=_incubations,
    text=_incubations_text,
    actions={
        Status.INFO: gettext_lazy(
            "Registrare l'incubazione quando la cooperativa ne avvia una nuova."
        ),
    },
    unit=Unit.COUNT,
)
