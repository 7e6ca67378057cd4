"""Ballots and their results.

A secret ballot is stored in two tables that cannot be joined: ``BallotParticipation`` says
who voted (no choice), ``SecretTally`` holds running totals per choice (no voter, no time,
rows created when the ballot opens). A closed ballot's ``BallotResult`` is written once;
database triggers (migration 0002) refuse to change it or to add votes after it exists.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import TenantModel, TenantQuerySet, user_key

from .meetings import AgendaItem, Call, Counting, Majority
from .roll import Participant, Proxy


class Ballot(TenantModel):
    """The vote on one agenda item: open or secret, in the room or in a remote window.

    Its state is computed when read: open until it has a result or ``closes_at`` is past.
    """

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="ballot")
    secret = models.BooleanField(_("voto segreto"), default=False)
    remote = models.BooleanField(_("voto a distanza in una finestra"), default=False)
    choices = models.JSONField(_("scelte"))  # [[code, label], ...]
    opens_at = models.DateTimeField(_("aperta alle"))
    closes_at = models.DateTimeField(_("si chiude alle"), null=True, blank=True)
    opened_by = user_key()

    class Meta:
        verbose_name = _("votazione")
        verbose_name_plural = _("votazioni")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="ballot_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return str(self.item)

    def choice_label(self, code: str) -> str:
        return dict(self.choices).get(code, code)


class VoteChannel(models.TextChoices):
    IN_ROOM = "sala", _("In sala")
    ONLINE = "online", _("Online")
    POSTAL = "posta", _("Per corrispondenza")


class BallotParticipation(TenantModel):
    """Who voted in a ballot, for whom and how the vote arrived.

    ``choice`` is filled for open ballots only; a secret ballot's choices go to
    ``SecretTally``. The unique constraint is the "one vote per member per ballot" rule.
    """

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="participations")
    voter = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    cast_by = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    proxy = models.ForeignKey(
        Proxy, on_delete=models.PROTECT, null=True, blank=True, related_name="votes"
    )
    channel = models.CharField(_("modalità"), max_length=10, choices=VoteChannel.choices)
    choice = models.CharField(_("voto"), max_length=40, blank=True)
    weight = models.PositiveSmallIntegerField(_("voti"))
    capped = models.BooleanField(default=False)
    voted_at = models.DateTimeField(_("votato alle"))

    class Meta:
        ordering = ("ballot", "id")
        verbose_name = _("partecipazione al voto")
        verbose_name_plural = _("partecipazioni al voto")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "voter"], name="one_vote_per_member_per_ballot"
            ),
            models.CheckConstraint(
                condition=Q(proxy__isnull=True, cast_by=F("voter"))
                | (Q(proxy__isnull=False) & ~Q(cast_by=F("voter"))),
                name="participation_proxy_iff_cast_by_other",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}: {self.voter_id}"


class SecretTally(TenantModel):
    """Running totals of a secret ballot for one choice: no voter, no time, random key.

    Every row is created when the ballot opens, so neither the rows nor their order say
    anything about who voted; ``capped`` separates the financing members' votes (R-CC-2526)
    and ``sovventore`` the soci sovventori's (L. 59/1992 art. 4 c.3), each capped apart.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="secret_tallies")
    choice = models.CharField(max_length=40)
    capped = models.BooleanField(default=False)
    sovventore = models.BooleanField(default=False)
    votes = models.PositiveIntegerField(default=0)
    papers = models.PositiveIntegerField(default=0)
    sealed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("urna del voto segreto")
        verbose_name_plural = _("urne del voto segreto")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "choice", "capped", "sovventore"],
                name="secret_tally_unique_urn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}: {self.choice}"


class BallotResultQuerySet(TenantQuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("A ballot result never changes.")


class BallotResult(TenantModel):
    """The result of a closed ballot, written once (the database refuses any change)."""

    ballot = models.OneToOneField(Ballot, on_delete=models.CASCADE, related_name="result")
    closed_at = models.DateTimeField(_("chiusa alle"))
    closed_by = models.ForeignKey(  # PROTECT: SET_NULL would be an update, which is refused
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    automatic = models.BooleanField(_("chiusa alla scadenza"), default=False)
    call = models.CharField(_("convocazione"), max_length=10, choices=Call.choices)
    counting = models.CharField(_("conteggio"), max_length=10, choices=Counting.choices)
    majority = models.CharField(_("maggioranza"), max_length=20, choices=Majority.choices)
    quorum = models.DecimalField(_("quorum"), max_digits=5, decimal_places=4)
    quorum_strict = models.BooleanField(default=False)
    uncertain_rule = models.BooleanField(_("regola incerta [U]"), default=False)
    total_votes = models.DecimalField(_("voti di tutti i soci"), max_digits=14, decimal_places=4)
    present_votes = models.DecimalField(_("voti presenti"), max_digits=14, decimal_places=4)
    present_heads = models.PositiveIntegerField(_("soci presenti o rappresentati"))
    voters = models.PositiveIntegerField(_("votanti"))
    financing_coefficient = models.DecimalField(
        _("coefficiente dei soci finanziatori"), max_digits=7, decimal_places=6
    )
    sovventori_coefficient = models.DecimalField(
        _("coefficiente dei soci sovventori"), max_digits=7, decimal_places=6, default=1
    )
    tallies = models.JSONField(_("voti per scelta"))  # {code: "12.5000"}
    quorum_reached = models.BooleanField(_("quorum raggiunto"))
    approved = models.BooleanField(_("approvata"))
    elected = models.JSONField(_("eletti"), default=list)

    objects = BallotResultQuerySet.as_manager()  # type: ignore[misc]  # scoped, never updated

    class Meta:
        verbose_name = _("risultato")
        verbose_name_plural = _("risultati")

    def __str__(self) -> str:
        return f"{self.ballot}: {'approvata' if self.approved else 'respinta'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("A ballot result never changes.")
        super().save(*args, **kwargs)
