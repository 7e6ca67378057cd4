"""Rules of L. 381/1991 on social cooperatives (DOMAIN.md §1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from coopnet.core.formatting import number, percent
from coopnet.core.models import Organization, OrganizationKind
from coopnet.members.models import MemberCategory
from coopnet.network.rules import legal_name_notice
from coopnet.workforce.vault import CERTIFICATE_ALERT_DAYS

from ..disadvantage import WORK_INTEGRATION_KINDS, CertificateCounts
from ..findings import DataValue, Finding, Level, Status, Unit
from ..selectors import OrgFacts
from .common import SOCIAL, day, facts_for, kind_not_covered, not_applicable, ratio


def r381_1b(organization: Organization, as_of: dt.date, facts: OrgFacts | None = None) -> Finding:
    """R-381-1b: the legal name of a social cooperative contains "cooperativa sociale"."""
    rule, level = "R-381-1b", Level.CERTAIN
    if organization.kind not in SOCIAL:
        return kind_not_covered(rule, as_of, level, organization)
    notice = legal_name_notice(organization.kind, organization.legal_name)
    if notice is None:
        return Finding(
            rule=rule,
            status=Status.OK,
            value=None,
            threshold=None,
            as_of=as_of,
            explanation=_(
                "La ragione sociale contiene l'indicazione «cooperativa sociale», come chiede "
                "l'art. 1 c.3 L. 381/1991."
            ),
            level=level,
        )
    return Finding(
        rule=rule,
        status=Status.VIOLATION,
        value=None,
        threshold=None,
        as_of=as_of,
        explanation=_("%(message)s (art. 1 c.3 L. 381/1991)") % {"message": notice.message},
        action=_(
            "Modificare la denominazione con una delibera dell'assemblea straordinaria e "
            "aggiornare il Registro delle imprese."
        ),
        level=level,
    )


def r381_2a(organization: Organization, as_of: dt.date, facts: OrgFacts | None = None) -> Finding:
    """R-381-2a: volunteer members are at most half of all members."""
    rule, level = "R-381-2a", Level.CERTAIN
    if organization.kind not in SOCIAL:
        return kind_not_covered(rule, as_of, level, organization)
    f = facts_for(organization, as_of, facts)
    total = f.members.total
    volunteers = f.members.of(MemberCategory.VOLONTARIO)
    threshold = f.param("r381.volunteer_max_share")
    share = ratio(volunteers, total) or Decimal("0")
    within = volunteers <= threshold * total
    text = _(
        "I soci volontari sono %(v)s su %(t)s soci (%(share)s). L'art. 2 c.2 L. 381/1991 "
        "consente soci volontari fino al %(max)s del totale dei soci, volontari compresi."
    ) % {"v": volunteers, "t": total, "share": percent(share), "max": percent(threshold)}
    return Finding(
        rule=rule,
        status=Status.OK if within else Status.VIOLATION,
        value=share,
        threshold=threshold,
        as_of=as_of,
        explanation=text,
        data={"members": total, "volunteer_members": volunteers, "volunteer_share": share},
        action=""
        if within
        else _(
            "Ammettere nuovi soci non volontari o riportare il numero dei soci volontari entro "
            "il limite; nel frattempo non ammettere altri soci volontari."
        ),
        level=level,
        unit=Unit.RATIO,
    )


def r381_2c(organization: Organization, as_of: dt.date, facts: OrgFacts | None = None) -> Finding:
    """R-381-2c: every active volunteer is insured against accidents and diseases."""
    rule, level = "R-381-2c", Level.CERTAIN
    if organization.kind not in SOCIAL:
        return kind_not_covered(rule, as_of, level, organization)
    f = facts_for(organization, as_of, facts)
    active, insured = f.volunteers.active, f.volunteers.insured
    uninsured = active - insured
    text = _(
        "Il %(day)s i volontari attivi sono %(a)s, di cui %(i)s con una copertura assicurativa "
        "valida contro infortuni e malattie professionali (art. 2 c.3 L. 381/1991)."
    ) % {"day": day(as_of), "a": active, "i": insured}
    return Finding(
        rule=rule,
        status=Status.OK if uninsured == 0 else Status.VIOLATION,
        value=Decimal(uninsured),
        threshold=Decimal("0"),
        as_of=as_of,
        explanation=text,
        data={"active_volunteers": active, "insured": insured, "uninsured": uninsured},
        action=""
        if uninsured == 0
        else _(
            "Assicurare i %(n)s volontari scoperti (INAIL o polizza) prima di impegnarli in "
            "qualunque attività."
        )
        % {"n": uninsured},
        level=level,
        unit=Unit.COUNT,
    )


def r381_4b(organization: Organization, as_of: dt.date, facts: OrgFacts | None = None) -> Finding:
    """R-381-4b: disadvantaged workers are at least 30% of the workers (average over a year)."""
    rule, level = "R-381-4b", Level.SECONDARY
    if organization.kind not in WORK_INTEGRATION_KINDS:
        return kind_not_covered(rule, as_of, level, organization)
    f = facts_for(organization, as_of, facts)
    assert f.disadvantage is not None
    days = f.disadvantage.windows[-1]
    threshold = f.param("r381.disadvantaged_min_share")
    spans = f.disadvantage
    mixed = organization.kind == OrganizationKind.SOCIAL_COOP_AB
    base: dict[str, DataValue] = {
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
        base |= {"branch_a_workers": spans.branch_a, "workers_without_branch": spans.untagged}
    if days.worker_days == 0:
        return not_applicable(
            rule,
            as_of,
            level,
            _(
                "Nessun lavoratore dipendente o socio lavoratore nel periodo dal %(start)s al "
                "%(end)s: la soglia si applica dall'inizio dell'attività."
            )
            % {"start": day(days.window.start), "end": day(days.window.end)},
        )
    d, t = days.disadvantaged_days, days.worker_days
    of_all = ratio(d, t)
    of_others = ratio(d, t - d)
    meets_all = d >= threshold * t
    meets_others = d >= threshold * (t - d)
    status = Status.OK if meets_all else Status.WARNING if meets_others else Status.VIOLATION
    text = [
        _(
            "In media dal %(start)s al %(end)s (%(n)s giorni) i lavoratori sono stati "
            "%(t)s, di cui %(d)s svantaggiati: %(all)s di tutti i lavoratori (D/T) e %(others)s "
            "dei lavoratori non svantaggiati (D/(T-D), lettura INPS). L'art. 4 c.2 "
            "L. 381/1991 chiede almeno il %(min)s."
        )
        % {
            "start": day(days.window.start),
            "end": day(days.window.end),
            "n": days.window.days,
            "t": number(days.workers),
            "d": number(days.disadvantaged),
            "all": percent(of_all),
            "others": percent(of_others) if of_others is not None else "—",
            "min": percent(threshold),
        },
        _(
            "Si contano le persone, non le ore (Interpello 17/2015), ciascuna pesata per i "
            "giorni di impiego nel periodo (Interpello 4/2008). Sono esclusi i volontari, i "
            "tirocinanti e i collaboratori, che non hanno una posizione INPS da dipendente."
        ),
    ]
    if mixed:
        text.append(
            _(
                "In una cooperativa mista si contano solo i lavoratori del ramo B "
                "(Interpello Min. Lavoro 42/2009)."
            )
        )
    if status == Status.WARNING:
        text.append(
            _(
                "La soglia è raggiunta solo secondo la lettura INPS (circ. 296/1992), riportata "
                "da fonti secondarie e incerta: i due calcoli non coincidono."
            )
        )
    actions = {
        Status.OK: "",
        Status.WARNING: _(
            "Verificare con il consulente quale calcolo adotta la propria regione e portare "
            "D/T almeno al %(min)s per essere al riparo da contestazioni."
        )
        % {"min": percent(threshold)},
        Status.VIOLATION: _(
            "Inserire lavoratori svantaggiati o registrare le certificazioni mancanti: sotto la "
            "soglia la cooperativa rischia la cancellazione dalla sezione B dell'albo e gli "
            "affidamenti dell'art. 5."
        ),
    }
    action = actions[status]
    if mixed and spans.untagged:
        action = " ".join(
            part
            for part in (
                action,
                _("Indicare il ramo (A o B) di %(n)s lavoratori.") % {"n": spans.untagged},
            )
            if part
        )
    return Finding(
        rule=rule,
        status=status,
        value=of_all,
        threshold=threshold,
        as_of=as_of,
        explanation=" ".join(str(part) for part in text),
        data=base | {"share_of_workers": of_all, "share_of_non_disadvantaged": of_others},
        action=action,
        level=level,
        unit=Unit.RATIO,
    )


def _certificates(f: OrgFacts) -> CertificateCounts:
    assert f.disadvantage is not None
    return f.disadvantage.certificates


def r381_4c(organization: Organization, as_of: dt.date, facts: OrgFacts | None = None) -> Finding:
    """R-381-4c: disadvantaged workers are members, or the reason they are not is recorded."""
    rule, level = "R-381-4c", Level.CERTAIN
    if organization.kind not in WORK_INTEGRATION_KINDS:
        return kind_not_covered(rule, as_of, level, organization)
    counts = _certificates(facts_for(organization, as_of, facts))
    missing = counts.not_member_unjustified
    text = _(
        "Il %(day)s i lavoratori svantaggiati in servizio sono %(n)s; %(m)s non sono soci e "
        "non è indicato il motivo. L'art. 4 c.2 L. 381/1991 chiede che siano soci "
        "compatibilmente con il loro stato soggettivo: è un avviso, non un divieto."
    ) % {"day": day(as_of), "n": counts.disadvantaged_now, "m": missing}
    return Finding(
        rule=rule,
        status=Status.WARNING if missing else Status.OK,
        value=Decimal(missing),
        threshold=Decimal("0"),
        as_of=as_of,
        explanation=text,
        data={
            "disadvantaged_workers": counts.disadvantaged_now,
            "not_members_unjustified": missing,
        },
        action=_(
            "Proporre l'ammissione a socio o annotare, nella scheda riservata, perché non è "
            "compatibile con la sua condizione."
        )
        if missing
        else "",
        level=level,
        unit=Unit.COUNT,
    )


def r381_4d(organization: Organization, as_of: dt.date, facts: OrgFacts | None = None) -> Finding:
    """R-381-4d: the disadvantaged status is documented by a public body and still valid."""
    rule, level = "R-381-4d", Level.CERTAIN
    if organization.kind not in WORK_INTEGRATION_KINDS:
        return kind_not_covered(rule, as_of, level, organization)
    c = _certificates(facts_for(organization, as_of, facts))
    if c.expired_while_employed:
        status = Status.VIOLATION
        action = _(
            "Rinnovare le certificazioni scadute: senza certificazione valida il lavoratore non "
            "conta come svantaggiato."
        )
    elif c.missing_document or c.missing_issuer:
        status = Status.WARNING
        action = _("Allegare il documento e indicare l'ente pubblico che lo ha rilasciato.")
    elif c.expiring_soon:
        status = Status.INFO
        action = _("Chiedere per tempo il rinnovo delle certificazioni in scadenza.")
    else:
        status, action = Status.OK, ""
    text = _(
        "La condizione di svantaggio deve essere documentata da una pubblica amministrazione "
        "(art. 4 c.2 L. 381/1991). Il %(day)s: %(n)s lavoratori svantaggiati in servizio; "
        "%(exp)s con certificazione scaduta; %(doc)s senza documento allegato; %(iss)s senza "
        "ente certificatore; %(soon)s in scadenza entro %(days)s giorni."
    ) % {
        "day": day(as_of),
        "n": c.disadvantaged_now,
        "exp": c.expired_while_employed,
        "doc": c.missing_document,
        "iss": c.missing_issuer,
        "soon": c.expiring_soon,
        "days": CERTIFICATE_ALERT_DAYS,
    }
    return Finding(
        rule=rule,
        status=status,
        value=Decimal(c.expired_while_employed),
        threshold=Decimal("0"),
        as_of=as_of,
        explanation=text,
        data={
            "disadvantaged_workers": c.disadvantaged_now,
            "expired": c.expired_while_employed,
            "missing_document": c.missing_document,
            "missing_issuer": c.missing_issuer,
            "expiring_soon": c.expiring_soon,
        },
        action=action,
        level=level,
        unit=Unit.COUNT,
    )


def r381_8(organization: Organization, as_of: dt.date, facts: OrgFacts | None = None) -> Finding:
    """R-381-8: at least 70% of a social consortium's members are social cooperatives."""
    rule, level = "R-381-8", Level.CERTAIN
    if organization.kind != OrganizationKind.CONSORTIUM:
        return kind_not_covered(rule, as_of, level, organization)
    f = facts_for(organization, as_of, facts)
    total, social = f.affiliates.total, f.affiliates.social_cooperatives
    threshold = f.param("r381.consortium_social_coop_min_share")
    if total == 0:
        return not_applicable(
            rule, as_of, level, _("Il %(day)s il consorzio non ha aderenti.") % {"day": day(as_of)}
        )
    share = ratio(social, total)
    within = social >= threshold * total
    text = _(
        "Il %(day)s gli aderenti sono %(t)s, di cui %(s)s cooperative sociali (%(share)s). La "
        "L. 381/1991 si applica ai consorzi con almeno il %(min)s di cooperative sociali "
        "(art. 8)."
    ) % {
        "day": day(as_of),
        "t": total,
        "s": social,
        "share": percent(share),
        "min": percent(threshold),
    }
    return Finding(
        rule=rule,
        status=Status.OK if within else Status.VIOLATION,
        value=share,
        threshold=threshold,
        as_of=as_of,
        explanation=text,
        data={"affiliates": total, "social_cooperatives": social, "social_share": share},
        action=""
        if within
        else _(
            "Sotto la soglia il consorzio non può restare nella sezione C dell'albo: valutare "
            "nuove adesioni di cooperative sociali."
        ),
        level=level,
        unit=Unit.RATIO,
    )
