"""The bank's rules, its accounts (members, residents, the grants account, clearing accounts
of allied banks) and the welcome hours."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, User
from coopnet.core.services import save_audited
from coopnet.members.models import Person

from ..models import (
    PERSONAL_KINDS,
    Account,
    AccountKind,
    Category,
    TimeBank,
    Transfer,
    TransferKind,
)
from .ledger import Leg, audit_transfer, bank_of, close_row, record

# The board's first categories (issue 14); the office adds others.
DEFAULT_CATEGORIES = (
    "Spesa e commissioni",
    "Compagnia",
    "Piccole riparazioni",
    "Lezioni e ripetizioni",
    "Trasporti e accompagnamenti",
    "Cura del verde",
    "Altro",
)
BANK_FIELDS = ("min_balance", "max_balance", "over_limit", "welcome_minutes")


def _check_bank(bank: TimeBank) -> None:
    errors = {}
    if bank.min_balance > 0:
        errors["min_balance"] = _("Il saldo minimo deve essere zero o negativo.")
    if bank.max_balance < 0:
        errors["max_balance"] = _("Il saldo massimo deve essere zero o positivo.")
    if errors:
        raise ValidationError(errors)


def grants_account(organization: Organization) -> Account:
    """The bank's own account, created with the bank."""
    account, _created = Account.objects.get_or_create(
        organization=organization, kind=AccountKind.GRANTS
    )
    return account


@transaction.atomic
def timebank_save(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> TimeBank:
    """Save the bank's rules; the first time also its grants account and categories."""
    bank = bank_of(organization)
    first = bank.pk is None
    save_audited(
        actor=actor,
        instance=bank,
        data=data,
        fields=BANK_FIELDS,
        clean=_check_bank,
        action="community.timebank.save",
    )
    if first:
        grants_account(organization)
        Category.objects.bulk_create(
            [Category(organization=organization, name=name) for name in DEFAULT_CATEGORIES],
            ignore_conflicts=True,
        )
    return bank


@transaction.atomic
def category_create(*, actor: User | None, organization: Organization, name: str) -> Category:
    name = name.strip()
    if Category.objects.for_org(organization).filter(name__iexact=name).exists():
        raise ValidationError({"name": _("Esiste già una categoria con questo nome.")})
    category = Category.objects.create(organization=organization, name=name)
    log_action(
        actor=actor,
        organization=organization,
        action="community.category.create",
        obj=category,
        after=snapshot(category),
    )
    return category


def _check_person(organization: Organization, person: Person, kind: str) -> None:
    if person.organization_id != organization.pk:
        raise ValidationError({"person": _("La persona non è registrata in questa cooperativa.")})
    if kind not in PERSONAL_KINDS:
        raise ValidationError({"kind": _("Scegli socio o residente iscritto.")})
    if Account.objects.for_org(organization).filter(person=person).exists():
        raise ValidationError({"person": _("Questa persona ha già un conto.")})


@transaction.atomic
def account_open(
    *,
    actor: User | None,
    organization: Organization,
    person: Person,
    kind: str,
    welcome: bool = True,
) -> Account:
    """Open the account of a member or a registered resident, with the bank's welcome hours
    (funded by the grants account) when ``welcome`` and the bank gives any."""
    _check_person(organization, person, kind)
    try:
        with transaction.atomic():
            account = Account.objects.create(organization=organization, person=person, kind=kind)
    except IntegrityError:
        raise ValidationError({"person": _("Questa persona ha già un conto.")}) from None
    granted = _welcome(actor, account) if welcome else None
    log_action(
        actor=actor,
        organization=organization,
        action="community.account.open",
        obj=account,
        after={**snapshot(account), "welcome": granted[0].pk if granted else None},
    )
    return account


def _welcome(actor: User | None, account: Account) -> tuple[Transfer, bool] | None:
    """Write the welcome grant of ``account`` once (its key names the account): the transfer
    and whether it is new; None when the bank gives no welcome hours."""
    minutes = bank_of(account.organization_id).welcome_minutes
    if not minutes:
        return None
    category = Category.objects.for_org(account.organization_id).order_by("-active", "pk").first()
    if category is None:
        raise ValidationError(_("Salva prima le regole della banca del tempo."))
    return record(
        actor=actor,
        organization=account.organization,
        parts=[Leg(grants_account(account.organization), -minutes), Leg(account, minutes)],
        category=category,
        kind=TransferKind.GRANT,
        note=_("Ore di benvenuto"),
        idempotency_key=f"benvenuto-{account.pk}",
        pending_allowed=False,
    )


@transaction.atomic
def grant_welcome(*, actor: User | None, account: Account) -> Transfer:
    """Give the welcome hours to an account that has not had them (a second time returns the
    first grant untouched)."""
    if not account.personal:
        raise ValidationError(_("Le ore di benvenuto vanno solo ai conti personali."))
    written = _welcome(actor, account)
    if written is None:
        raise ValidationError(_("La banca del tempo non prevede ore di benvenuto."))
    transfer, new = written
    if new:
        audit_transfer(actor, transfer, "community.transfer.grant")
    return transfer


@transaction.atomic
def account_close(*, actor: User | None, account: Account) -> Account:
    """Close an account: it no longer gives or receives; its history and balance stay."""
    if account.kind == AccountKind.GRANTS:
        raise ValidationError(_("Il fondo della banca non si chiude."))
    close_row(actor, account, "community.account.close", _("Il conto è già chiuso."))
    return account


@transaction.atomic
def alliance_open(
    *, actor: User | None, organization: Organization, partner: Organization
) -> Account:
    """Open the clearing account of an allied bank. Exchanges between two banks need each to
    have opened the other's: that is how both cooperatives agree."""
    if partner.pk == organization.pk:
        raise ValidationError({"partner": _("Una banca non si allea con se stessa.")})
    if Account.objects.for_org(organization).filter(partner=partner).exists():
        raise ValidationError({"partner": _("Questa banca è già alleata.")})
    account = Account.objects.create(
        organization=organization, kind=AccountKind.CLEARING, partner=partner
    )
    log_action(
        actor=actor,
        organization=organization,
        action="community.alliance.open",
        obj=account,
        after=snapshot(account),
    )
    return account
