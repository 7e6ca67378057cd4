"""A call for good practices, run by a consortium, a federation or the platform (its own
organization, ``coopnet.core.platform``): its dates, who may submit,
the extra questions of its form and the criteria its reviewers score."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import Organization, OrganizationKind, TenantModel
from coopnet.core.models.mixins import Created


def organizer_label(organization: Organization) -> str:
    """An organizer as pages, feeds and the API name it: "coopnet (piattaforma)" for the
    platform's own organization, else the organization itself."""
    if organization.is_platform:
        return _("%(name)s (piattaforma)") % {"name": organization.short_name}
    return str(organization)


class Eligibility(models.TextChoices):
    MEMBERS = "aderenti", _("Le organizzazioni aderenti a chi promuove il bando")
    COOPERATIVES = "cooperative", _("Qualsiasi cooperativa")
    ANYONE = "tutti", _("Chiunque, anche persone senza organizzazione")


# Who runs calls: consortia, federations and the platform's own organization.
ORGANIZER_KINDS = OrganizationKind.groups() | {OrganizationKind.PLATFORM}

# Who counts as a cooperative for a call reserved to cooperatives.
COOPERATIVE_KINDS = OrganizationKind.social_cooperatives() | {
    OrganizationKind.COMMUNITY_COOP,
    OrganizationKind.COOP,
    OrganizationKind.CONSORTIUM,
}


class Call(TenantModel, Created):
    """A call for practices; ``organization`` is its organizer.

    Submissions are accepted from ``opens_on`` until ``closes_at``; reviews are due by
    ``reviews_due_on``. The decisions become visible to applicants on ``release_on``, all
    together, once the organizer has fixed that date (``released_by``).
    """

    title = models.CharField(_("titolo"), max_length=200)
    text = models.TextField(_("testo del bando"), max_length=20000)
    themes = models.CharField(_("temi"), max_length=300, blank=True)
    eligibility = models.CharField(
        _("chi può partecipare"), max_length=20, choices=Eligibility.choices
    )
    opens_on = models.DateField(_("apertura"))
    closes_at = models.DateTimeField(_("scadenza"))
    reviews_due_on = models.DateField(_("valutazioni entro il"))
    blind = models.BooleanField(
        _("valutazione anonima"),
        default=False,
        help_text=_("Chi valuta non vede chi ha presentato la candidatura."),
    )
    several_per_organization = models.BooleanField(
        _("più candidature per organizzazione"), default=False
    )
    published = models.BooleanField(_("pubblicato"), default=False)
    release_on = models.DateField(_("esiti pubblicati il"), null=True, blank=True)
    released_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("-closes_at", "-pk")
        verbose_name = _("bando")
        verbose_name_plural = _("bandi")
        constraints = [
            models.CheckConstraint(
                condition=Q(reviews_due_on__gte=F("opens_on")), name="practices_call_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organizer_name(self) -> str:
        """Who runs the call, as pages name it: "coopnet (piattaforma)" for the platform."""
        return organizer_label(self.organization)

    def is_open(self, now: dt.datetime | None = None) -> bool:
        """Submissions are accepted at ``now`` (default: this moment)."""
        now = now or timezone.now()
        return self.published and self.opens_on <= timezone.localdate(now) and now <= self.closes_at

    def released(self) -> bool:
        """The decisions are visible to applicants (and the practices public)."""
        return self.release_on is not None and self.release_on <= timezone.localdate()


# What the organizer edits of a call, in the order of its form.
CALL_FIELDS = (
    "title",
    "text",
    "themes",
    "eligibility",
    "opens_on",
    "closes_at",
    "reviews_due_on",
    "blind",
    "several_per_organization",
)


class QuestionKind(models.TextChoices):
    TEXT = "testo", _("Testo")
    NUMBER = "numero", _("Numero")
    CHOICE = "scelta", _("Scelta tra opzioni")
    FILE = "file", _("File")


class Question(TenantModel):
    """An extra question of a call's form, after the fixed core."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("posizione"), default=0)
    label = models.CharField(_("domanda"), max_length=300)
    kind = models.CharField(_("tipo di risposta"), max_length=10, choices=QuestionKind.choices)
    options = models.TextField(
        _("opzioni"), blank=True, max_length=2000, help_text=_("Una per riga (solo per le scelte).")
    )
    required = models.BooleanField(_("obbligatoria"), default=True)

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("domanda del bando")
        verbose_name_plural = _("domande del bando")

    def __str__(self) -> str:
        return self.label

    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class Criterion(TenantModel):
    """A review criterion: a score from ``scale_min`` to ``scale_max``, weighed by ``weight``."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("posizione"), default=0)
    name = models.CharField(_("criterio"), max_length=200)
    description = models.CharField(_("che cosa si valuta"), max_length=1000, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("peso"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    scale_min = models.PositiveSmallIntegerField(_("punteggio minimo"), default=0)
    scale_max = models.PositiveSmallIntegerField(
        _("punteggio massimo"), default=5, validators=[MaxValueValidator(100)]
    )

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("criterio di valutazione")
        verbose_name_plural = _("criteri di valutazione")
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min")), name="practices_criterion_scale"
            ),
        ]

    def __str__(self) -> str:
        return self.name
