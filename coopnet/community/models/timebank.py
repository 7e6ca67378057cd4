"""The time bank: its settings, accounts, categories, and the double-entry ledger of minutes.

An hour is an hour, whoever gives it. A transfer moves minutes between accounts through its
postings, which sum to zero (the service checks it, and on PostgreSQL a deferred trigger of
migration 0002 refuses the commit otherwise). Postings are append-only: a mistake is fixed by
a reversing transfer. ``Account.balance`` caches the sum of the account's posted postings,
updated in the transaction that posts them; ``selectors.ledger_check`` verifies it.

Minutes here are not pay, not a volunteer's reimbursement and not delivered care: no other
app reads them (docs/community.md).
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import AppendOnlyModel, Organization, TenantModel
from coopnet.core.models.mixins import Created, CreatedBy
from coopnet.members.models import Person


def optional_key(to: Any, label: Any, related_name: str = "+") -> Any:
    """A foreign key that may be empty and never deletes what it points to."""
    return models.ForeignKey(
        to,
        verbose_name=label,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
    )


class OverLimit(models.TextChoices):
    BLOCK = "blocca", _("Rifiutato")
    APPROVE = "approva", _("In attesa dell'approvazione di un responsabile")


class TimeBank(TenantModel):
    """The rules of one cooperative's time bank (one row per organization)."""

    min_balance = models.IntegerField(
        _("saldo minimo (minuti)"),
        default=-1200,
        validators=[
            MaxValueValidator(0, message=_("Il saldo minimo deve essere zero o negativo."))
        ],
        help_text=_("Quanto un conto può andare in negativo, in minuti (es. -1200 = -20 ore)."),
    )
    max_balance = models.IntegerField(
        _("saldo massimo (minuti)"),
        default=6000,
        validators=[
            MinValueValidator(0, message=_("Il saldo massimo deve essere zero o positivo."))
        ],
        help_text=_("Quante ore un conto può accumulare, in minuti (es. 6000 = 100 ore)."),
    )
    over_limit = models.CharField(
        _("uno scambio oltre i limiti è"),
        max_length=10,
        choices=OverLimit.choices,
        default=OverLimit.BLOCK,
    )
    welcome_minutes = models.PositiveIntegerField(
        _("ore di benvenuto (minuti)"),
        default=120,
        help_text=_("Minuti regalati dalla banca a ogni nuovo conto; 0 per nessun regalo."),
    )

    class Meta:
        verbose_name = _("banca del tempo")
        verbose_name_plural = _("banche del tempo")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="timebank_one_per_org"),
            models.CheckConstraint(
                condition=Q(min_balance__lte=0) & Q(max_balance__gte=0),
                name="timebank_limits_around_zero",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Banca del tempo"))


class AccountKind(models.TextChoices):
    MEMBER = "socio", _("Socio")
    RESIDENT = "residente", _("Residente iscritto")
    GRANTS = "fondo", _("Fondo della banca")
    CLEARING = "compensazione", _("Compensazione con banca alleata")


PERSONAL_KINDS = (AccountKind.MEMBER, AccountKind.RESIDENT)


class Account(TenantModel, Created):
    """A member's or a registered resident's account, or a system account: the bank's grants
    account (it funds welcome hours, so it goes negative) and one clearing account per allied
    bank (its balance is what that bank owes or is owed). Limits apply to personal accounts."""

    kind = models.CharField(_("tipo"), max_length=15, choices=AccountKind.choices)
    person = optional_key(Person, _("persona"))
    partner = optional_key(Organization, _("banca alleata"))
    balance = models.IntegerField(_("saldo (minuti)"), default=0, editable=False)
    is_open = models.BooleanField(_("aperto"), default=True)
    closed_at = models.DateTimeField(_("chiuso il"), null=True, blank=True)

    class Meta:
        ordering = ("kind", "pk")
        verbose_name = _("conto del tempo")
        verbose_name_plural = _("conti del tempo")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=PERSONAL_KINDS, person__isnull=False, partner__isnull=True)
                    | Q(kind=AccountKind.GRANTS, person__isnull=True, partner__isnull=True)
                    | Q(kind=AccountKind.CLEARING, person__isnull=True, partner__isnull=False)
                ),
                name="timebank_account_holder_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["organization", "person"],
                condition=Q(person__isnull=False),
                name="timebank_one_account_per_person",
            ),
            models.UniqueConstraint(
                fields=["organization", "partner"],
                condition=Q(partner__isnull=False),
                name="timebank_one_clearing_per_partner",
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(kind=AccountKind.GRANTS),
                name="timebank_one_grants_account",
            ),
        ]

    def __str__(self) -> str:
        if self.person is not None:
            return self.person.display_name
        if self.partner is not None:
            return str(_("Compensazione con %(bank)s") % {"bank": self.partner.short_name})
        return str(_("Fondo della banca"))

    @property
    def personal(self) -> bool:
        return self.kind in PERSONAL_KINDS


