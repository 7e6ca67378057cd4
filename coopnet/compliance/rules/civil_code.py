"""Civil Code rules on cooperatives' members, shares and deadlines (DOMAIN.md §2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from coopnet.core.formatting import money, number
from coopnet.core.models import LegalForm, Organization
from coopnet.members.models import MemberCategory

from ..findings import DataValue, Finding, Level, Status, Unit
from ..selectors import OrgFacts
from .common import COOPERATIVES, day, facts_for, kind_not_covered


def cc_2522(organization: Organization, as_of: dt.date, facts: OrgFacts | None = None) -> Finding:
    """R-CC-2522: at least 9 members, or 3 natural persons in the Srl model [U wording]."""
    rule, level = "R-CC-2522", Level.UNCERTAIN
    if organization.kind not in COOPERATIVES:
        return kind_not_covered(rule, as_of, level, organization)
    f = facts_for(organization, as_of, facts)
    total = f.members.total
    srl = organization.legal_form == LegalForm.SCRL
    natural_only = f.members.legal_persons == 0
    srl_minimum = f.param("cc.min_members_srl_natural")
    general_minimum = f.param("cc.min_members")
    minimum = srl_minimum if srl and natural_only else general_minimum
    cooperators = total - f.members.of(MemberCategory.SOVVENTORE, MemberCategory.FINANZIATORE)
    srl_cap = f.param("cc.srl_model_max_cooperators")
    srl_assets = f.param("cc.srl_model_max_assets")
    restore_months = f.param("cc.min_members_restore_months")
    text = [
        _(
            "Il %(day)s i soci sono %(n)s (%(c)s cooperatori, %(lp)s persone giuridiche). L'art. "
            "2522 c.c. chiede almeno 9 soci, o almeno 3 persone fisiche se la cooperativa "
            "adotta le norme della Srl: qui il minimo è %(min)s."
        )
        % {
            "day": day(as_of),
            "n": total,
            "c": cooperators,
            "lp": f.members.legal_persons,
            "min": number(minimum),
        }
    ]
    if not organization.legal_form:
        text.append(_("La forma giuridica non è indicata: si applica il minimo di 9 soci."))
    action = ""
    status = Status.OK
    if total < minimum:
        status = Status.WARNING
        action = _(
            "Ammettere nuovi soci: se il numero non è ricostituito entro %(months)s mesi la "
            "società si scioglie (art. 2522 c.c.)."
        ) % {"months": number(restore_months)}
    elif srl and cooperators >= srl_cap:
        status = Status.WARNING
        text.append(
            _(
                "Con %(c)s soci cooperatori il modello Srl è ammesso solo se l'attivo non supera "
                "%(assets)s (art. 2519 c.c.)."
            )
            % {"c": cooperators, "assets": money(srl_assets)}
        )
        action = _("Verificare l'attivo dell'ultimo bilancio o adottare le norme della SpA.")
    text.append(_("Il testo della norma è riportato da fonti non verificate: è solo un avviso."))
    return Finding(
        rule=rule,
        status=status,
        value=Decimal(total),
        threshold=minimum,
        as_of=as_of,
        explanation=" ".join(str(part) for part in text),
        data={
            "members": total,
            "cooperator_members": cooperators,
            "legal_person_members": f.members.legal_persons,
            "minimum": minimum,
        },
        action=action,
        level=level,
        unit=Unit.COUNT,
    )


def cc_2525(organization: Organization, as_of: dt.date, facts: OrgFacts | None = None) -> Finding:
    """R-CC-2525: share nominal value within bounds, natural persons' holdings under the cap."""
    rule, level = "R-CC-2525", Level.CERTAIN
    if organization.kind not in COOPERATIVES:
        return kind_not_covered(rule, as_of, level, organization)
    f = facts_for(organization, as_of, facts)
    # Every parameter is read up front, so the number of lookups never depends on the data.
    cap = f.param("cc.holding_max")
    minimum = f.param("cc.share_min_value")
    maximum = f.param("cc.share_max_value")
    large_coop = f.param("cc.holding_cap_large_coop_members")
    large_share = f.param("cc.holding_cap_large_coop_share")
    statute = f.shares.statute
    problems: list[str] = []
    warnings: list[str] = []
    data: dict[str, DataValue] = {"holding_cap": cap}
    if statute is not None:
        nominal = statute.share_nominal_value
        data |= {"share_nominal_value": nominal, "share_min_value": minimum}
        if nominal < minimum:
            problems.append(
                _("Il valore nominale di %(v)s euro è inferiore al minimo di %(min)s euro.")
                % {"v": number(nominal), "min": number(minimum)}
            )
        if statute.shares_are_azioni:
            data["share_max_value"] = maximum
            if nominal > maximum:
                problems.append(
                    _("Il valore nominale di un'azione (%(v)s euro) supera %(max)s euro.")
                    % {"v": number(nominal), "max": number(maximum)}
                )
    else:
        warnings.append(_("Lo statuto non è registrato: il valore nominale non è verificabile."))
    over = [h for h in f.shares.large_holdings if h > cap]
    raised = cap
    if f.members.total > large_coop:
        raised = max(cap, f.shares.capital * large_share)
    beyond = [h for h in over if h > raised]
    data |= {"holdings_over_cap": len(over), "holdings_over_raised_cap": len(beyond)}
    if beyond:
        problems.append(
            _("%(n)s soci persone fisiche hanno una partecipazione oltre il limite.")
            % {"n": len(beyond)}
        )
    if len(over) > len(beyond):
        warnings.append(
            _(
                "%(n)s partecipazioni superano %(cap)s euro ma restano entro il 2%% del capitale: "
                "è ammesso solo se lo statuto lo prevede (oltre 500 soci)."
            )
            % {"n": len(over) - len(beyond), "cap": number(cap)}
        )
    text = _(
        "Art. 2525 c.c. (DM 8/8/2024): ogni quota o azione vale almeno il minimo di legge, ogni "
        "azione non più del massimo, e la partecipazione di un socio persona fisica non supera "
        "%(cap)s euro (esclusi i ristorni capitalizzati)."
    ) % {"cap": number(cap)}
    status = Status.VIOLATION if problems else Status.WARNING if warnings else Status.OK
    return Finding(
        rule=rule,
        status=status,
        value=None,
        threshold=cap,
        as_of=as_of,
        explanation=" ".join([text, *problems, *warnings]),
        data=data,
        action=_("Ridurre le partecipazioni eccedenti (cessione o rimborso) o adeguare lo statuto.")
        if status != Status.OK
        else "",
        level=level,
        unit=Unit.EURO,
    )


