"""Civil Code rules on cooperatives' members, shares and deadlines (DOMAIN.md §2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coopnet.core.formatting import money, number
from coopnet.core.models import LegalForm, Organization
from coopnet.members.models import MemberCategory

from ..findings import Level, Status, Unit
from ..selectors import OrgFacts
from .common import COOPERATIVES, Measure, Rule, Text, day

# --- R-CC-2522: at least 9 members, or 3 natural persons in the Srl model [U wording] ---------


def _member_count(organization: Organization, f: OrgFacts) -> Measure:
    total = f.members.total
    srl = organization.legal_form == LegalForm.SCRL
    natural_only = f.members.legal_persons == 0
    srl_minimum = f.param("cc.min_members_srl_natural")
    general_minimum = f.param("cc.min_members")
    minimum = srl_minimum if srl and natural_only else general_minimum
    cooperators = total - f.members.of(MemberCategory.SOVVENTORE, MemberCategory.FINANZIATORE)
    srl_cap = f.param("cc.srl_model_max_cooperators")
    notes = {
        "srl_assets": f.param("cc.srl_model_max_assets"),
        "restore_months": f.param("cc.min_members_restore_months"),
        "no_legal_form": not organization.legal_form,
        "too_few": total < minimum,
        "srl_too_large": total >= minimum and srl and cooperators >= srl_cap,
    }
    return Measure(
        Status.WARNING if notes["too_few"] or notes["srl_too_large"] else Status.OK,
        Decimal(total),
        minimum,
        {
            "members": total,
            "cooperator_members": cooperators,
            "legal_person_members": f.members.legal_persons,
            "minimum": minimum,
        },
        notes,
    )


def _member_count_text(m: Measure, as_of: dt.date) -> Text:
    text = [
        _(
            "Il %(day)s i soci sono %(n)s (%(c)s cooperatori, %(lp)s persone giuridiche). L'art. "
            "2522 c.c. chiede almeno 9 soci, o almeno 3 persone fisiche se la cooperativa "
            "adotta le norme della Srl: qui il minimo è %(min)s."
        )
        % {
            "day": day(as_of),
            "n": m.data["members"],
            "c": m.data["cooperator_members"],
            "lp": m.data["legal_person_members"],
            "min": number(m.threshold),
        }
    ]
    if m.notes["no_legal_form"]:
        text.append(_("La forma giuridica non è indicata: si applica il minimo di 9 soci."))
    action = ""
    if m.notes["too_few"]:
        action = _(
            "Ammettere nuovi soci: se il numero non è ricostituito entro %(months)s mesi la "
            "società si scioglie (art. 2522 c.c.)."
        ) % {"months": number(m.notes["restore_months"])}
    elif m.notes["srl_too_large"]:
        text.append(
            _(
                "Con %(c)s soci cooperatori il modello Srl è ammesso solo se l'attivo non supera "
                "%(assets)s (art. 2519 c.c.)."
            )
            % {"c": m.data["cooperator_members"], "assets": money(m.notes["srl_assets"])}
        )
        action = _("Verificare l'attivo dell'ultimo bilancio o adottare le norme della SpA.")
    text.append(_("Il testo della norma è riportato da fonti non verificate: è solo un avviso."))
    return " ".join(text), action


# --- R-CC-2525: share nominal value within bounds, natural persons' holdings under the cap ----


def _holdings(organization: Organization, f: OrgFacts) -> Measure:
    # Every parameter is read up front, so the number of lookups never depends on the data.
    cap = f.param("cc.holding_max")
    minimum = f.param("cc.share_min_value")
    maximum = f.param("cc.share_max_value")
    large_coop = f.param("cc.holding_cap_large_coop_members")
    large_share = f.param("cc.holding_cap_large_coop_share")
    statute = f.shares.statute
    data: dict[str, Any] = {"holding_cap": cap}
    notes: dict[str, Any] = {
        "no_statute": statute is None,
        "below_minimum": False,
        "above_maximum": False,
    }
    if statute is not None:
        nominal = statute.share_nominal_value
        data |= {"share_nominal_value": nominal, "share_min_value": minimum}
        notes["below_minimum"] = nominal < minimum
        if statute.shares_are_azioni:
            data["share_max_value"] = maximum
            notes["above_maximum"] = nominal > maximum
    raised = max(cap, f.shares.capital * large_share) if f.members.total > large_coop else cap
    over = [h for h in f.shares.large_holdings if h > cap]
    beyond = [h for h in over if h > raised]
    data |= {"holdings_over_cap": len(over), "holdings_over_raised_cap": len(beyond)}
    notes["within_raised_cap"] = len(over) - len(beyond)
    if notes["below_minimum"] or notes["above_maximum"] or beyond:
        status = Status.VIOLATION
    else:
        status = Status.WARNING if notes["no_statute"] or notes["within_raised_cap"] else Status.OK
    return Measure(status, None, cap, data, notes)


def _holdings_text(m: Measure, as_of: dt.date) -> Text:
    cap = number(m.threshold)
    problems: list[str] = []
    warnings: list[str] = []
    if m.notes["below_minimum"]:
        problems.append(
            _("Il valore nominale di %(v)s euro è inferiore al minimo di %(min)s euro.")
            % {"v": number(m.data["share_nominal_value"]), "min": number(m.data["share_min_value"])}
        )
    if m.notes["above_maximum"]:
        problems.append(
            _("Il valore nominale di un'azione (%(v)s euro) supera %(max)s euro.")
            % {"v": number(m.data["share_nominal_value"]), "max": number(m.data["share_max_value"])}
        )
    if m.notes["no_statute"]:
        warnings.append(_("Lo statuto non è registrato: il valore nominale non è verificabile."))
    if m.data["holdings_over_raised_cap"]:
        problems.append(
            _("%(n)s soci persone fisiche hanno una partecipazione oltre il limite.")
            % {"n": m.data["holdings_over_raised_cap"]}
        )
    if m.notes["within_raised_cap"]:
        warnings.append(
            _(
                "%(n)s partecipazioni superano %(cap)s euro ma restano entro il 2%% del capitale: "
                "è ammesso solo se lo statuto lo prevede (oltre 500 soci)."
            )
            % {"n": m.notes["within_raised_cap"], "cap": cap}
        )
    text = _(
        "Art. 2525 c.c. (DM 8/8/2024): ogni quota o azione vale almeno il minimo di legge, ogni "
        "azione non più del massimo, e la partecipazione di un socio persona fisica non supera "
        "%(cap)s euro (esclusi i ristorni capitalizzati)."
    ) % {"cap": cap}
    action = ""
    if m.status != Status.OK:
        action = _(
            "Ridurre le partecipazioni eccedenti (cessione o rimborso) o adeguare lo statuto."
        )
    return " ".join([text, *problems, *warnings]), action


# --- R-CC-2528 and 2532: requests the board must decide within a term -------------------------


def _waiting(f: OrgFacts, key: str, starts: list[dt.date], appeals: int | None = None) -> Measure:
    """Requests started on ``starts`` and undecided on the day, against the term ``key``."""
    days = f.param(key)
    term = dt.timedelta(days=int(days))
    in_term = [s + term for s in starts if f.as_of <= s + term]
    overdue = len(starts) - len(in_term)
    longest = (f.as_of - min(starts)).days if starts else 0
    deadline = min(in_term, default=None)
    data: dict[str, Any] = {
        "pending": len(starts),
        "overdue": overdue,
        "longest_wait_days": longest,
        "next_deadline": deadline.isoformat() if deadline else None,
    }
    if appeals is not None:
        data["appeals_pending"] = appeals
    if overdue:
        status = Status.VIOLATION
    elif appeals:
        status = Status.WARNING
    else:
        status = Status.INFO if starts else Status.OK
    return Measure(status, Decimal(longest), days, data)


def _applications(organization: Organization, f: OrgFacts) -> Measure:
    return _waiting(
        f, "cc.admission_decision_days", f.pending.applications, appeals=len(f.pending.appeals)
    )


def _applications_text(m: Measure, as_of: dt.date) -> str:
    return _(
        "Il consiglio decide sulle domande di ammissione e comunica il rigetto motivato entro "
        "%(days)s giorni; l'aspirante socio può ricorrere all'assemblea, che decide alla prima "
        "riunione (art. 2528 c.c.). Il %(day)s: %(p)s domande in attesa, %(o)s oltre il "
        "termine; %(a)s ricorsi non ancora decisi."
    ) % {
        "days": number(m.threshold),
        "day": day(as_of),
        "p": m.data["pending"],
        "o": m.data["overdue"],
        "a": m.data["appeals_pending"],
    }


def _withdrawals(organization: Organization, f: OrgFacts) -> Measure:
    return _waiting(f, "cc.withdrawal_decision_days", f.pending.withdrawals)


def _withdrawals_text(m: Measure, as_of: dt.date) -> str:
    return _(
        "Il consiglio esamina la dichiarazione di recesso entro %(days)s giorni dal "
        "ricevimento (art. 2532 c.c.). Il %(day)s: %(p)s richieste in attesa, %(o)s oltre il "
        "termine."
    ) % {
        "days": number(m.threshold),
        "day": day(as_of),
        "p": m.data["pending"],
        "o": m.data["overdue"],
    }


# --- the declarations -------------------------------------------------------------------------

cc_2522 = Rule(
    id="R-CC-2522",
    title=gettext_lazy("Numero minimo di soci"),
    law="c.c. art. 2522",
    level=Level.UNCERTAIN,
    kinds=COOPERATIVES,
    measure=_member_count,
    text=_member_count_text,
    unit=Unit.COUNT,
)
cc_2525 = Rule(
    id="R-CC-2525",
    title=gettext_lazy("Quote e limiti di partecipazione"),
    law="c.c. art. 2525",
    level=Level.CERTAIN,
    kinds=COOPERATIVES,
    measure=_holdings,
    text=_holdings_text,
    unit=Unit.EURO,
)
cc_2528 = Rule(
    id="R-CC-2528",
    title=gettext_lazy("Domande di ammissione e ricorsi"),
    law="c.c. art. 2528",
    level=Level.CERTAIN,
    kinds=COOPERATIVES,
    measure=_applications,
    text=_applications_text,
    actions={
        Status.VIOLATION: gettext_lazy(
            "Il consiglio deve decidere subito sulle domande scadute e comunicarlo."
        ),
        Status.WARNING: gettext_lazy(
            "Mettere i ricorsi all'ordine del giorno della prossima assemblea."
        ),
        Status.INFO: gettext_lazy("Decidere sulle domande entro il termine."),
    },
    unit=Unit.DAYS,
)
cc_2532 = Rule(
    id="R-CC-2532",
    title=gettext_lazy("Richieste di recesso"),
    law="c.c. art. 2532",
    level=Level.CERTAIN,
    kinds=COOPERATIVES,
    measure=_withdrawals,
    text=_withdrawals_text,
    actions={
        Status.VIOLATION: gettext_lazy(
            "Il consiglio deve esaminare subito le richieste di recesso scadute."
        ),
        Status.INFO: gettext_lazy("Esaminare le richieste di recesso entro il termine."),
    },
    unit=Unit.DAYS,
)