class Category(TenantModel):
    """What kind of help (shopping, company, small repairs, lessons, transport, ...)."""

    name = models.CharField(_("nome"), max_length=80)
    active = models.BooleanField(_("attiva"), default=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("categoria")
        verbose_name_plural = _("categorie")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="timebank_category_name")
        ]

    def __str__(self) -> str:
        return self.name


class TransferKind(models.TextChoices):
    EXCHANGE = "scambio", _("Scambio")
    GRANT = "benvenuto", _("Ore di benvenuto")
    REVERSAL = "storno", _("Storno")
    INTERBANK = "interbanca", _("Scambio con banca alleata")


class TransferState(models.TextChoices):
    POSTED = "registrato", _("Registrato")
    PENDING = "in_attesa", _("In attesa di approvazione")
    REFUSED = "rifiutato", _("Rifiutato")


class Transfer(TenantModel, CreatedBy):
    """One exchange of minutes. Never edited: only a pending one is approved or refused once.

    ``idempotency_key`` is unique per organization: the same request sent twice (a double
    click, a retried import or inter-bank call) finds the transfer already written.
    """

    kind = models.CharField(
        _("tipo"), max_length=12, choices=TransferKind.choices, default=TransferKind.EXCHANGE
    )
    state = models.CharField(
        _("stato"), max_length=12, choices=TransferState.choices, default=TransferState.POSTED
    )
    category = models.ForeignKey(
        Category, verbose_name=_("categoria"), on_delete=models.PROTECT, related_name="+"
    )
    performed_on = models.DateField(_("data dello scambio"))
    note = models.CharField(_("nota"), max_length=255, blank=True)
    idempotency_key = models.CharField(_("chiave di idempotenza"), max_length=80)
    reverses = optional_key("self", _("storna"), related_name="reversals")
    offer = optional_key("Offer", _("annuncio"), related_name="transfers")
    partner = optional_key(Organization, _("banca alleata"))
    decided_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("deciso il"), null=True, blank=True)

    class Meta:
        ordering = ("-pk",)
        verbose_name = _("trasferimento di tempo")
        verbose_name_plural = _("trasferimenti di tempo")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "idempotency_key"], name="timebank_transfer_idempotency"
            ),
            # A transfer is reversed at most once.
            models.UniqueConstraint(
                fields=["reverses"],
                condition=Q(reverses__isnull=False),
                name="timebank_transfer_reversed_once",
            ),
            models.CheckConstraint(
                condition=~Q(kind=TransferKind.REVERSAL) | Q(reverses__isnull=False),
                name="timebank_reversal_names_its_transfer",
            ),
        ]
        indexes = [models.Index(fields=["organization", "state", "performed_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} n. {self.pk} del {self.performed_on:%d/%m/%Y}"


class Posting(AppendOnlyModel, TenantModel):
    """Minutes entering (+) or leaving (-) one account in one transfer. Append-only."""

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="postings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    minutes = models.IntegerField(_("minuti"))

    class Meta:
        ordering = ("transfer_id", "pk")
        verbose_name = _("movimento")
        verbose_name_plural = _("movimenti")
        constraints = [
            models.CheckConstraint(condition=~Q(minutes=0), name="timebank_posting_not_zero"),
            # An account appears once in a transfer: never a transfer to itself.
            models.UniqueConstraint(
                fields=["transfer", "account"], name="timebank_posting_account_once"
            ),
        ]
        indexes = [models.Index(fields=["account", "-transfer"])]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.minutes:+d}"


class OfferKind(models.TextChoices):
    OFFER = "offerta", _("Offro")
    REQUEST = "richiesta", _("Cerco")


class Offer(TenantModel, Created):
    """A line of the board: help offered or asked for, by one account, in one category.

    ``service_match`` names a service of the cooperative's care catalogue this offer looks
    like: the time bank must not replace what the cooperative sells, so the manager sees it.
    """

    kind = models.CharField(_("tipo"), max_length=10, choices=OfferKind.choices)
    account = models.ForeignKey(
        Account, verbose_name=_("conto"), on_delete=models.PROTECT, related_name="offers"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("categoria"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("titolo"), max_length=120)
    description = models.TextField(_("descrizione"), blank=True, max_length=2000)
    is_open = models.BooleanField(_("aperto"), default=True)
    closed_at = models.DateTimeField(_("chiuso il"), null=True, blank=True)
    service_match = models.CharField(_("simile al servizio"), max_length=120, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("annuncio")
        verbose_name_plural = _("annunci")
        indexes = [models.Index(fields=["organization", "is_open", "category"])]

    def __str__(self) -> str:
        return self.title
