"""The rules of bids and contracts as plain functions over numbers (rule ids of DOMAIN.md §6).

They read no database: services pass in the parameters in force and the rows they loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from coopnet.core.formatting import money, number

from .models import BidForm, MemberRole

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class MemberSpec:
    """One organization of a consortium's or RTI's bid, as typed on the page or in the API."""

    organization_id: int
    role: str
    share: Decimal
    parts: str = ""


def composition_errors(form: str, bidder_id: int, members: Sequence[MemberSpec]) -> list[str]:
    """R-PP-65/67/68: who may take part in each form, and shares summing to 100 (empty: fine).

    Alone: nobody else. Consortium: executing members only, never the consortium itself.
    RTI: the bidder is the one lead (mandataria), at least one other member (mandante), each
    with the parts of the service it performs.
    """
    errors: list[str] = []
    ids = [m.organization_id for m in members]
    if len(set(ids)) != len(ids):
        errors.append(_("La stessa organizzazione compare due volte."))
    if form == BidForm.ALONE:
        if members:
            errors.append(_("Un'offerta singola non ha altri partecipanti."))
        return errors
    if form == BidForm.CONSORTIUM:
        if not members:
            errors.append(_("Il consorzio deve indicare almeno una consorziata esecutrice."))
        if any(m.role != MemberRole.EXECUTOR for m in members):
            errors.append(
                _("In un'offerta del consorzio i partecipanti sono consorziate esecutrici.")
            )
        if bidder_id in ids:
            errors.append(_("Il consorzio non è esecutore di sé stesso: indica le consorziate."))
    if form == BidForm.RTI:
        leads = [m for m in members if m.role == MemberRole.LEAD]
        if len(leads) != 1 or leads[0].organization_id != bidder_id:
            errors.append(_("Nel raggruppamento la mandataria è una sola: chi presenta l'offerta."))
        if not any(m.role == MemberRole.MEMBER for m in members):
            errors.append(_("Il raggruppamento ha almeno una mandante."))
        if any(m.role == MemberRole.EXECUTOR for m in members):
            errors.append(
                _("Un raggruppamento ha mandataria e mandanti, non consorziate esecutrici.")
            )
        if any(not m.parts.strip() for m in members):
            errors.append(
                _("Per ogni membro del raggruppamento indica le parti del servizio (art. 68).")
            )
    if members:
        errors.extend(share_errors([m.share for m in members]))
    return errors


def share_errors(shares: Sequence[Decimal]) -> list[str]:
    """Every share above zero and all of them summing to exactly 100%."""
    errors = []
    if any(share <= 0 for share in shares):
        errors.append(_("Ogni quota deve essere maggiore di zero."))
    total = sum(shares, Decimal(0))
    if total != HUNDRED:
        errors.append(
            _("Le quote sommano a %(total)s%%: devono fare 100%%.") % {"total": number(total)}
        )
    return errors


def convention_error(value: Decimal, threshold: Decimal) -> str:
    """R-381-5a: a convention under art. 5 only below the EU threshold (empty: fine)."""
    if value < threshold:
        return ""
    return _(
        "Le convenzioni dell'art. 5 della L. 381/1991 sono ammesse sotto la soglia UE di "
        "%(threshold)s (IVA esclusa): qui il valore è %(value)s (R-381-5a)."
    ) % {"threshold": money(threshold), "value": money(value)}


def price_revision(
    value: Decimal, cost_change: Decimal, threshold: Decimal, share: Decimal
) -> Decimal:
    """R-PP-60: the amount a cost change moves the price of ``value`` by.

    ``cost_change`` is a ratio (0.08 = costs up 8%); only the part beyond ``threshold`` counts,
    and of that part ``share``; a fall lowers the price the same way.
    """
    beyond = abs(cost_change) - threshold
    if beyond <= 0:
        return Decimal("0.00")
    amount = (value * beyond * share).quantize(CENT)
    return amount if cost_change > 0 else -amount