@dataclass(frozen=True)
class Waiting:
    """Requests waiting for a decision on ``as_of`` against a legal term in days."""

    pending: int
    overdue: int
    longest_wait_days: int
    next_deadline: dt.date | None

    @classmethod
    def of(cls, starts: list[dt.date], as_of: dt.date, days: int) -> Waiting:
        term = dt.timedelta(days=days)
        in_term = [s + term for s in starts if as_of <= s + term]
        return cls(
            pending=len(starts),
            overdue=len(starts) - len(in_term),
            longest_wait_days=(as_of - min(starts)).days if starts else 0,
            next_deadline=min(in_term, default=None),
        )

    def data(self) -> dict[str, DataValue]:
        return {
            "pending": self.pending,
            "overdue": self.overdue,
            "longest_wait_days": self.longest_wait_days,
            "next_deadline": self.next_deadline.isoformat() if self.next_deadline else None,
        }


def cc_2528(organization: Organization, as_of: dt.date, facts: OrgFacts | None = None) -> Finding:
    """R-CC-2528: applications decided within 60 days; appeals decided by the assembly."""
    rule, level = "R-CC-2528", Level.CERTAIN
    if organization.kind not in COOPERATIVES:
        return kind_not_covered(rule, as_of, level, organization)
    f = facts_for(organization, as_of, facts)
    days = f.param("cc.admission_decision_days")
    waiting = Waiting.of(f.pending.applications, as_of, int(days))
    appeals = len(f.pending.appeals)
    if waiting.overdue:
        status = Status.VIOLATION
        action = _("Il consiglio deve decidere subito sulle domande scadute e comunicarlo.")
    elif appeals:
        status = Status.WARNING
        action = _("Mettere i ricorsi all'ordine del giorno della prossima assemblea.")
    elif waiting.pending:
        status = Status.INFO
        action = _("Decidere sulle domande entro il termine.")
    else:
        status, action = Status.OK, ""
    text = _(
        "Il consiglio decide sulle domande di ammissione e comunica il rigetto motivato entro "
        "%(days)s giorni; l'aspirante socio può ricorrere all'assemblea, che decide alla prima "
        "riunione (art. 2528 c.c.). Il %(day)s: %(p)s domande in attesa, %(o)s oltre il "
        "termine; %(a)s ricorsi non ancora decisi."
    ) % {
        "days": number(days),
        "day": day(as_of),
        "p": waiting.pending,
        "o": waiting.overdue,
        "a": appeals,
    }
    return Finding(
        rule=rule,
        status=status,
        value=Decimal(waiting.longest_wait_days),
        threshold=days,
        as_of=as_of,
        explanation=text,
        data=waiting.data() | {"appeals_pending": appeals},
        action=action,
        level=level,
        unit=Unit.DAYS,
    )


def cc_2532(organization: Organization, as_of: dt.date, facts: OrgFacts | None = None) -> Finding:
    """R-CC-2532: the board examines a withdrawal request within 60 days."""
    rule, level = "R-CC-2532", Level.CERTAIN
    if organization.kind not in COOPERATIVES:
        return kind_not_covered(rule, as_of, level, organization)
    f = facts_for(organization, as_of, facts)
    days = f.param("cc.withdrawal_decision_days")
    waiting = Waiting.of(f.pending.withdrawals, as_of, int(days))
    if waiting.overdue:
        status = Status.VIOLATION
        action = _("Il consiglio deve esaminare subito le richieste di recesso scadute.")
    elif waiting.pending:
        status = Status.INFO
        action = _("Esaminare le richieste di recesso entro il termine.")
    else:
        status, action = Status.OK, ""
    text = _(
        "Il consiglio esamina la dichiarazione di recesso entro %(days)s giorni dal "
        "ricevimento (art. 2532 c.c.). Il %(day)s: %(p)s richieste in attesa, %(o)s oltre il "
        "termine."
    ) % {"days": number(days), "day": day(as_of), "p": waiting.pending, "o": waiting.overdue}
    return Finding(
        rule=rule,
        status=status,
        value=Decimal(waiting.longest_wait_days),
        threshold=days,
        as_of=as_of,
        explanation=text,
        data=waiting.data(),
        action=action,
        level=level,
        unit=Unit.DAYS,
    )
