"""Execution of a contract: care plans linked to it, its prices per service type, the hours
worked on it (type B), the monthly statements (rendiconti): create, approve (the figures are
stored), turn into a draft invoice (at most one)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.care.models import CarePlan, ServiceType
from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, User
from coopnet.members.models import Person
from coopnet.workforce.models import Employment

from .. import selectors
from ..figures import Figures, month_last_day
from ..figures import hours as hours_of
from ..models import (
    BidForm,
    Contract,
    ContractPlan,
    ContractPrice,
    ContractStatement,
    Invoice,
    Lot,
    StatementLine,
    StatementState,
    VatChoice,
    WorkedHours,
)
from .invoices import Header, LineSpec, invoice_draft_create


def _audit(actor: User | None, obj: Any, action: str, **change: dict[str, Any]) -> None:
    """The one audit entry of a service: ``before`` and/or ``after`` as ``change``."""
    log_action(actor=actor, organization=obj.organization, action=action, obj=obj, **change)


def _executes(organization: Organization, contract: Contract) -> bool:
    return selectors.executed_contracts(organization).filter(pk=contract.pk).exists()


def _check_contract(organization: Organization, contract: Contract) -> None:
    if not _executes(organization, contract):
        raise ValidationError(
            {"contract": [_("L'organizzazione non è titolare né esecutrice di questo contratto.")]}
        )


def _period(contract: Contract) -> dict[str, str]:
    return {"period": f"{contract.start_date:%d/%m/%Y} - {contract.end_date:%d/%m/%Y}"}


def _check_open(contract: Contract, today: dt.date) -> None:
    """Plans are linked and unlinked only while the contract runs (not after its end)."""
    if contract.end_date < today:
        raise ValidationError(
            {
                "contract": [
                    _("Il contratto è chiuso dal %(day)s: i suoi piani non cambiano più.")
                    % {"day": f"{contract.end_date:%d/%m/%Y}"}
                ]
            }
        )


@transaction.atomic
def plan_link(
    *,
    actor: User | None,
    organization: Organization,
    contract: Contract,
    plan: CarePlan,
    today: dt.date | None = None,
) -> ContractPlan:
    """Link one of the organization's care plans to a contract it holds or executes; a plan
    belongs to at most one contract, and its period must meet the contract's."""
    if plan.organization_id != organization.pk:
        raise ValidationError({"plan": [_("Il piano non è di questa organizzazione.")]})
    _check_contract(organization, contract)
    _check_open(contract, today or timezone.localdate())
    locked = CarePlan.objects.for_org(organization).select_for_update().get(pk=plan.pk)
    current = ContractPlan.objects.for_org(organization).filter(plan=locked).first()
    if current is not None:
        raise ValidationError(
            {
                "plan": [
                    _("Il piano è già collegato al contratto «%(contract)s».")
                    % {"contract": current.contract}
                ]
            }
        )
    if locked.start_date > contract.end_date or (
        locked.end_date is not None and locked.end_date < contract.start_date
    ):
        raise ValidationError(
            {
                "plan": [
                    _("Il piano non cade nel periodo del contratto (%(period)s).")
                    % _period(contract)
                ]
            }
        )
    link = ContractPlan.objects.create(organization=organization, contract=contract, plan=locked)
    _audit(actor, link, "contracts.plan.link", after=snapshot(link))
    return link


@transaction.atomic
def plan_unlink(
    *, actor: User | None, link: ContractPlan, today: dt.date | None = None
) -> ContractPlan:
    """Unlink a plan: its visits no longer count in drafts (approved statements keep theirs)."""
    _check_open(link.contract, today or timezone.localdate())
    _audit(actor, link, "contracts.plan.unlink", before=snapshot(link))
    link.delete()
    return link


