"""Tenders of public bodies, their lots and documents; bids with their members and checklist;
contracts from awarded bids with each executing organization's share.

Every row belongs to the organization that records it (the bidder, the consortium, the RTI's
lead); a lot is the same lot across organizations when its CIG is the same.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import Organization, TenantModel

from ..validators import validate_iban

MONEY: dict[str, Any] = {
    "max_digits": 14,
    "decimal_places": 2,
    "validators": [MinValueValidator(0)],
}
PERCENT: dict[str, Any] = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [MinValueValidator(0), MaxValueValidator(100)],
}


class Procedure(models.TextChoices):
    OPEN = "open", _("Procedura aperta")
    RESERVED = "reserved", _("Appalto riservato (D.Lgs. 36/2023 art. 61)")
    CONVENTION = "convention", _("Convenzione L. 381/1991 art. 5")
    CO_DESIGN = "co_design", _("Co-progettazione (D.Lgs. 117/2017 art. 55)")
    ACCREDITATION = "accreditation", _("Accreditamento")
    DIRECT = "direct", _("Affidamento diretto")

    @classmethod
    def checks_eligibility(cls) -> frozenset[str]:
        """Procedures whose bidders must show the 30% of disadvantaged workers (R-PP-61a,
        R-381-5a): the evidence is stored with the bid."""
        return frozenset({cls.RESERVED, cls.CONVENTION})


class Subject(models.TextChoices):
    SERVICES = "services", _("Servizi")
    SUPPLIES = "supplies", _("Forniture")
    WORKS = "works", _("Lavori")


class Tender(TenantModel):
    """A tender (or convention, co-design, accreditation) of a public body."""

    authority = models.ForeignKey(
        Organization,
        verbose_name=_("stazione appaltante"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("oggetto"), max_length=255)
    reference = models.CharField(_("riferimento del bando"), max_length=80, blank=True)
    procedure = models.CharField(_("procedura"), max_length=20, choices=Procedure.choices)
    subject = models.CharField(
        _("tipo di contratto"), max_length=10, choices=Subject.choices, default=Subject.SERVICES
    )
    central_government = models.BooleanField(
        _("amministrazione centrale"),
        default=False,
        help_text=_("Ministeri e altre amministrazioni centrali: soglia UE più bassa."),
    )
    health_body = models.BooleanField(
        _("ente del servizio sanitario"),
        default=False,
        help_text=_("ASL, aziende ospedaliere: pagamento a 60 giorni."),
    )
    published_on = models.DateField(_("pubblicato il"))
    questions_deadline = models.DateField(_("termine per i chiarimenti"), null=True, blank=True)
    bid_deadline = models.DateField(_("termine per le offerte"))
    notes = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("registrato il"), auto_now_add=True)

    class Meta:
        ordering = ("-bid_deadline", "-pk")
        verbose_name = _("gara")
        verbose_name_plural = _("gare")

    def __str__(self) -> str:
        return self.title


class Lot(TenantModel):
    """A lot of a tender: the CIG identifies it nationally."""

    tender = models.ForeignKey(
        Tender, verbose_name=_("gara"), on_delete=models.CASCADE, related_name="lots"
    )
    number = models.PositiveSmallIntegerField(_("numero del lotto"), default=1)
    title = models.CharField(_("descrizione"), max_length=255, blank=True)
    cig = models.CharField(
        _("CIG"),
        max_length=10,
        validators=[
            RegexValidator(
                r"^[0-9A-Z]{10}$", _("Il CIG ha 10 caratteri, cifre e lettere maiuscole.")
            )
        ],
    )
    cup = models.CharField(
        _("CUP"),
        max_length=15,
        blank=True,
        validators=[
            RegexValidator(
                r"^[0-9A-Z]{15}$", _("Il CUP ha 15 caratteri, cifre e lettere maiuscole.")
            )
        ],
    )
    base_value = models.DecimalField(_("importo a base di gara (€, IVA esclusa)"), **MONEY)

    class Meta:
        ordering = ("tender", "number")
        verbose_name = _("lotto")
        verbose_name_plural = _("lotti")
        constraints = [
            models.UniqueConstraint(fields=["tender", "number"], name="lot_unique_number"),
            models.UniqueConstraint(fields=["tender", "cig"], name="lot_unique_cig"),
        ]

    def __str__(self) -> str:
        return f"{self.number} · CIG {self.cig}"


class TenderDocument(TenantModel):
    tender = models.ForeignKey(
        Tender, verbose_name=_("gara"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("titolo"), max_length=200)
    file = models.FileField(_("file"), upload_to="contracts/tenders/")
    uploaded_at = models.DateTimeField(_("caricato il"), auto_now_add=True)

    class Meta:
        ordering = ("tender", "title")
        verbose_name = _("documento di gara")
        verbose_name_plural = _("documenti di gara")

    def __str__(self) -> str:
        return self.title


class BidForm(models.TextChoices):
    ALONE = "alone", _("Singola")
    CONSORTIUM = "consortium", _("Consorzio con consorziate esecutrici")
    RTI = "rti", _("Raggruppamento temporaneo (RTI)")


class Outcome(models.TextChoices):
    PENDING = "pending", _("In corso")
    AWARDED = "awarded", _("Aggiudicata")
    LOST = "lost", _("Non aggiudicata")
    EXCLUDED = "excluded", _("Esclusa")
    WITHDRAWN = "withdrawn", _("Ritirata")


class Bid(TenantModel):
    """An offer on one or more lots of a tender; ``organization`` is the bidder (the
    cooperative alone, the consortium, the RTI's lead)."""

    tender = models.ForeignKey(
        Tender, verbose_name=_("gara"), on_delete=models.PROTECT, related_name="bids"
    )
    lots = models.ManyToManyField(Lot, verbose_name=_("lotti"), related_name="bids")
    form = models.CharField(_("forma di partecipazione"), max_length=12, choices=BidForm.choices)
    bid_date = models.DateField(_("data dell'offerta"))
    amount = models.DecimalField(
        _("importo offerto (€, IVA esclusa)"), null=True, blank=True, **MONEY
    )
    outcome = models.CharField(
        _("esito"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_on = models.DateField(_("esito del"), null=True, blank=True)
    outcome_note = models.TextField(_("motivazione dell'esito"), blank=True)
    eligibility = models.JSONField(
        _("requisiti (R-381-4b alla data dell'offerta)"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("registrata il"), auto_now_add=True)

    class Meta:
        ordering = ("-bid_date", "-pk")
        verbose_name = _("offerta")
        verbose_name_plural = _("offerte")

    def __str__(self) -> str:
        return f"{self.tender} · {self.get_form_display()}"

    @property
    def is_open(self) -> bool:
        return self.outcome == Outcome.PENDING


class MemberRole(models.TextChoices):
    LEAD = "lead", _("Mandataria")
    MEMBER = "member", _("Mandante")
    EXECUTOR = "executor", _("Consorziata esecutrice")


class BidMember(TenantModel):
    """An organization taking part in a consortium's or an RTI's bid, with its share."""

    bid = models.ForeignKey(
        Bid, verbose_name=_("offerta"), on_delete=models.CASCADE, related_name="members"
    )
    member = models.ForeignKey(
        Organization, verbose_name=_("organizzazione"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("ruolo"), max_length=10, choices=MemberRole.choices)
    share = models.DecimalField(_("quota (%)"), **PERCENT)
    parts = models.CharField(_("parti del servizio"), max_length=255, blank=True)

    class Meta:
        ordering = ("bid", "role", "pk")
        verbose_name = _("partecipante all'offerta")
        verbose_name_plural = _("partecipanti all'offerta")
        constraints = [
            models.UniqueConstraint(fields=["bid", "member"], name="bid_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.get_role_display()})"


class BidChecklistItem(TenantModel):
    """A document or step to prepare for a bid, with who does it and by when."""

    bid = models.ForeignKey(
        Bid, verbose_name=_("offerta"), on_delete=models.CASCADE, related_name="checklist"
    )
    title = models.CharField(_("documento o adempimento"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsabile"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("scadenza"))
    done = models.BooleanField(_("fatto"), default=False)
    done_on = models.DateField(_("fatto il"), null=True, blank=True)

    class Meta:
        ordering = ("done", "due_date", "pk")
        verbose_name = _("voce della lista di controllo")
        verbose_name_plural = _("lista di controllo")

    def __str__(self) -> str:
        return self.title


class Contract(TenantModel):
    """The contract signed after an awarded bid, with the clauses the law requires."""

    bid = models.OneToOneField(
        Bid, verbose_name=_("offerta"), on_delete=models.PROTECT, related_name="contract"
    )
    lots = models.ManyToManyField(Lot, verbose_name=_("lotti"), related_name="contracts")
    value = models.DecimalField(_("valore (€, IVA esclusa)"), **MONEY)
    start_date = models.DateField(_("inizio"))
    end_date = models.DateField(_("fine"))
    revision_threshold = models.DecimalField(
        _("soglia di revisione prezzi"), max_digits=5, decimal_places=4
    )
    revision_share = models.DecimalField(
        _("quota riconosciuta oltre la soglia"), max_digits=5, decimal_places=4
    )
    payment_days = models.PositiveSmallIntegerField(_("termine di pagamento (giorni)"))
    iban = models.CharField(
        _("IBAN del conto dedicato (L. 136/2010)"), max_length=34, validators=[validate_iban]
    )
    account_operators = models.TextField(
        _("persone delegate a operare sul conto"),
        blank=True,
        help_text=_("Nome, cognome e codice fiscale, una persona per riga."),
    )
    created_at = models.DateTimeField(_("registrato il"), auto_now_add=True)

    class Meta:
        ordering = ("-start_date", "-pk")
        verbose_name = _("contratto")
        verbose_name_plural = _("contratti")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="contract_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return str(self.bid.tender)


class ContractShare(TenantModel):
    """What part of a contract an organization executes (100% for a bid alone)."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contratto"), on_delete=models.CASCADE, related_name="shares"
    )
    executor = models.ForeignKey(
        Organization, verbose_name=_("esecutrice"), on_delete=models.PROTECT, related_name="+"
    )
    share = models.DecimalField(_("quota (%)"), **PERCENT)
    parts = models.CharField(_("parti del servizio"), max_length=255, blank=True)

    class Meta:
        ordering = ("contract", "-share", "pk")
        verbose_name = _("quota di esecuzione")
        verbose_name_plural = _("quote di esecuzione")
        constraints = [
            models.UniqueConstraint(fields=["contract", "executor"], name="contract_share_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.executor} {self.share}%"
