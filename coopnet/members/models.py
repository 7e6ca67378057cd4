"""Persons, memberships (libro soci), their lifecycle events and the share-capital ledger."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import (
    Comune,
    CreatedBy,
    Organization,
    TenantModel,
    optional_key,
    user_key,
)
from coopnet.core.validators import validate_codice_fiscale, validate_partita_iva


class PersonKind(models.TextChoices):
    NATURAL = "fisica", _("Persona fisica")
    LEGAL = "giuridica", _("Persona giuridica")


class Person(TenantModel):
    """A natural or legal person known to one organization (member, worker, volunteer, user).

    Each organization keeps its own record of a person (it is their data controller); the
    same person in two cooperatives is two rows sharing a codice fiscale.
    """

    kind = models.CharField(_("tipo"), max_length=10, choices=PersonKind.choices)
    surname = models.CharField(_("cognome"), max_length=120, blank=True)
    given_name = models.CharField(_("nome"), max_length=120, blank=True)
    denomination = models.CharField(_("denominazione"), max_length=255, blank=True)
    codice_fiscale = models.CharField(
        _("codice fiscale"), max_length=16, blank=True, validators=[validate_codice_fiscale]
    )
    partita_iva = models.CharField(
        _("partita IVA"), max_length=11, blank=True, validators=[validate_partita_iva]
    )
    birth_date = models.DateField(_("data di nascita"), null=True, blank=True)
    sex = models.CharField(_("sesso"), max_length=1, blank=True, choices=[("M", "M"), ("F", "F")])
    birthplace = models.CharField(_("luogo di nascita"), max_length=120, blank=True)
    linked_organization = optional_key(
        Organization, _("organizzazione in coopnet"), on_delete=models.SET_NULL
    )
    address = models.CharField(_("indirizzo"), max_length=255, blank=True)
    comune = optional_key(Comune, _("comune"))
    email = models.EmailField(_("e-mail"), blank=True)
    pec = models.EmailField(_("PEC"), blank=True)
    phone = models.CharField(_("telefono"), max_length=40, blank=True)
    privacy_consent_on = models.DateField(_("consenso privacy del"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utente"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="persons",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("surname", "given_name", "denomination")
        verbose_name = _("persona")
        verbose_name_plural = _("persone")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "codice_fiscale"],
                condition=~Q(codice_fiscale=""),
                name="person_unique_cf_per_org",
            ),
            models.UniqueConstraint(
                fields=["organization", "partita_iva"],
                condition=~Q(partita_iva=""),
                name="person_unique_piva_per_org",
            ),
            models.CheckConstraint(
                condition=(Q(kind="fisica") & ~Q(surname=""))
                | (Q(kind="giuridica") & ~Q(denomination="")),
                name="person_has_a_name",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == PersonKind.LEGAL:
            return self.denomination
        return f"{self.surname} {self.given_name}".strip()


class MemberCategory(models.TextChoices):
    LAVORATORE = "lavoratore", _("Socio lavoratore")
    FRUITORE = "fruitore", _("Socio fruitore")
    VOLONTARIO = "volontario", _("Socio volontario")
    SOVVENTORE = "sovventore", _("Socio sovventore")
    FINANZIATORE = "finanziatore", _("Socio finanziatore")
    PERSONA_GIURIDICA = "persona_giuridica", _("Socio persona giuridica")
    SPECIALE = "speciale", _("Socio speciale")


class MembershipStatus(models.TextChoices):
    APPLIED = "domanda", _("Domanda presentata")
    REFUSED = "respinta", _("Domanda respinta")
    ACTIVE = "attivo", _("Socio")
    WITHDRAWN = "receduto", _("Receduto")
    EXCLUDED = "escluso", _("Escluso")
    DECEASED = "deceduto", _("Deceduto")
    TRANSFERRED = "cessato", _("Cessato per trasferimento della quota")


# Memberships that ended: their number stays in the libro soci, their capital is refundable.
EXITED = (
    MembershipStatus.WITHDRAWN,
    MembershipStatus.EXCLUDED,
    MembershipStatus.DECEASED,
    MembershipStatus.TRANSFERRED,
)


class ExitCause(models.TextChoices):
    WITHDRAWAL = "recesso", _("Recesso")
    EXCLUSION = "esclusione", _("Esclusione")
    DEATH = "morte", _("Morte")
    TRANSFER = "trasferimento", _("Trasferimento dell'intera quota")


class Statute(TenantModel):
    """What an organization's statute says about membership and shares."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="statute"
    )
    allowed_categories = models.JSONField(_("categorie di soci ammesse"), default=list)
    share_nominal_value = models.DecimalField(
        _("valore nominale di una quota"), default=Decimal("25.00"), max_digits=14, decimal_places=2
    )
    min_shares = models.PositiveIntegerField(_("quote minime da sottoscrivere"), default=1)
    shares_are_azioni = models.BooleanField(
        _("capitale in azioni (modello SpA)"),
        default=False,
        help_text=_("Il valore massimo di un'azione vale solo per le azioni (art. 2525 c.c.)."),
    )
    public_admission_form = models.BooleanField(_("modulo di ammissione pubblico"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("statuto")
        verbose_name_plural = _("statuti")

    def __str__(self) -> str:
        return str(self.organization)


class RegisterCounter(TenantModel):
    """The last register number used by an organization: numbers are never reused."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.organization}: {self.last_number}"


class Membership(TenantModel):
    """A person's membership of one organization: one line of the libro soci."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    category = models.CharField(_("categoria"), max_length=20, choices=MemberCategory.choices)
    status = models.CharField(
        _("stato"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.APPLIED,
    )
    register_number = models.PositiveIntegerField(_("numero libro soci"), null=True, blank=True)
    applied_on = models.DateField(_("data della domanda"))
    admitted_on = models.DateField(_("data di ammissione"), null=True, blank=True)
    admission_decision_ref = models.CharField(
        _("delibera di ammissione"), max_length=120, blank=True
    )
    refused_on = models.DateField(_("data del rigetto"), null=True, blank=True)
    refusal_reason = models.TextField(_("motivo del rigetto"), blank=True)
    appeal_filed_on = models.DateField(_("ricorso all'assemblea del"), null=True, blank=True)
    appeal_decided_on = models.DateField(_("ricorso deciso il"), null=True, blank=True)
    appeal_upheld = models.BooleanField(_("ricorso accolto"), null=True, blank=True)
    exit_requested_on = models.DateField(_("richiesta di recesso del"), null=True, blank=True)
    exit_cause = models.CharField(
        _("causa di uscita"), max_length=15, choices=ExitCause.choices, blank=True
    )
    exit_reason = models.TextField(_("motivazione dell'uscita"), blank=True)
    exit_decided_on = models.DateField(_("delibera di uscita del"), null=True, blank=True)
    exit_decision_ref = models.CharField(_("delibera di uscita"), max_length=120, blank=True)
    ended_on = models.DateField(_("data di uscita"), null=True, blank=True)
    mutual_relation_ends_on = models.DateField(
        _("fine del rapporto mutualistico"), null=True, blank=True
    )
    opposition_deadline = models.DateField(_("termine per l'opposizione"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("register_number", "applied_on")
        verbose_name = _("socio")
        verbose_name_plural = _("libro soci")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "register_number"],
                condition=Q(register_number__isnull=False),
                name="membership_unique_register_number",
            ),
            models.CheckConstraint(
                condition=Q(admitted_on__isnull=True) | Q(admitted_on__gte=F("applied_on")),
                name="membership_admitted_after_application",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(admitted_on__isnull=True)
                | Q(ended_on__gte=F("admitted_on")),
                name="membership_ended_after_admission",
            ),
            models.CheckConstraint(
                condition=~Q(status="attivo")
                | (Q(register_number__isnull=False) & Q(admitted_on__isnull=False)),
                name="membership_active_has_number",
            ),
        ]
        indexes = [models.Index(fields=["organization", "status", "category"])]

    def __str__(self) -> str:
        number = self.register_number or "—"
        return f"{number} {self.person}"


class MembershipEventKind(models.TextChoices):
    APPLICATION = "domanda", _("Domanda di ammissione")
    ADMISSION = "ammissione", _("Ammissione")
    REFUSAL = "rigetto", _("Rigetto della domanda")
    APPEAL = "ricorso", _("Ricorso all'assemblea")
    APPEAL_OUTCOME = "esito_ricorso", _("Esito del ricorso")
    WITHDRAWAL_REQUEST = "richiesta_recesso", _("Richiesta di recesso")
    WITHDRAWAL_ACCEPTED = "recesso_accolto", _("Recesso accolto")
    WITHDRAWAL_REFUSED = "recesso_respinto", _("Recesso respinto")
    EXCLUSION = "esclusione", _("Esclusione")
    DEATH = "morte", _("Morte")
    TRANSFER_EXIT = "uscita_trasferimento", _("Uscita per trasferimento dell'intera quota")
    CATEGORY_CHANGE = "cambio_categoria", _("Cambio di categoria")


class DatedEntry(TenantModel):
    """A dated line written once by someone: a membership event, a share-ledger row."""

    date = models.DateField(_("data"))
    reference = models.CharField(_("riferimento"), max_length=120, blank=True)
    note = models.TextField(_("nota"), blank=True)
    created_by = user_key(on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ("date", "id")


class MembershipEvent(DatedEntry):
    """One step in a membership's history, as the libro soci must show it."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("evento"), max_length=20, choices=MembershipEventKind.choices)

    class Meta(DatedEntry.Meta):
        verbose_name = _("evento del socio")
        verbose_name_plural = _("eventi del socio")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class ShareAccount(TenantModel):
    """Running totals of a membership's share capital; the ledger is the source of truth.

    The check constraints make negative balances and payments above the subscription
    impossible in the database, whatever the code does.
    """

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="share_account"
    )
    shares = models.IntegerField(_("quote"), default=0)
    subscribed = models.DecimalField(
        _("capitale sottoscritto"), default=Decimal("0"), max_digits=14, decimal_places=2
    )
    paid = models.DecimalField(
        _("capitale versato"), default=Decimal("0"), max_digits=14, decimal_places=2
    )

    class Meta:
        verbose_name = _("conto capitale")
        verbose_name_plural = _("conti capitale")
        constraints = [
            models.CheckConstraint(condition=Q(shares__gte=0), name="share_account_shares_gte_0"),
            models.CheckConstraint(
                condition=Q(subscribed__gte=0), name="share_account_subscribed_gte_0"
            ),
            models.CheckConstraint(condition=Q(paid__gte=0), name="share_account_paid_gte_0"),
            models.CheckConstraint(
                condition=Q(paid__lte=F("subscribed")), name="share_account_paid_lte_subscribed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership}: {self.paid}/{self.subscribed}"

    @property
    def outstanding(self) -> Decimal:
        return self.subscribed - self.paid


class ShareTransactionKind(models.TextChoices):
    SUBSCRIPTION = "sottoscrizione", _("Sottoscrizione")
    PAYMENT = "versamento", _("Versamento")
    RISTORNO = "ristorno", _("Ristorno capitalizzato")
    TRANSFER_OUT = "cessione", _("Trasferimento ad altro socio")
    TRANSFER_IN = "acquisto", _("Trasferimento da altro socio")
    REFUND = "rimborso", _("Rimborso all'uscita")
    REVERSAL = "storno", _("Storno")


class ShareTransaction(DatedEntry):
    """One line of the share-capital ledger. Deltas are signed; rows are never changed."""

    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="share_transactions"
    )
    kind = models.CharField(_("operazione"), max_length=15, choices=ShareTransactionKind.choices)
    shares_delta = models.IntegerField(_("quote"), default=0)
    subscribed_delta = models.DecimalField(
        _("sottoscritto"), default=Decimal("0"), max_digits=14, decimal_places=2
    )
    paid_delta = models.DecimalField(
        _("versato"), default=Decimal("0"), max_digits=14, decimal_places=2
    )
    counterparty = optional_key(Membership, _("controparte"))
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("storno della riga"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
        help_text=_("Una riga sbagliata si corregge con uno storno, mai modificandola."),
    )

    class Meta(DatedEntry.Meta):
        verbose_name = _("movimento di capitale")
        verbose_name_plural = _("movimenti di capitale")
        indexes = [models.Index(fields=["organization", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="storno", reverses__isnull=False)
                | (~Q(kind="storno") & Q(reverses__isnull=True)),
                name="share_transaction_reversal_has_line",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


def _document_path(instance: PublishedDocument, filename: str) -> str:
    return f"members/{instance.organization_id}/documents/{filename}"


class PublishedDocument(CreatedBy, TenantModel):
    """A document the cooperative publishes to its members (statute, regulations, minutes)."""

    title = models.CharField(_("titolo"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=255)
    published_on = models.DateField(_("pubblicato il"))
    visible_to_members = models.BooleanField(_("visibile ai soci"), default=True)

    class Meta:
        ordering = ("-published_on", "-id")
        verbose_name = _("documento pubblicato")
        verbose_name_plural = _("documenti pubblicati")
        indexes = [models.Index(fields=["organization", "-published_on"])]

    def __str__(self) -> str:
        return self.title