@transaction.atomic
def price_save(
    *,
    actor: User | None,
    organization: Organization,
    contract: Contract,
    service_type: ServiceType,
    price_per_hour: Decimal,
    vat: str,
    lot: Lot | None = None,
) -> ContractPrice:
    """The hourly price of one of the organization's service types under the contract (a
    new one replaces the old one; approved statements keep the price they stored), and the
    lot it is invoiced on when the contract has several (its line carries that lot's CIG)."""
    _check_contract(organization, contract)
    errors: dict[str, list[str]] = {}
    lots = set(contract.lots.values_list("pk", flat=True))
    if lot is not None and lot.pk not in lots:
        errors["lot"] = [_("Il lotto non è di questo contratto.")]
    elif lot is None and len(lots) > 1:
        errors["lot"] = [
            _("Il contratto ha più lotti: indica su quale si fattura il servizio (il suo CIG).")
        ]
    if service_type.organization_id != organization.pk:
        errors["service_type"] = [_("Il servizio non è nel catalogo di questa organizzazione.")]
    if price_per_hour is None or price_per_hour <= 0:
        errors["price_per_hour"] = [_("Il prezzo orario è maggiore di zero.")]
    if vat not in VatChoice.values:
        errors["vat"] = [_("Scegli l'IVA tra 5%, 22% ed esente N4.")]
    if errors:
        raise ValidationError(errors)
    price, _created = ContractPrice.objects.for_org(organization).update_or_create(
        organization=organization,
        contract=contract,
        service_type=service_type,
        defaults={"price_per_hour": price_per_hour, "vat": vat, "lot": lot},
    )
    _audit(actor, price, "contracts.price.save", after=snapshot(price))
    return price


def _month_in_contract(contract: Contract, month: dt.date) -> None:
    if month > contract.end_date or month_last_day(month) < contract.start_date:
        raise ValidationError(
            {
                "month": [
                    _("Il mese è fuori dal periodo del contratto (%(period)s).") % _period(contract)
                ]
            }
        )


@transaction.atomic
def worked_hours_save(
    *,
    actor: User | None,
    organization: Organization,
    contract: Contract,
    person: Person,
    month: dt.date,
    hours: Decimal,
) -> WorkedHours:
    """A worker's hours on the contract in a month (the type B timesheet; a new value
    replaces the old one). The worker is employed by the organization in that month."""
    _check_contract(organization, contract)
    month = month.replace(day=1)
    _month_in_contract(contract, month)
    errors: dict[str, list[str]] = {}
    if person.organization_id != organization.pk:
        errors["person"] = [_("La persona non è di questa organizzazione.")]
    elif (
        not Employment.objects.for_org(organization)
        .filter(person=person, start_date__lte=month_last_day(month))
        .exclude(end_date__lt=month)
        .exists()
    ):
        errors["person"] = [
            _("%(person)s non ha un rapporto di lavoro in %(month)s.")
            % {"person": person, "month": f"{month:%m/%Y}"}
        ]
    if hours is None or not Decimal(0) < hours <= Decimal(744):
        errors["hours"] = [_("Le ore del mese sono più di zero e al massimo 744.")]
    if errors:
        raise ValidationError(errors)
    row, _created = WorkedHours.objects.for_org(organization).update_or_create(
        organization=organization,
        contract=contract,
        person=person,
        month=month,
        defaults={"hours": hours},
    )
    _audit(actor, row, "contracts.hours.save", after=snapshot(row))
    return row


@transaction.atomic
def statement_create(
    *, actor: User | None, organization: Organization, contract: Contract, month: dt.date
) -> ContractStatement:
    """A draft statement of one month of the contract (one per month)."""
    _check_contract(organization, contract)
    month = month.replace(day=1)
    _month_in_contract(contract, month)
    existing = ContractStatement.objects.for_org(organization).filter(
        contract=contract, month=month
    )
    if existing.exists():
        raise ValidationError(
            {"month": [_("Il rendiconto di %(month)s esiste già.") % {"month": f"{month:%m/%Y}"}]}
        )
    statement = ContractStatement.objects.create(
        organization=organization, contract=contract, month=month
    )
    _audit(actor, statement, "contracts.statement.create", after=snapshot(statement))
    return statement


def _locked(statement: ContractStatement) -> ContractStatement:
    return (
        ContractStatement.objects.for_org(statement.organization)
        .select_for_update()
        .select_related("contract__bid__tender__authority")
        .get(pk=statement.pk)
    )


def approval_errors(figures: Figures, month: dt.date, today: dt.date) -> list[str]:
    """Why a draft cannot be approved yet (nothing: it can)."""
    errors = []
    if month_last_day(month) >= today:
        errors.append(
            _("Il mese non è ancora finito: si approva dal %(day)s.")
            % {"day": f"{month_last_day(month) + dt.timedelta(days=1):%d/%m/%Y}"}
        )
    if figures.to_review:
        errors.append(
            _(
                "%(n)s visite del mese attendono la verifica del coordinatore: verificale prima "
                "di approvare."
            )
            % {"n": figures.to_review}
        )
    if figures.missing_prices:
        errors.append(
            _("Manca il prezzo orario nel contratto per: %(names)s.")
            % {"names": ", ".join(figures.missing_prices)}
        )
    if not figures.services and not figures.worked_hours:
        errors.append(_("Nel mese non ci sono ore da rendicontare."))
    return errors


