"""Invoices: billing data, the header with its number and file, lines with their VAT rule,
the counters of numbers and file progressives, the SdI's rejections (docs/contracts.md)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import Organization, TenantModel

from .tenders import Contract


class InvoiceCounter(TenantModel):
    """The last number an organization issued in a year: locked while issuing, so numbers
    have no gaps and no duplicates."""

    year = models.PositiveSmallIntegerField(_("anno"))
    last = models.PositiveIntegerField(_("ultimo numero"), default=0)

    class Meta:
        verbose_name = _("numerazione delle fatture")
        verbose_name_plural = _("numerazioni delle fatture")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="invoice_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class DocumentType(models.TextChoices):
    INVOICE = "TD01", _("Fattura")
    CREDIT_NOTE = "TD04", _("Nota di credito")


class InvoiceState(models.TextChoices):
    DRAFT = "draft", _("Bozza")
    ISSUED = "issued", _("Emessa")
    REJECTED = "rejected", _("Scartata dallo SdI")


class SdiState(models.TextChoices):
    """Where the issued file is in the SdI cycle (the last receipt read)."""

    NONE = "", _("Da inviare")
    DELIVERED = "delivered", _("Consegnata (RC)")
    NOT_DELIVERED = "not_delivered", _("Mancata consegna (MC)")
    ACCEPTED = "accepted", _("Accettata dall'ente (EC01)")
    REFUSED = "refused", _("Rifiutata dall'ente (EC02)")
    TERMS_ELAPSED = "terms_elapsed", _("Decorrenza termini (DT)")


class BillingProfile(TenantModel):
    """The billing data an organization keeps for a party: itself (the seller) or a customer.
    The SdI needs a street, postcode and city; a customer also its recipient code (the
    6-character IPA office code of a public body, else 7 characters) or a PEC."""

    party = models.ForeignKey(
        Organization, verbose_name=_("soggetto"), on_delete=models.PROTECT, related_name="+"
    )
    street = models.CharField(_("indirizzo"), max_length=60)
    postcode = models.CharField(_("CAP"), max_length=5)
    city = models.CharField(_("comune"), max_length=60)
    province = models.CharField(_("provincia (sigla)"), max_length=2, blank=True)
    recipient_code = models.CharField(
        _("codice destinatario"),
        max_length=7,
        blank=True,
        help_text=_("Ente pubblico: codice univoco ufficio IPA (6 caratteri)."),
    )
    pec = models.EmailField(_("PEC di recapito"), blank=True)

    class Meta:
        verbose_name = _("dati di fatturazione")
        verbose_name_plural = _("dati di fatturazione")
        constraints = [
            models.UniqueConstraint(fields=["organization", "party"], name="billing_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}"


class FileCounter(TenantModel):
    """The last file progressive (ProgressivoInvio) an organization used: every file sent,
    a reissue after a rejection included, has its own."""

    last = models.PositiveIntegerField(_("ultimo progressivo"), default=0)

    class Meta:
        verbose_name = _("progressivo dei file")
        verbose_name_plural = _("progressivi dei file")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="file_counter_unique"),
        ]

    def __str__(self) -> str:
        return str(self.last)


class Invoice(TenantModel):
    """An invoice's header. Its number exists only once issued, unique per organization and
    year; a rejected invoice keeps it and is reissued with a new file."""

    customer = models.ForeignKey(
        Organization, verbose_name=_("cliente"), on_delete=models.PROTECT, related_name="+"
    )
    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contratto"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
    )
    document_type = models.CharField(
        _("tipo di documento"),
        max_length=4,
        choices=DocumentType.choices,
        default=DocumentType.INVOICE,
    )
    credited = models.ForeignKey(
        "self",
        verbose_name=_("fattura stornata"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
    )
    cig = models.CharField(_("CIG"), max_length=10, blank=True)
    cup = models.CharField(_("CUP"), max_length=15, blank=True)
    state = models.CharField(
        _("stato"), max_length=10, choices=InvoiceState.choices, default=InvoiceState.DRAFT
    )
    year = models.PositiveSmallIntegerField(_("anno"), null=True, blank=True)
    number = models.PositiveIntegerField(_("numero"), null=True, blank=True)
    issue_date = models.DateField(_("data"), null=True, blank=True)
    order_id = models.CharField(_("ordine (NSO)"), max_length=20, blank=True)
    order_date = models.DateField(_("data dell'ordine"), null=True, blank=True)
    nso_endpoint = models.CharField(_("endpoint NSO dell'ente"), max_length=60, blank=True)
    split_payment = models.BooleanField(_("scissione dei pagamenti"), default=False)
    stamp_duty = models.DecimalField(
        _("imposta di bollo"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    file_name = models.CharField(_("nome del file"), max_length=40, blank=True)
    xml = models.FileField(_("file XML"), upload_to="contracts/invoices/", blank=True)
    sdi_state = models.CharField(
        _("stato SdI"), max_length=20, choices=SdiState.choices, default=SdiState.NONE, blank=True
    )
    sdi_id = models.CharField(_("identificativo SdI"), max_length=20, blank=True)
    total = models.DecimalField(
        _("totale documento"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    amount_due = models.DecimalField(
        _("importo da incassare"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Il totale, senza l'IVA quando c'è la scissione dei pagamenti."),
    )
    due_date = models.DateField(_("scadenza"), null=True, blank=True)
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)

    class Meta:
        ordering = ("-year", "-number", "-pk")
        verbose_name = _("fattura")
        verbose_name_plural = _("fatture")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "number"], name="invoice_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(state="draft", number__isnull=True, year__isnull=True)
                | Q(state__in=["issued", "rejected"], number__isnull=False, year__isnull=False),
                name="invoice_number_when_issued",
            ),
        ]
        indexes = [
            # the receivables pages: issued invoices of some organizations by customer
            models.Index(
                fields=["organization", "state", "document_type", "customer"],
                name="invoice_receivables",
            ),
        ]

    def __str__(self) -> str:
        if self.number is None:
            return str(_("Fattura in bozza"))
        return f"{self.number}/{self.year}"


class InvoiceLine(TenantModel):
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("fattura"), on_delete=models.CASCADE, related_name="lines"
    )
    position = models.PositiveSmallIntegerField(_("riga"))
    description = models.CharField(_("descrizione"), max_length=1000)
    quantity = models.DecimalField(_("quantità"), max_digits=12, decimal_places=2)
    unit_price = models.DecimalField(_("prezzo unitario"), max_digits=14, decimal_places=4)
    vat_rate = models.DecimalField(
        _("aliquota IVA (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    natura = models.CharField(_("natura (operazioni senza IVA)"), max_length=4, blank=True)
    building_service = models.BooleanField(
        _("servizio su edifici"),
        default=False,
        help_text=_(
            "Pulizia, demolizione, installazione di impianti o completamento di edifici: a "
            "un'impresa con partita IVA va in inversione contabile, natura N6.7 (R-VAT-RC)."
        ),
    )
    cig = models.CharField(
        _("CIG della riga"),
        max_length=10,
        blank=True,
        help_text=_("Il CIG del lotto della riga, quando non è quello della fattura."),
    )
    cup = models.CharField(_("CUP della riga"), max_length=15, blank=True)
    total = models.DecimalField(_("totale"), max_digits=14, decimal_places=2)
    vat_rule = models.CharField(_("regola IVA"), max_length=20, blank=True)

    class Meta:
        ordering = ("invoice", "position")
        verbose_name = _("riga della fattura")
        verbose_name_plural = _("righe della fattura")
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoice_line_unique"),
        ]

    def __str__(self) -> str:
        return self.description[:80]


class Rejection(TenantModel):
    """A file the SdI rejected (NS): kept with its reasons when the invoice is reissued."""

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("fattura"), on_delete=models.CASCADE, related_name="rejections"
    )
    file_name = models.CharField(_("nome del file"), max_length=40)
    xml = models.FileField(_("file XML scartato"), upload_to="contracts/rejected/")
    reasons = models.JSONField(_("motivi"), default=list)
    received_at = models.DateTimeField(_("ricevuta il"), null=True, blank=True)

    class Meta:
        ordering = ("invoice", "pk")
        verbose_name = _("scarto dello SdI")
        verbose_name_plural = _("scarti dello SdI")

    def __str__(self) -> str:
        return self.file_name
