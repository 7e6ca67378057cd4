"""Every read of the community app: the board, accounts and statements, the ledger's check,
reports, a person's own data, the commons register and its public pages; agreements and
activity reports in ``agreements.py``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from coopnet.core.models import Affiliation, Organization, OrganizationKind, Region, User
from coopnet.members.models import Person
from coopnet.members.selectors import portal_person

from ..models import (
    Account,
    AccountKind,
    Asset,
    AssetEvent,
    AssetFile,
    AssetFileKind,
    Category,
    Offer,
    Posting,
    Signup,
    TimeBank,
    Transfer,
    TransferKind,
    TransferState,
)
from ..services.ledger import bank_of


def bank(organization: Organization) -> TimeBank:
    return bank_of(organization)


def categories(organization: Organization, *, active_only: bool = True) -> QuerySet[Category]:
    rows = Category.objects.for_org(organization)
    return rows.filter(active=True) if active_only else rows


def accounts(organization: Organization) -> QuerySet[Account]:
    return Account.objects.for_org(organization).select_related("person", "partner")


def personal_accounts(organization: Organization, *, open_only: bool = True) -> QuerySet[Account]:
    rows = accounts(organization).filter(kind__in=(AccountKind.MEMBER, AccountKind.RESIDENT))
    rows = rows.filter(is_open=True) if open_only else rows
    return rows.order_by("person__surname", "person__given_name", "pk")


def account(organization: Organization, pk: int) -> Account:
    return accounts(organization).get(pk=pk)


def own_account(organization: Organization, user: User) -> Account | None:
    """The account of the person of ``organization`` linked to ``user``, if any."""
    person = portal_person(organization, user)
    if person is None:
        return None
    return accounts(organization).filter(person=person).first()


def persons_without_account(organization: Organization) -> QuerySet[Person]:
    taken = Account.objects.for_org(organization).filter(person__isnull=False).values("person")
    return Person.objects.for_org(organization).exclude(pk__in=taken)


def allies(organization: Organization) -> QuerySet[Account]:
    return accounts(organization).filter(kind=AccountKind.CLEARING)


def allied_banks(organization: Organization) -> QuerySet[Organization]:
    """The banks this one has opened a clearing account for."""
    partners = allies(organization).filter(is_open=True).values("partner")
    return Organization.objects.filter(pk__in=partners).order_by("short_name")


def possible_allies(organization: Organization) -> QuerySet[Organization]:
    """The other cooperatives of the network that run a time bank and are not allied yet."""
    others = Organization.objects.exclude(pk=organization.pk)
    banks = TimeBank.objects.for_orgs(others).values("organization")
    taken = allies(organization).values("partner")
    return others.filter(pk__in=banks).exclude(pk__in=taken).order_by("short_name")


def partner_account(partner: Organization, number: int) -> Account | None:
    """An open personal account of an allied bank, by the number its owner gives."""
    return personal_accounts(partner).filter(pk=number).first()


# --- the board -----------------------------------------------------------------------------


def board(organization: Organization, *, category: int | None = None) -> QuerySet[Offer]:
    rows = (
        Offer.objects.for_org(organization)
        .filter(is_open=True)
        .select_related("category", "account__person")
    )
    return rows.filter(category_id=category) if category else rows


def offer(organization: Organization, pk: int) -> Offer:
    return (
        Offer.objects.for_org(organization).select_related("category", "account__person").get(pk=pk)
    )


def flagged_offers(organization: Organization) -> QuerySet[Offer]:
    """Open offers that look like a service the cooperative sells (for the manager)."""
    return board(organization).exclude(service_match="")


# --- transfers and statements --------------------------------------------------------------


def transfers(organization: Organization, *, state: str = "") -> QuerySet[Transfer]:
    rows = (
        Transfer.objects.for_org(organization)
        .select_related("category", "partner")
        .prefetch_related("postings__account__person", "postings__account__partner")
    )
    return rows.filter(state=state) if state else rows


def transfer(organization: Organization, pk: int) -> Transfer:
    return transfers(organization).get(pk=pk)


def own_transfers(account: Account) -> QuerySet[Transfer]:
    """The transfers ``account`` takes part in (what its owner may read through the API)."""
    return transfers(account.organization).filter(postings__account=account)


@dataclass(frozen=True)
class StatementLine:
    posting: Posting
    balance_after: int | None  # None while the transfer is not posted


def statement(
    account: Account, *, limit: int = 50, before: int | None = None
) -> list[StatementLine]:
    """The newest postings of an account (older than transfer ``before``), each with the
    balance after it: the current balance minus the posted minutes that came later."""
    rows = (
        Posting.objects.for_org(account.organization_id)
        .filter(account=account)
        .select_related("transfer__category")
        .order_by("-transfer_id")
    )
    later = 0
    if before is not None:
        later = (
            rows.filter(transfer_id__gte=before, transfer__state=TransferState.POSTED).aggregate(
                total=Sum("minutes")
            )["total"]
            or 0
        )
        rows = rows.filter(transfer_id__lt=before)
    running = account.balance - later
    lines = []
    for posting in rows[:limit]:
        if posting.transfer.state == TransferState.POSTED:
            lines.append(StatementLine(posting, running))
            running -= posting.minutes
        else:
            lines.append(StatementLine(posting, None))
    return lines


def statement_rows(account: Account) -> QuerySet[Posting]:
    """Every posting of an account, oldest first (the downloads)."""
    return (
        Posting.objects.for_org(account.organization_id)
        .filter(account=account)
        .select_related("transfer__category")
        .order_by("transfer_id")
    )


# --- the ledger's check ---------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerCheck:
    accounts: int
    mismatched: list[tuple[int, int, int]]  # account, cached balance, sum of postings
    unbalanced: list[int]  # transfers whose postings do not sum to zero

    @property
    def ok(self) -> bool:
        return not self.mismatched and not self.unbalanced


def ledger_check(organization: Organization | int) -> LedgerCheck:
    """Every cached balance against the sum of its posted postings, and every transfer's
    postings against zero: three queries, each one pass over the organization's rows."""
    postings = Posting.objects.for_org(organization).order_by()
    posted = dict(
        postings.filter(transfer__state=TransferState.POSTED)
        .values("account")
        .annotate(total=Sum("minutes"))
        .values_list("account", "total")
    )
    listed = list(Account.objects.for_org(organization).values_list("pk", "balance"))
    unbalanced = (
        postings.values("transfer")
        .annotate(total=Sum("minutes"))
        .exclude(total=0)
        .values_list("transfer", flat=True)
    )
    return LedgerCheck(
        accounts=len(listed),
        mismatched=[
            (pk, balance, posted.get(pk, 0))
            for pk, balance in listed
            if balance != posted.get(pk, 0)
        ],
        unbalanced=list(unbalanced),
    )