@transaction.atomic
def statement_approve(
    *, actor: User | None, statement: ContractStatement, today: dt.date | None = None
) -> ContractStatement:
    """Approve a draft: its figures (hours by service type with the prices in force, hours
    worked and those of disadvantaged workers) are stored and no longer follow the visits."""
    locked = _locked(statement)
    if locked.approved:
        raise ValidationError(_("Il rendiconto è già approvato."))
    org, contract = locked.organization, locked.contract
    figures = selectors.live_figures(org, contract, locked.month)
    errors = approval_errors(figures, locked.month, today or timezone.localdate())
    if errors:
        raise ValidationError(errors)
    before = snapshot(locked)
    StatementLine.objects.bulk_create(
        StatementLine(
            organization=org,
            statement=locked,
            service_type_id=s.service_type_id,
            service_name=s.name,
            visits=s.visits,
            paid_minutes=s.paid_minutes,
            volunteer_minutes=s.volunteer_minutes,
            price_per_hour=s.price_per_hour,
            vat=s.vat,
            cig=s.cig,
            cup=s.cup,
        )
        for s in figures.services
    )
    locked.worked_hours = figures.worked_hours
    locked.disadvantaged_hours = selectors.disadvantaged_hours(org, contract, locked.month)
    locked.state = StatementState.APPROVED
    locked.approved_at = timezone.now()
    locked.approved_by = actor
    locked.save()
    after = snapshot(locked)
    after.pop("disadvantaged_hours", None)  # special-category figure: not in the audit log
    before.pop("disadvantaged_hours", None)
    _audit(actor, locked, "contracts.statement.approve", before=before, after=after)
    return locked


def invoice_header(statement: ContractStatement) -> Header:
    """Whom the statement is invoiced to: the holder invoices the contracting authority on
    the contract; a consortium's executor invoices the consortium, an RTI's member the
    authority for its share, both with the lot's CIG and no contract of theirs. With several
    lots the header has no CIG: each line carries its lot's (``statement_invoice``)."""
    contract = statement.contract
    authority = contract.bid.tender.authority
    lots = list(contract.lots.all()[:2])
    cig, cup = (lots[0].cig, lots[0].cup) if len(lots) == 1 else ("", "")
    if contract.organization_id == statement.organization_id:
        return Header(customer=authority, contract=contract, cig=cig, cup=cup)
    if contract.bid.form == BidForm.CONSORTIUM:
        return Header(customer=contract.organization, cig=cig, cup=cup)
    return Header(customer=authority, cig=cig, cup=cup)


def _line(line: StatementLine, month: dt.date) -> LineSpec:
    description = _("%(service)s: ore erogate in %(month)s") % {
        "service": line.service_name,
        "month": f"{month:%m/%Y}",
    }
    vat, price = line.vat, line.price_per_hour
    assert price is not None
    exempt = vat == VatChoice.EXEMPT
    return LineSpec(
        description,
        hours_of(line.paid_minutes),
        price,
        vat_rate=None if exempt else Decimal(vat),
        natura=vat if exempt else "",
        cig=line.cig,
        cup=line.cup,
    )


@transaction.atomic
def statement_invoice(*, actor: User | None, statement: ContractStatement) -> Invoice:
    """Turn an approved statement into a draft invoice: one line per service type (paid
    hours x the stored price, with its VAT). A statement turns into one invoice only."""
    locked = _locked(statement)
    if not locked.approved:
        raise ValidationError(_("Si fattura solo un rendiconto approvato."))
    if locked.invoice_id is not None:
        raise ValidationError(
            _("Il rendiconto è già diventato una fattura (%(invoice)s).")
            % {"invoice": Invoice.objects.for_org(locked.organization).get(pk=locked.invoice_id)}
        )
    lines = [
        _line(line, locked.month)
        for line in locked.lines.all()
        if line.paid_minutes and line.price_per_hour is not None
    ]
    if not lines:
        raise ValidationError(_("Il rendiconto non ha ore retribuite da fatturare."))
    invoice = invoice_draft_create(
        actor=actor,
        organization=locked.organization,
        header=invoice_header(locked),
        lines=lines,
    )
    locked.invoice = invoice
    locked.save(update_fields=["invoice"])
    _audit(actor, locked, "contracts.statement.invoice", after={"invoice": invoice.pk})
    return invoice
