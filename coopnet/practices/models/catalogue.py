"""The public catalogue: an accepted submission becomes a practice anyone may read and find.

``organization`` is the call's organizer (the catalogue's curator); ``owner`` the organization
that proposed it, or null when a person proposed it: ``author`` is then the name they gave as
the submission's contact (nothing else of them is public). ``reviewed_on`` is the last time
the organizer approved or confirmed its text: a practice not reviewed for
``COOPNET_PRACTICES_REVIEW_DAYS`` is possibly out of date. ``search_text`` holds its words
lower-cased and without accents, the one column the full-text search reads (see
``practices.search``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import Comune, Organization, OrganizationKind, TenantModel

from .calls import Call
from .codes import Licence
from .submissions import Submission


class PracticeText(models.Model):
    """What a revision may change of a practice: its texts, numbers and codes (its place,
    kind, call and licence stay)."""

    title = models.CharField(_("titolo"), max_length=200)
    summary = models.TextField(_("sintesi"), max_length=1000)
    problem = models.TextField(_("il problema"), max_length=5000)
    actions = models.TextField(_("che cosa è stato fatto"), max_length=10000)
    results = models.TextField(_("risultati"), max_length=5000)
    people_involved = models.PositiveIntegerField(_("persone coinvolte"), null=True, blank=True)
    sector = models.CharField(_("settore (codice ATECO)"), max_length=8, blank=True)
    themes = models.CharField(_("temi"), max_length=300, blank=True)
    sdgs = models.CharField(_("obiettivi di sviluppo sostenibile"), max_length=60, blank=True)

    class Meta:
        abstract = True


# The fields of ``PracticeText``, in its order.
REVISION_FIELDS = tuple(field.name for field in PracticeText._meta.fields)


class Practice(TenantModel, PracticeText):
    submission = models.OneToOneField(Submission, on_delete=models.PROTECT, related_name="practice")
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="practices")
    owner = models.ForeignKey(
        Organization,
        verbose_name=_("proposta da"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.CharField(
        _("autore"),
        max_length=160,
        blank=True,
        help_text=_("Chi l'ha proposta, quando è una persona senza organizzazione."),
    )
    published_on = models.DateField(_("pubblicata il"), db_index=True)
    comune = models.ForeignKey(
        Comune, verbose_name=_("comune"), on_delete=models.PROTECT, related_name="+"
    )
    organization_kind = models.CharField(
        _("tipo di organizzazione"), max_length=20, choices=OrganizationKind.choices, blank=True
    )
    licence = models.CharField(_("licenza dei contenuti"), max_length=20, choices=Licence.choices)
    search_text = models.TextField(editable=False, default="")
    reviewed_on = models.DateField(
        _("verificata il"),
        help_text=_("L'ultima volta che chi cura il catalogo l'ha approvata o confermata."),
    )

    class Meta:
        ordering = ("-published_on", "title", "pk")
        verbose_name = _("buona pratica")
        verbose_name_plural = _("buone pratiche")

    def __str__(self) -> str:
        return self.title

    @property
    def proposed_by(self) -> str:
        """Who proposed it, as public pages name it: the organization or the person."""
        return self.owner.short_name if self.owner is not None else self.author

    def is_public(self) -> bool:
        return self.published_on <= timezone.localdate()

    def out_of_date(self) -> bool:
        """Not reviewed for ``COOPNET_PRACTICES_REVIEW_DAYS`` (a year unless set otherwise)."""
        limit = dt.timedelta(days=settings.COOPNET_PRACTICES_REVIEW_DAYS)
        return self.reviewed_on < timezone.localdate() - limit