# --- reports --------------------------------------------------------------------------------


def hours_by_category_and_month(
    organization: Organization, start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    """The minutes of help given (what helpers received in posted exchanges, also with allied
    banks; welcome hours, reversals and reversed exchanges left out) per category and month."""
    return list(
        Posting.objects.for_org(organization)
        .filter(
            minutes__gt=0,
            transfer__state=TransferState.POSTED,
            transfer__kind__in=(TransferKind.EXCHANGE, TransferKind.INTERBANK),
            transfer__reversals__isnull=True,
            transfer__performed_on__range=(start, end),
            account__kind__in=(AccountKind.MEMBER, AccountKind.RESIDENT),
        )
        .annotate(month=TruncMonth("transfer__performed_on"))
        .values("month", "transfer__category__name")
        .annotate(minutes=Sum("minutes"), exchanges=Count("transfer", distinct=True))
        .order_by("month", "transfer__category__name")
    )


def active_members(organization: Organization, start: dt.date, end: dt.date) -> dict[str, int]:
    """Personal accounts open, those that took part in an exchange in the period, and those
    that gave help in it."""
    personal = Account.objects.for_org(organization).filter(
        kind__in=(AccountKind.MEMBER, AccountKind.RESIDENT)
    )
    exchanged = {
        "postings__transfer__state": TransferState.POSTED,
        "postings__transfer__kind__in": (TransferKind.EXCHANGE, TransferKind.INTERBANK),
        "postings__transfer__performed_on__range": (start, end),
    }
    return {
        "open": personal.filter(is_open=True).count(),
        "active": personal.filter(**exchanged).distinct().count(),
        "gave": personal.filter(**exchanged, postings__minutes__gt=0).distinct().count(),
    }


def pending_count(organization: Organization) -> int:
    return Transfer.objects.for_org(organization).filter(state=TransferState.PENDING).count()


def own_data(account: Account) -> dict[str, Any]:
    """Everything the time bank holds about the account's owner (the JSON download)."""
    person = account.person
    return {
        "conto": {
            "numero": account.pk,
            "tipo": account.kind,
            "aperto": account.is_open,
            "saldo_minuti": account.balance,
            "aperto_il": account.created_at.isoformat(),
        },
        "persona": {
            "nome": person.display_name if person else "",
            "email": person.email if person else "",
        },
        "movimenti": [
            {
                "trasferimento": p.transfer_id,
                "data": p.transfer.performed_on.isoformat(),
                "tipo": p.transfer.kind,
                "stato": p.transfer.state,
                "categoria": p.transfer.category.name,
                "minuti": p.minutes,
                "nota": p.transfer.note,
            }
            for p in statement_rows(account)
        ],
        "annunci": [
            {
                "tipo": o.kind,
                "titolo": o.title,
                "descrizione": o.description,
                "categoria": o.category.name,
                "aperto": o.is_open,
                "creato_il": o.created_at.isoformat(),
            }
            for o in Offer.objects.for_org(account.organization_id)
            .filter(account=account)
            .select_related("category")
        ],
    }


# --- the commons register -----------------------------------------------------------------


def assets(organization: Organization, *, state: str = "") -> QuerySet[Asset]:
    rows = Asset.objects.for_org(organization).select_related("comune__province", "owner_body")
    return rows.filter(state=state) if state else rows


def asset(organization: Organization, pk: int) -> Asset:
    return assets(organization).get(pk=pk)


def asset_history(item: Asset) -> QuerySet[AssetEvent]:
    return AssetEvent.objects.for_org(item.organization_id).filter(asset=item)


def asset_files(item: Asset) -> QuerySet[AssetFile]:
    return AssetFile.objects.for_org(item.organization_id).filter(asset=item)


def asset_file(organization: Organization, pk: int) -> AssetFile:
    return AssetFile.objects.for_org(organization).get(pk=pk)


def public_bodies() -> QuerySet[Organization]:
    """The network's public bodies, possible owners of an asset."""
    return Organization.objects.filter(kind=OrganizationKind.PUBLIC_BODY).order_by("short_name")


def signups(item: Asset) -> QuerySet[Signup]:
    """Residents who offered to help on ``item`` (private: the office's page only)."""
    return Signup.objects.for_org(item.organization_id).filter(asset=item)


# --- public pages (no login): the register is public, its private rows are not ----------------

GROUP_KINDS = (OrganizationKind.CONSORTIUM, OrganizationKind.FEDERATION)


def public_scope(organization: Organization) -> QuerySet[Organization]:
    """``organization`` and, for a consortium or federation, its members today and theirs."""
    rows = Organization.objects.filter(pk=organization.pk)
    if organization.kind not in GROUP_KINDS:
        return rows
    today = Affiliation.active_on(timezone.localdate())
    members = Affiliation.objects.of_groups([organization]).filter(today)
    nested = Affiliation.objects.of_groups(members.values("organization_id")).filter(today)
    return Organization.objects.filter(
        Q(pk=organization.pk)
        | Q(pk__in=members.values("organization_id"))
        | Q(pk__in=nested.values("organization_id"))
    )


def public_assets(organizations: Any) -> QuerySet[Asset]:
    return Asset.objects.for_orgs(organizations).select_related(
        "organization", "comune__province", "owner_body"
    )


def region_assets(region: Region) -> QuerySet[Asset]:
    """The assets in ``region``, whichever organization looks after them."""
    return public_assets(Organization.objects.values("pk")).filter(comune__province__region=region)


def public_asset(organization: Organization, pk: int) -> Asset:
    return public_assets([organization]).get(pk=pk)


def public_history(item: Asset) -> QuerySet[AssetEvent]:
    """The changes of state of ``item``; the office's notes are not public."""
    return asset_history(item).exclude(state="")


def public_pictures(item: Asset) -> QuerySet[AssetFile]:
    return asset_files(item).filter(kind=AssetFileKind.PICTURE)


def public_picture(organization: Organization, pk: int) -> AssetFile:
    return AssetFile.objects.for_org(organization).get(pk=pk, kind=AssetFileKind.PICTURE)


# --- agreements on the commons and activity reports (selectors/agreements.py) -------------

from .agreements import (  # noqa: E402
    ActivityTotals,
    DueReport,
    PactCover,
    activity_totals,
    agreement,
    agreement_parties,
    agreements,
    due_reports,
    duties,
    open_duties,
    pact_volunteers,
    party_bodies,
    public_agreements,
    register_volunteers,
    renewal_of,
    report,
    report_picture,
    report_pictures,
    reports,
)

__all__ = [  # the names re-exported from agreements.py
    "ActivityTotals",
    "DueReport",
    "PactCover",
    "activity_totals",
    "agreement",
    "agreement_parties",
    "agreements",
    "due_reports",
    "duties",
    "open_duties",
    "pact_volunteers",
    "party_bodies",
    "public_agreements",
    "register_volunteers",
    "renewal_of",
    "report",
    "report_picture",
    "report_pictures",
    "reports",
]
