"""Rules of L. 381/1991 on social cooperatives (DOMAIN.md §1): numbers, texts, declarations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coopnet.core.formatting import number, percent
from coopnet.core.models import Organization, OrganizationKind
from coopnet.members.models import MemberCategory
from coopnet.network.rules import legal_name_notice
from coopnet.workforce.vault import CERTIFICATE_ALERT_DAYS

from ..disadvantage import WORK_INTEGRATION_KINDS, CertificateCounts
from ..findings import Level, Status, Unit
from ..selectors import OrgFacts
from .common import SOCIAL, Measure, Rule, Text, day, ok_or, ratio

# --- R-381-1b: the legal name contains "cooperativa sociale" ----------------------------------


def _legal_name(organization: Organization, f: OrgFacts) -> Measure:
    notice = legal_name_notice(organization.kind, organization.legal_name)
    return Measure(ok_or(Status.VIOLATION, notice is None), notes={"notice": notice})


def _legal_name_text(m: Measure, as_of: dt.date) -> Text:
    if m.status == Status.OK:
        return _(
            "La ragione sociale contiene l'indicazione «cooperativa sociale», come chiede "
            "l'art. 1 c.3 L. 381/1991."
        ), ""
    return _("%(message)s (art. 1 c.3 L. 381/1991)") % {"message": m.notes["notice"].message}, _(
        "Modificare la denominazione con una delibera dell'assemblea straordinaria e "
        "aggiornare il Registro delle imprese."
    )


# --- R-381-2a: volunteer members are at most half of all members ------------------------------


def _volunteer_share(organization: Organization, f: OrgFacts) -> Measure:
    total = f.members.total
    volunteers = f.members.of(MemberCategory.VOLONTARIO)
    threshold = f.param("r381.volunteer_max_share")
    share = ratio(volunteers, total) or Decimal("0")
    return Measure(
        ok_or(Status.VIOLATION, volunteers <= threshold * total),
        share,
        threshold,
        {"members": total, "volunteer_members": volunteers, "volunteer_share": share},
    )


def _volunteer_share_text(m: Measure, as_of: dt.date) -> str:
    return _(
        "I soci volontari sono %(v)s su %(t)s soci (%(share)s). L'art. 2 c.2 L. 381/1991 "
        "consente soci volontari fino al %(max)s del totale dei soci, volontari compresi."
    ) % {
        "v": m.data["volunteer_members"],
        "t": m.data["members"],
        "share": percent(m.value),
        "max": percent(m.threshold),
    }


# --- R-381-2c: every active volunteer is insured ----------------------------------------------


def _insured(organization: Organization, f: OrgFacts) -> Measure:
    active, insured = f.volunteers.active, f.volunteers.insured
    uninsured = active - insured
    return Measure(
        ok_or(Status.VIOLATION, uninsured == 0),
        Decimal(uninsured),
        Decimal("0"),
        {"active_volunteers": active, "insured": insured, "uninsured": uninsured},
    )


def _insured_text(m: Measure, as_of: dt.date) -> Text:
    text = _(
        "Il %(day)s i volontari attivi sono %(a)s, di cui %(i)s con una copertura assicurativa "
        "valida contro infortuni e malattie professionali (art. 2 c.3 L. 381/1991)."
    ) % {"day": day(as_of), "a": m.data["active_volunteers"], "i": m.data["insured"]}
    if m.status == Status.OK:
        return text, ""
    return text, _(
        "Assicurare i %(n)s volontari scoperti (INAIL o polizza) prima di impegnarli in "
        "qualunque attività."
    ) % {"n": m.data["uninsured"]}


# --- R-381-4b: disadvantaged workers are at least 30% (average over a window) -----------------


def _disadvantaged_share(organization: Organization, f: OrgFacts) -> Measure:
    assert f.disadvantage is not None
    spans, days = f.disadvantage, f.disadvantage.windows[-1]
    threshold = f.param("r381.disadvantaged_min_share")
    mixed = organization.kind == OrganizationKind.SOCIAL_COOP_AB
    data = {
        "window_start": days.window.start.isoformat(),
        "window_end": days.window.end.isoformat(),
        "window_days": days.window.days,
        "worker_days": days.worker_days,
        "disadvantaged_days": days.disadvantaged_days,
        "workers": days.workers,
        "disadvantaged": days.disadvantaged,
        "excluded_trainees_freelancers": spans.excluded_contracts,
    }
    if mixed:
        data |= {"branch_a_workers": spans.branch_a, "workers_without_branch": spans.untagged}
    d, t = days.disadvantaged_days, days.worker_days
    if t == 0:
        return Measure(Status.NOT_APPLICABLE, data=data)
    if d >= threshold * t:
        status = Status.OK
    else:  # only the INPS reading, D/(T-D), may still reach the threshold
        status = Status.WARNING if d >= threshold * (t - d) else Status.VIOLATION
    share = ratio(d, t)
    data |= {"share_of_workers": share, "share_of_non_disadvantaged": ratio(d, t - d)}
    return Measure(status, share, threshold, data, notes={"mixed": mixed})


def _disadvantaged_share_text(m: Measure, as_of: dt.date) -> Text:
    start, end = day(m.data["window_start"]), day(m.data["window_end"])
    if m.status == Status.NOT_APPLICABLE:
        return _(
            "Nessun lavoratore dipendente o socio lavoratore nel periodo dal %(start)s al "
            "%(end)s: la soglia si applica dall'inizio dell'attività."
        ) % {"start": start, "end": end}, ""
    text = [
        _(
            "In media dal %(start)s al %(end)s (%(n)s giorni) i lavoratori sono stati "
            "%(t)s, di cui %(d)s svantaggiati: %(all)s di tutti i lavoratori (D/T) e %(others)s "
            "dei lavoratori non svantaggiati (D/(T-D), lettura INPS). L'art. 4 c.2 "
            "L. 381/1991 chiede almeno il %(min)s."
        )
        % {
            "start": start,
            "end": end,
            "n": m.data["window_days"],
            "t": number(m.data["workers"]),
            "d": number(m.data["disadvantaged"]),
            "all": percent(m.value),
            "others": percent(m.data["share_of_non_disadvantaged"]),
            "min": percent(m.threshold),
        },
        _(
            "Si contano le persone, non le ore (Interpello 17/2015), ciascuna pesata per i "
            "giorni di impiego nel periodo (Interpello 4/2008). Sono esclusi i volontari, i "
            "tirocinanti e i collaboratori, che non hanno una posizione INPS da dipendente."
        ),
    ]
    if m.notes["mixed"]:
        text.append(
            _(
                "In una cooperativa mista si contano solo i lavoratori del ramo B "
                "(Interpello Min. Lavoro 42/2009)."
            )
        )
    if m.status == Status.WARNING:
        text.append(
            _(
                "La soglia è raggiunta solo secondo la lettura INPS (circ. 296/1992), riportata "
                "da fonti secondarie e incerta: i due calcoli non coincidono."
            )
        )
    actions = {
        Status.WARNING: _(
            "Verificare con il consulente quale calcolo adotta la propria regione e portare "
            "D/T almeno al %(min)s per essere al riparo da contestazioni."
        )
        % {"min": percent(m.threshold)},
        Status.VIOLATION: _(
            "Inserire lavoratori svantaggiati o registrare le certificazioni mancanti: sotto la "
            "soglia la cooperativa rischia la cancellazione dalla sezione B dell'albo e gli "
            "affidamenti dell'art. 5."
        ),
    }
    untagged = m.data.get("workers_without_branch")
    branch = (
        _("Indicare il ramo (A o B) di %(n)s lavoratori.") % {"n": untagged} if untagged else ""
    )
    action = " ".join(part for part in (actions.get(m.status, ""), branch) if part)
    return " ".join(text), action


# --- R-381-4c and 4d: disadvantaged workers' membership and certificates ----------------------


def _certificates(f: OrgFacts) -> CertificateCounts:
    assert f.disadvantage is not None
    return f.disadvantage.certificates


def _members(organization: Organization, f: OrgFacts) -> Measure:
    counts = _certificates(f)
    missing = counts.not_member_unjustified
    return Measure(
        Status.WARNING if missing else Status.OK,
        Decimal(missing),
        Decimal("0"),
        {"disadvantaged_workers": counts.disadvantaged_now, "not_members_unjustified": missing},
    )


def _members_text(m: Measure, as_of: dt.date) -> str:
    return _(
        "Il %(day)s i lavoratori svantaggiati in servizio sono %(n)s; %(m)s non sono soci e "
        "non è indicato il motivo. L'art. 4 c.2 L. 381/1991 chiede che siano soci "
        "compatibilmente con il loro stato soggettivo: è un avviso, non un divieto."
    ) % {
        "day": day(as_of),
        "n": m.data["disadvantaged_workers"],
        "m": m.data["not_members_unjustified"],
    }


def _certified(organization: Organization, f: OrgFacts) -> Measure:
    c = _certificates(f)
    if c.expired_while_employed:
        status = Status.VIOLATION
    elif c.missing_document or c.missing_issuer:
        status = Status.WARNING
    else:
        status = Status.INFO if c.expiring_soon else Status.OK
    return Measure(
        status,
        Decimal(c.expired_while_employed),
        Decimal("0"),
        {
            "disadvantaged_workers": c.disadvantaged_now,
            "expired": c.expired_while_employed,
            "missing_document": c.missing_document,
            "missing_issuer": c.missing_issuer,
            "expiring_soon": c.expiring_soon,
        },
    )


def _certified_text(m: Measure, as_of: dt.date) -> str:
    return _(
        "La condizione di svantaggio deve essere documentata da una pubblica amministrazione "
        "(art. 4 c.2 L. 381/1991). Il %(day)s: %(n)s lavoratori svantaggiati in servizio; "
        "%(exp)s con certificazione scaduta; %(doc)s senza documento allegato; %(iss)s senza "
        "ente certificatore; %(soon)s in scadenza entro %(days)s giorni."
    ) % {
        "day": day(as_of),
        "n": m.data["disadvantaged_workers"],
        "exp": m.data["expired"],
        "doc": m.data["missing_document"],
        "iss": m.data["missing_issuer"],
        "soon": m.data["expiring_soon"],
        "days": CERTIFICATE_ALERT_DAYS,
    }


# --- R-381-8: at least 70% of a consortium's affiliates are social cooperatives ---------------


def _social_affiliates(organization: Organization, f: OrgFacts) -> Measure:
    total, social = f.affiliates.total, f.affiliates.social_cooperatives
    threshold = f.param("r381.consortium_social_coop_min_share")
    if total == 0:
        return Measure(Status.NOT_APPLICABLE)
    share = ratio(social, total)
    return Measure(
        ok_or(Status.VIOLATION, social >= threshold * total),
        share,
        threshold,
        {"affiliates": total, "social_cooperatives": social, "social_share": share},
    )


def _social_affiliates_text(m: Measure, as_of: dt.date) -> str:
    if m.status == Status.NOT_APPLICABLE:
        return _("Il %(day)s il consorzio non ha aderenti.") % {"day": day(as_of)}
    return _(
        "Il %(day)s gli aderenti sono %(t)s, di cui %(s)s cooperative sociali (%(share)s). La "
        "L. 381/1991 si applica ai consorzi con almeno il %(min)s di cooperative sociali "
        "(art. 8)."
    ) % {
        "day": day(as_of),
        "t": m.data["affiliates"],
        "s": m.data["social_cooperatives"],
        "share": percent(m.value),
        "min": percent(m.threshold),
    }


# --- the declarations -------------------------------------------------------------------------

r381_1b = Rule(
    id="R-381-1b",
    title=gettext_lazy("Denominazione «cooperativa sociale»"),
    law="L. 381/1991 art. 1 c.3",
    level=Level.CERTAIN,
    kinds=SOCIAL,
    measure=_legal_name,
    text=_legal_name_text,
)
r381_2a = Rule(
    id="R-381-2a",
    title=gettext_lazy("Soci volontari entro il 50%"),
    law="L. 381/1991 art. 2 c.2",
    level=Level.CERTAIN,
    kinds=SOCIAL,
    measure=_volunteer_share,
    text=_volunteer_share_text,
    actions={
        Status.VIOLATION: gettext_lazy(
            "Ammettere nuovi soci non volontari o riportare il numero dei soci volontari entro "
            "il limite; nel frattempo non ammettere altri soci volontari."
        )
    },
    unit=Unit.RATIO,
)
r381_2c = Rule(
    id="R-381-2c",
    title=gettext_lazy("Volontari assicurati"),
    law="L. 381/1991 art. 2 c.3",
    level=Level.CERTAIN,
    kinds=SOCIAL,
    measure=_insured,
    text=_insured_text,
    unit=Unit.COUNT,
)
r381_4b = Rule(
    id="R-381-4b",
    title=gettext_lazy("Lavoratori svantaggiati almeno 30%"),
    law="L. 381/1991 art. 4 c.2",
    level=Level.SECONDARY,
    kinds=WORK_INTEGRATION_KINDS,
    measure=_disadvantaged_share,
    text=_disadvantaged_share_text,
    unit=Unit.RATIO,
)
r381_4c = Rule(
    id="R-381-4c",
    title=gettext_lazy("Lavoratori svantaggiati soci"),
    law="L. 381/1991 art. 4 c.2",
    level=Level.CERTAIN,
    kinds=WORK_INTEGRATION_KINDS,
    measure=_members,
    text=_members_text,
    actions={
        Status.WARNING: gettext_lazy(
            "Proporre l'ammissione a socio o annotare, nella scheda riservata, perché non è "
            "compatibile con la sua condizione."
        )
    },
    unit=Unit.COUNT,
)
r381_4d = Rule(
    id="R-381-4d",
    title=gettext_lazy("Certificazioni dello svantaggio"),
    law="L. 381/1991 art. 4 c.2",
    level=Level.CERTAIN,
    kinds=WORK_INTEGRATION_KINDS,
    measure=_certified,
    text=_certified_text,
    actions={
        Status.VIOLATION: gettext_lazy(
            "Rinnovare le certificazioni scadute: senza certificazione valida il lavoratore non "
            "conta come svantaggiato."
        ),
        Status.WARNING: gettext_lazy(
            "Allegare il documento e indicare l'ente pubblico che lo ha rilasciato."
        ),
        Status.INFO: gettext_lazy(
            "Chiedere per tempo il rinnovo delle certificazioni in scadenza."
        ),
    },
    unit=Unit.COUNT,
)
r381_8 = Rule(
    id="R-381-8",
    title=gettext_lazy("Consorzio: cooperative sociali almeno 70%"),
    law="L. 381/1991 art. 8",
    level=Level.CERTAIN,
    kinds={OrganizationKind.CONSORTIUM},
    measure=_social_affiliates,
    text=_social_affiliates_text,
    actions={
        Status.VIOLATION: gettext_lazy(
            "Sotto la soglia il consorzio non può restare nella sezione C dell'albo: valutare "
            "nuove adesioni di cooperative sociali."
        )
    },
    unit=Unit.RATIO,
)
