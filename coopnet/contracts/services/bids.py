"""Bids: composition (R-PP-65/67/68), cross-form conflicts, eligibility evidence (R-PP-61a,
R-381-5a), the checklist and the outcome."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coopnet.compliance import engine
from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Affiliation, Organization, OrganizationKind, RoleAssignment, User
from coopnet.core.services import assign, save_audited

from .. import rules
from ..models import (
    Bid,
    BidChecklistItem,
    BidForm,
    BidMember,
    Lot,
    MemberRole,
    Outcome,
    Procedure,
    Tender,
)
from .tenders import check_convention

ELIGIBILITY_RULE = "R-381-4b"
BID_FIELDS = ("form", "bid_date", "amount")
CHECKLIST_FIELDS = ("title", "owner", "due_date")

# How another bid holds an organization, in the words of the refusal.
HELD_AS: dict[tuple[str, str | None], Any] = {
    (BidForm.ALONE, None): gettext_lazy("con un'offerta singola"),
    (BidForm.CONSORTIUM, None): gettext_lazy("come consorzio offerente"),
    (BidForm.RTI, None): gettext_lazy("come mandataria di un raggruppamento"),
    (BidForm.CONSORTIUM, MemberRole.EXECUTOR): gettext_lazy(
        "come consorziata esecutrice di un consorzio"
    ),
    (BidForm.RTI, MemberRole.LEAD): gettext_lazy("come mandataria di un raggruppamento"),
    (BidForm.RTI, MemberRole.MEMBER): gettext_lazy("come mandante di un raggruppamento"),
}


def _participants(bidder: Organization, members: Sequence[BidMember]) -> dict[int, Organization]:
    found = {bidder.pk: bidder}
    found.update({m.member_id: m.member for m in members})
    return found


def conflicts(participants: Mapping[int, Organization], cigs: set[str]) -> list[str]:
    """R-PP-65/67/68: an organization takes part in one bid per lot (CIG), in one form only.

    This reads bids of every organization on purpose (a consortium's executor bidding alone
    elsewhere is the conflict); it returns reasons only, never the other bids.
    """
    ids = list(participants)
    held: list[tuple[int, str, tuple[str, str | None]]] = [
        (row["organization_id"], row["lots__cig"], (row["form"], None))
        for row in Bid.objects.for_orgs(ids)
        .filter(lots__cig__in=cigs)
        .exclude(outcome=Outcome.WITHDRAWN)
        .values("organization_id", "lots__cig", "form")
    ]
    held += [
        (row["member_id"], row["bid__lots__cig"], (row["bid__form"], row["role"]))
        for row in BidMember.objects.filter(member__in=ids, bid__lots__cig__in=cigs)
        .exclude(bid__outcome=Outcome.WITHDRAWN)
        .values("member_id", "bid__lots__cig", "bid__form", "role")
    ]
    reasons = set()
    for org_id, cig, how in held:
        reasons.add(
            _(
                "%(org)s partecipa già al lotto CIG %(cig)s %(how)s: non può partecipare allo "
                "stesso lotto in un'altra offerta (D.Lgs. 36/2023 art. 65-68)."
            )
            % {"org": participants[org_id], "cig": cig, "how": HELD_AS.get(how, "")}
        )
    return sorted(reasons)


def _not_affiliated(consortium: Organization, ids: list[int], day: dt.date) -> list[str]:
    affiliated = set(
        Affiliation.objects.for_orgs(ids)
        .filter(Affiliation.active_on(day), group=consortium)
        .values_list("organization_id", flat=True)
    )
    names = Organization.objects.filter(pk__in=set(ids) - affiliated).order_by("short_name")
    return [
        _("%(org)s non aderisce a %(consortium)s alla data dell'offerta.")
        % {"org": org, "consortium": consortium}
        for org in names
    ]


def eligibility_evidence(organizations: Sequence[Organization], as_of: dt.date) -> dict[str, Any]:
    """R-381-4b for each executing organization on the bid date, as stored JSON (R-PP-61a:
    the counting method is uncertain, so it is evidence and a warning, never a refusal)."""
    findings = engine.run_many(organizations, as_of)
    rows = []
    for org in organizations:
        finding = next(f for f in findings[org.pk] if f.rule == ELIGIBILITY_RULE)
        rows.append({"organization_id": org.pk, "organization": str(org), **finding.as_json()})
    return {"rule": ELIGIBILITY_RULE, "as_of": as_of.isoformat(), "organizations": rows}


def _executing(bid: Bid, members: Sequence[BidMember]) -> list[Organization]:
    if bid.form == BidForm.RTI:
        return [m.member for m in members]
    return [bid.organization, *(m.member for m in members)]


def _validate(bid: Bid, lots: Sequence[Lot], specs: Sequence[rules.MemberSpec]) -> None:
    errors: dict[str, list[str]] = {}
    if not lots:
        errors["lots"] = [_("Scegli almeno un lotto.")]
    elif any(lot.tender_id != bid.tender_id for lot in lots):
        errors["lots"] = [_("I lotti devono essere di questa gara.")]
    if bid.form == BidForm.CONSORTIUM and bid.organization.kind != OrganizationKind.CONSORTIUM:
        errors["form"] = [_("Solo un consorzio presenta un'offerta come consorzio.")]
    composition = rules.composition_errors(bid.form, bid.organization.pk, specs)
    if bid.form == BidForm.CONSORTIUM and not composition and "form" not in errors:
        composition = _not_affiliated(
            bid.organization, [s.organization_id for s in specs], bid.bid_date
        )
    if composition:
        errors["members"] = composition
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def bid_create(
    *,
    actor: User | None,
    tender: Tender,
    data: Mapping[str, Any],
    lots: Sequence[Lot],
    members: Sequence[rules.MemberSpec] = (),
) -> Bid:
    """Record a bid of the tender's organization, with its members and eligibility evidence.

    The participants' organization rows are locked (in id order) so that two bids naming the
    same organization on the same lot cannot both pass the conflict check.
    """
    bid = Bid(organization=tender.organization, tender=tender)
    assign(bid, data, BID_FIELDS)
    bid.full_clean()
    _validate(bid, lots, members)
    orgs = Organization.objects.in_bulk([s.organization_id for s in members])
    rows = [
        BidMember(
            organization=bid.organization,
            member=orgs[s.organization_id],
            role=s.role,
            share=s.share,
            parts=s.parts,
        )
        for s in members
    ]
    participants = _participants(bid.organization, rows)
    list(Organization.objects.select_for_update().filter(pk__in=participants).order_by("pk"))
    reasons = conflicts(participants, {lot.cig for lot in lots})
    if reasons:
        raise ValidationError({"lots": reasons})
    check_convention(tender, sum((lot.base_value for lot in lots), Decimal(0)), "lots")
    if tender.procedure in Procedure.checks_eligibility():
        bid.eligibility = eligibility_evidence(_executing(bid, rows), bid.bid_date)
    bid.save()
    bid.lots.set(lots)
    for row in rows:
        row.bid = bid
    BidMember.objects.bulk_create(rows)
    after = snapshot(bid, fields=[*BID_FIELDS, "tender", "lots"])
    after["members"] = [
        {"member": r.member_id, "role": r.role, "share": str(r.share), "parts": r.parts}
        for r in rows
    ]
    log_action(
        actor=actor,
        organization=bid.organization,
        action="contracts.bid.create",
        obj=bid,
        after=after,
    )
    return bid


@transaction.atomic
def bid_outcome(
    *, actor: User | None, bid: Bid, outcome: str, outcome_on: dt.date, note: str = ""
) -> Bid:
    """Close a pending bid: awarded, lost, excluded or withdrawn (a withdrawn bid no longer
    holds its members on its lots)."""
    locked = Bid.objects.for_org(bid.organization).select_for_update().get(pk=bid.pk)
    errors: dict[str, list[str]] = {}
    if locked.outcome != Outcome.PENDING:
        errors["outcome"] = [_("L'esito di questa offerta è già registrato.")]
    elif outcome not in Outcome.values or outcome == Outcome.PENDING:
        errors["outcome"] = [_("Scegli l'esito.")]
    if outcome_on < bid.bid_date:
        errors["outcome_on"] = [_("L'esito non può precedere la data dell'offerta.")]
    if errors:
        raise ValidationError(errors)
    return save_audited(
        actor=actor,
        instance=locked,
        data={"outcome": outcome, "outcome_on": outcome_on, "outcome_note": note},
        fields=("outcome", "outcome_on", "outcome_note"),
        clean=lambda b: b.full_clean(),
        action=f"contracts.bid.{outcome}",
    )


def _clean_item(item: BidChecklistItem) -> None:
    item.full_clean()
    if (
        item.owner_id is not None
        and not RoleAssignment.objects.for_org(item.organization)
        .filter(user_id=item.owner_id)
        .exists()
    ):
        raise ValidationError(
            {"owner": [_("Il responsabile deve avere un ruolo nell'organizzazione.")]}
        )


@transaction.atomic
def checklist_item_add(
    *, actor: User | None, bid: Bid, data: Mapping[str, Any]
) -> BidChecklistItem:
    """Add a document or step to prepare, with its owner and due date."""
    return save_audited(
        actor=actor,
        instance=BidChecklistItem(organization=bid.organization, bid=bid),
        data=data,
        fields=CHECKLIST_FIELDS,
        clean=_clean_item,
        action="contracts.checklist.create",
    )


@transaction.atomic
def checklist_item_done(
    *, actor: User | None, item: BidChecklistItem, done: bool, on: dt.date
) -> BidChecklistItem:
    """Mark an item done on a day, or open it again."""
    return save_audited(
        actor=actor,
        instance=item,
        data={"done": done, "done_on": on if done else None},
        fields=("done", "done_on"),
        clean=lambda i: i.full_clean(),
        action="contracts.checklist.done" if done else "contracts.checklist.reopen",
    )
