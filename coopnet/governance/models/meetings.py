"""Meetings, their statute rules, agenda and documents."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from coopnet.core.models import CreatedBy, Organization, TenantModel, optional_key, user_key
from coopnet.members.models import Membership


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinaria", _("Assemblea ordinaria")
    EXTRAORDINARY = "straordinaria", _("Assemblea straordinaria")
    BOARD = "consiglio", _("Consiglio di amministrazione")


class Call(models.TextChoices):
    FIRST = "prima", _("Prima convocazione")
    SECOND = "seconda", _("Seconda convocazione")


class MeetingStatus(models.TextChoices):
    DRAFT = "bozza", _("In preparazione")
    CONVENED = "convocata", _("Convocata")
    IN_SESSION = "in_corso", _("In corso")
    CLOSED = "chiusa", _("Chiusa")


class Counting(models.TextChoices):
    PER_VOTES = "voti", _("Per voti (con i voti plurimi previsti dallo statuto)")
    PER_HEAD = "teste", _("Per teste (ogni socio conta uno)")


class Majority(models.TextChoices):
    SIMPLE = "semplice", _("Maggioranza semplice: favorevoli più dei contrari")
    ABSOLUTE = "assoluta", _("Maggioranza assoluta: più della metà dei voti presenti")
    TWO_THIRDS = "due_terzi", _("Due terzi dei voti presenti")
    ABSOLUTE_OF_ALL = "assoluta_tutti", _("Più della metà di tutti i voti dei soci")


class NoticeChannel(models.TextChoices):
    PUBLICATION = "pubblicazione", _("Pubblicazione su Gazzetta Ufficiale o quotidiano")
    RECEIPT = "ricevuta", _("Mezzo con prova di ricezione (PEC, raccomandata)")


QUORUM_HELP = _(
    "Frazione dei voti di tutti i soci che devono essere presenti: 0,5 = metà; 0 = nessun quorum."
)


def _quorum(label: StrOrPromise) -> models.DecimalField[Any, Any]:
    return models.DecimalField(label, max_digits=5, decimal_places=4, help_text=QUORUM_HELP)


def _strict(label: StrOrPromise) -> models.BooleanField[Any, Any]:
    """The quorum must be exceeded, not only reached."""
    return models.BooleanField(label)


def _majority(label: StrOrPromise) -> models.CharField[Any, Any]:
    return models.CharField(label, max_length=20, choices=Majority.choices)


class StatuteGovernance(TenantModel):
    """What an organization's statute says about its meetings and votes.

    Until an organization saves its own, ``selectors.statute_governance`` returns an unsaved
    one filled from the parameter table (c.c. artt. 2366, 2368, 2369, 2538, 2539).
    """

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    counting = models.CharField(
        _("conteggio di quorum e maggioranze"), max_length=10, choices=Counting.choices
    )
    ordinary_first_quorum = _quorum(_("ordinaria, 1ª convocazione: quorum"))
    ordinary_first_quorum_strict = _strict(
        _("ordinaria, 1ª convocazione: più del quorum, non «almeno»")
    )
    ordinary_first_majority = _majority(_("ordinaria, 1ª convocazione: maggioranza"))
    ordinary_second_quorum = _quorum(_("ordinaria, 2ª convocazione: quorum"))
    ordinary_second_quorum_strict = _strict(
        _("ordinaria, 2ª convocazione: più del quorum, non «almeno»")
    )
    ordinary_second_majority = _majority(_("ordinaria, 2ª convocazione: maggioranza"))
    extraordinary_first_quorum = _quorum(_("straordinaria, 1ª convocazione: quorum"))
    extraordinary_first_quorum_strict = _strict(
        _("straordinaria, 1ª convocazione: più del quorum, non «almeno»")
    )
    extraordinary_first_majority = _majority(_("straordinaria, 1ª convocazione: maggioranza"))
    extraordinary_second_quorum = _quorum(_("straordinaria, 2ª convocazione: quorum"))
    extraordinary_second_quorum_strict = _strict(
        _("straordinaria, 2ª convocazione: più del quorum, non «almeno»")
    )
    extraordinary_second_majority = _majority(_("straordinaria, 2ª convocazione: maggioranza"))
    board_quorum = _quorum(_("consiglio: quorum dei consiglieri"))
    board_quorum_strict = _strict(_("consiglio: più del quorum, non «almeno»"))
    board_majority = _majority(_("consiglio: maggioranza"))
    legal_person_votes = models.PositiveSmallIntegerField(_("voti di un socio persona giuridica"))
    sovventore_votes = models.PositiveSmallIntegerField(_("voti di un socio sovventore"))
    remote_voting_allowed = models.BooleanField(
        _("partecipazione e voto a distanza (online)"), default=False
    )
    postal_voting_allowed = models.BooleanField(_("voto per corrispondenza"), default=False)
    notice_channel = models.CharField(
        _("modo della convocazione"), max_length=15, choices=NoticeChannel.choices
    )
    proxy_max_per_delegate = models.PositiveSmallIntegerField(_("deleghe massime per delegato"))
    rules_confirmed = models.BooleanField(
        _("quorum e maggioranze verificati sullo statuto"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("regole di voto dello statuto")
        verbose_name_plural = _("regole di voto degli statuti")
        constraints = [
            models.CheckConstraint(
                condition=Q(ordinary_first_quorum__gte=0, ordinary_first_quorum__lte=1)
                & Q(ordinary_second_quorum__gte=0, ordinary_second_quorum__lte=1)
                & Q(extraordinary_first_quorum__gte=0, extraordinary_first_quorum__lte=1)
                & Q(extraordinary_second_quorum__gte=0, extraordinary_second_quorum__lte=1)
                & Q(board_quorum__gte=0, board_quorum__lte=1),
                name="statute_governance_quorums_are_fractions",
            ),
            models.CheckConstraint(
                condition=Q(legal_person_votes__gte=1, sovventore_votes__gte=1),
                name="statute_governance_votes_at_least_one",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization)


def _minutes_path(instance: Meeting, filename: str) -> str:
    return f"governance/{instance.organization_id}/minutes/{filename}"


MINUTES_JOB = "governance.minutes"  # the kind of core Job that archives a meeting's minutes


class Meeting(CreatedBy, TenantModel):
    """An assembly or a board meeting: the call, the place, the session and its minutes."""

    number = models.PositiveIntegerField(_("numero"))
    kind = models.CharField(_("tipo"), max_length=15, choices=MeetingKind.choices)
    title = models.CharField(_("titolo"), max_length=200, blank=True)
    first_call_at = models.DateTimeField(_("prima convocazione"))
    second_call_at = models.DateTimeField(_("seconda convocazione"), null=True, blank=True)
    place = models.CharField(_("luogo"), max_length=255, blank=True)
    online_url = models.URLField(_("collegamento per partecipare online"), blank=True)
    status = models.CharField(
        _("stato"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    notice_given_on = models.DateField(_("convocata il"), null=True, blank=True)
    notice_late = models.BooleanField(_("convocata oltre il termine"), default=False)
    notice_note = models.TextField(_("nota sulla convocazione"), blank=True)
    held_call = models.CharField(_("tenuta in"), max_length=10, choices=Call.choices, blank=True)
    held_on = models.DateField(_("tenuta il"), null=True, blank=True)
    opened_at = models.DateTimeField(_("aperta alle"), null=True, blank=True)
    closed_at = models.DateTimeField(_("chiusa alle"), null=True, blank=True)
    chair_name = models.CharField(_("presidente"), max_length=200, blank=True)
    secretary_name = models.CharField(_("segretario"), max_length=200, blank=True)
    minutes_intro = models.TextField(_("premessa del verbale"), blank=True)
    minutes_file = models.FileField(_("verbale"), upload_to=_minutes_path, blank=True)
    minutes_sha256 = models.CharField(_("impronta SHA-256 del verbale"), max_length=64, blank=True)
    minutes_generated_at = models.DateTimeField(_("verbale generato il"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-first_call_at", "-number")
        verbose_name = _("riunione")
        verbose_name_plural = _("registro delle riunioni")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="meeting_unique_number_per_org"
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_url=""), name="meeting_has_place_or_link"
            ),
            models.CheckConstraint(
                condition=Q(second_call_at__isnull=True) | Q(second_call_at__gt=F("first_call_at")),
                name="meeting_second_call_after_first",
            ),
            models.CheckConstraint(
                condition=~Q(status="chiusa") | Q(closed_at__isnull=False),
                name="meeting_closed_has_time",
            ),
        ]
        indexes = [models.Index(fields=["organization", "-first_call_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} n. {self.number}"

    @property
    def is_assembly(self) -> bool:
        return self.kind != MeetingKind.BOARD


class ItemKind(models.TextChoices):
    ACCOUNTS = "bilancio", _("Approvazione del bilancio")
    SOCIAL_REPORT = "bilancio_sociale", _("Approvazione del bilancio sociale")
    ELECTION = "elezione", _("Elezione")
    STATUTE_CHANGE = "statuto", _("Modifica dello statuto")
    ADMISSION_APPEAL = "ricorso", _("Ricorso contro il rigetto della domanda di ammissione")
    ADMISSION = "ammissione", _("Domanda di ammissione")
    OTHER = "altro", _("Altro")


class AgendaItem(TenantModel):
    """One point of the agenda (ordine del giorno), with its motion and its minutes text."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("posizione"))
    kind = models.CharField(_("tipo"), max_length=20, choices=ItemKind.choices)
    title = models.CharField(_("argomento"), max_length=255)
    motion = models.TextField(_("testo della proposta"), blank=True)
    candidates = models.TextField(_("candidati (uno per riga)"), blank=True)
    seats = models.PositiveSmallIntegerField(_("posti da eleggere"), default=1)
    membership = optional_key(Membership, _("domanda o ricorso di"))
    minutes_text = models.TextField(_("testo a verbale"), blank=True)
    effect_applied_on = models.DateField(
        _("esito registrato nel libro soci il"), null=True, blank=True
    )
    effect_error = models.TextField(_("esito non registrato"), blank=True)

    class Meta:
        ordering = ("meeting", "position")
        verbose_name = _("punto all'ordine del giorno")
        verbose_name_plural = _("ordine del giorno")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="agenda_item_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["ricorso", "ammissione"]) | Q(membership__isnull=True),
                name="agenda_item_membership_only_for_admissions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def candidate_list(self) -> list[str]:
        return [line.strip() for line in self.candidates.splitlines() if line.strip()]


def _document_path(instance: AgendaDocument, filename: str) -> str:
    return f"governance/{instance.organization_id}/meetings/{instance.item.meeting_id}/{filename}"


class AgendaDocument(TenantModel):
    """A document attached to an agenda item (accounts, reports, the new statute...)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titolo"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=255)
    uploaded_by = user_key()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("item", "id")
        verbose_name = _("documento")
        verbose_name_plural = _("documenti")

    def __str__(self) -> str:
        return self.title
