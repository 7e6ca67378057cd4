"""The roll of a meeting: who may attend and vote, their attendance, proxies and notices."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import Created, TenantModel, user_key
from coopnet.members.models import Membership

from .meetings import Meeting


class Attendance(models.TextChoices):
    ABSENT = "assente", _("Assente")
    IN_PERSON = "presente", _("Presente in sala")
    ONLINE = "online", _("Collegato online")


ANNOUNCED_ATTENDANCE = [(Attendance.IN_PERSON, _("In sala")), (Attendance.ONLINE, _("Online"))]


class Participant(TenantModel):
    """One line of a meeting's roll: a member entitled to attend, with their votes that day.

    Voting rights and weight are those on the day the meeting is held (R-CC-2538); name and
    register number are copied so the minutes keep them as they were.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    register_number = models.PositiveIntegerField(_("numero libro soci"), null=True, blank=True)
    name = models.CharField(_("socio"), max_length=255)
    category = models.CharField(_("categoria"), max_length=20)
    is_legal_person = models.BooleanField(_("persona giuridica"), default=False)
    on_roll = models.BooleanField(_("socio alla data della riunione"), default=True)
    can_vote = models.BooleanField(_("ha diritto di voto"), default=False)
    weight = models.PositiveSmallIntegerField(_("voti"), default=1)
    capped = models.BooleanField(_("socio finanziatore (voti entro un terzo)"), default=False)
    attendance = models.CharField(
        _("presenza"), max_length=10, choices=Attendance.choices, default=Attendance.ABSENT
    )
    checked_in_at = models.DateTimeField(_("registrato alle"), null=True, blank=True)
    # what the member announced from their page before the session (never counted as present)
    confirmed = models.CharField(
        _("partecipazione annunciata"),
        max_length=10,
        choices=ANNOUNCED_ATTENDANCE,
        blank=True,
    )

    class Meta:
        ordering = ("meeting", "register_number", "id")
        verbose_name = _("partecipante")
        verbose_name_plural = _("partecipanti")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="participant_unique_per_meeting"
            ),
        ]
        indexes = [
            models.Index(fields=["meeting", "register_number"]),
            models.Index(fields=["meeting", "attendance"]),
        ]

    def __str__(self) -> str:
        number = self.register_number or "—"
        return f"{number} {self.name}"

    @property
    def is_present(self) -> bool:
        return self.attendance != Attendance.ABSENT


def _proxy_path(instance: Proxy, filename: str) -> str:
    return (
        f"governance/{instance.organization_id}/meetings/{instance.meeting_id}/proxies/{filename}"
    )


class Proxy(TenantModel):
    """A written proxy (delega, R-CC-2539): ``grantor`` is represented by ``delegate``."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proxies")
    grantor = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="proxies_granted"
    )
    delegate = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="proxies_held")
    document = models.FileField(_("delega firmata"), upload_to=_proxy_path, blank=True)
    granted_at = models.DateTimeField(_("registrata alle"))
    withdrawn_at = models.DateTimeField(_("ritirata alle"), null=True, blank=True)
    recorded_by = user_key()

    class Meta:
        ordering = ("meeting", "granted_at", "id")
        verbose_name = _("delega")
        verbose_name_plural = _("deleghe")
        constraints = [
            models.UniqueConstraint(
                fields=["grantor"],
                condition=Q(withdrawn_at__isnull=True),
                name="proxy_one_active_per_grantor",
            ),
            models.CheckConstraint(condition=~Q(grantor=F("delegate")), name="proxy_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.grantor} → {self.delegate}"


class NoticeStatus(models.TextChoices):
    PENDING = "da_inviare", _("Da inviare")
    SENT = "inviata", _("Inviata")
    FAILED = "errore", _("Invio non riuscito")
    NO_ADDRESS = "senza_recapito", _("Nessun recapito elettronico")


class NoticeChannelKind(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PEC = "pec", _("PEC")
    NONE = "nessuno", _("Nessuno")


class NoticeDelivery(Created, TenantModel):
    """One notice of convocation to one member on one channel: the log of who got what."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="deliveries")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("canale"), max_length=10, choices=NoticeChannelKind.choices)
    address = models.CharField(_("indirizzo"), max_length=254, blank=True)
    status = models.CharField(
        _("stato"), max_length=15, choices=NoticeStatus.choices, default=NoticeStatus.PENDING
    )
    sent_at = models.DateTimeField(_("inviata alle"), null=True, blank=True)
    error = models.TextField(_("errore"), blank=True)

    class Meta:
        ordering = ("meeting", "participant__register_number", "channel")
        verbose_name = _("invio della convocazione")
        verbose_name_plural = _("invii della convocazione")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "participant", "channel"], name="notice_once_per_channel"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.get_channel_display()}"
