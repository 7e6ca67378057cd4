"""A submission to a call: the fixed core of a practice, the answers to the call's extra
questions, its pictures and documents, and the organizer's decision.

``organization`` is the call's organizer (a submission lives with its call, its reviews and
its decision); ``applicant`` is the organization that submits it and reads it through
``applicant.practice_submissions``. A person without an organization (or submitting as
themselves) submits to calls open to anyone: ``applicant`` is then null and ``user`` is the
person (as ``ReplicationRequest.requester`` and ``user``); exactly one of the two is set.
"""

from __future__ import annotations

from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopnet.core.models import Comune, Organization, OrganizationKind, TenantModel
from coopnet.core.models.mixins import CreatedBy, user_key
from coopnet.core.validators import FILE_EXTENSIONS

from .calls import Call, Question
from .codes import Licence


class SubmissionState(models.TextChoices):
    DRAFT = "bozza", _("Bozza")
    SUBMITTED = "presentata", _("Presentata")
    WITHDRAWN = "ritirata", _("Ritirata")


class Decision(models.TextChoices):
    ACCEPTED = "accolta", _("Accolta")
    ACCEPTED_WITH_CHANGES = "accolta_modifiche", _("Accolta con modifiche")
    REJECTED = "respinta", _("Respinta")


ACCEPTED = (Decision.ACCEPTED, Decision.ACCEPTED_WITH_CHANGES)


class Submission(TenantModel, CreatedBy):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="submissions")
    applicant = models.ForeignKey(
        Organization,
        verbose_name=_("organizzazione proponente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practice_submissions",
    )
    user = user_key(_("persona proponente"), on_delete=models.PROTECT)
    state = models.CharField(
        _("stato"), max_length=12, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    submitted_at = models.DateTimeField(_("presentata il"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    title = models.CharField(_("titolo della pratica"), max_length=200)
    summary = models.TextField(_("sintesi"), max_length=1000, blank=True)
    problem = models.TextField(_("il problema"), max_length=5000, blank=True)
    actions = models.TextField(_("che cosa è stato fatto"), max_length=10000, blank=True)
    results = models.TextField(
        _("risultati"), max_length=5000, blank=True, help_text=_("Con i numeri.")
    )
    people_involved = models.PositiveIntegerField(_("persone coinvolte"), null=True, blank=True)
    comuni = models.ManyToManyField(
        Comune, verbose_name=_("territorio (comuni)"), blank=True, related_name="+"
    )
    sector = models.CharField(
        _("settore (codice ATECO)"), max_length=8, blank=True, help_text=_("Es. 88.10.")
    )
    organization_kind = models.CharField(
        _("tipo di organizzazione"), max_length=20, choices=OrganizationKind.choices, blank=True
    )
    themes = models.CharField(_("temi"), max_length=300, blank=True)
    sdgs = models.CharField(_("obiettivi di sviluppo sostenibile"), max_length=60, blank=True)
    contact_name = models.CharField(_("referente"), max_length=160, blank=True)
    contact_email = models.EmailField(_("e-mail del referente"), blank=True)
    contact_phone = models.CharField(_("telefono del referente"), max_length=40, blank=True)
    licence = models.CharField(
        _("licenza dei contenuti"), max_length=20, choices=Licence.choices, blank=True
    )
    decision = models.CharField(_("esito"), max_length=20, choices=Decision.choices, blank=True)
    feedback = models.TextField(_("motivazione per chi propone"), max_length=5000, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("candidatura")
        verbose_name_plural = _("candidature")
        constraints = [
            models.CheckConstraint(
                condition=Q(applicant__isnull=False, user__isnull=True)
                | Q(applicant__isnull=True, user__isnull=False),
                name="practices_submission_one_applicant",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def by_person(self) -> bool:
        """Submitted by a person, not by an organization."""
        return self.applicant_id is None

    @property
    def applicant_name(self) -> str:
        """Who proposes it: the organization, or the person (their name, else their e-mail)."""
        return str(self.applicant if self.applicant_id is not None else self.user)


# What an applicant edits of a submission, in the order of its form.
SUBMISSION_FIELDS = (
    "title",
    "summary",
    "problem",
    "actions",
    "results",
    "people_involved",
    "sector",
    "organization_kind",
    "themes",
    "sdgs",
    "contact_name",
    "contact_email",
    "contact_phone",
    "licence",
)
# What a submission must have to be submitted (besides at least one comune).
REQUIRED_TO_SUBMIT = ("title", "summary", "problem", "actions", "results", "licence")


class Answer(TenantModel):
    """The answer to an extra question of text, number or choice (files are ``SubmissionFile``
    rows naming their question)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("risposta"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("risposta")
        verbose_name_plural = _("risposte")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "question"], name="practices_answer_once"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class FileKind(models.TextChoices):
    PICTURE = "foto", _("Foto")
    DOCUMENT = "documento", _("Documento")


class SubmissionFile(TenantModel, CreatedBy):
    """A picture or a document of a submission, or the file answering one of its questions."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("tipo"), max_length=10, choices=FileKind.choices)
    title = models.CharField(_("titolo"), max_length=160)
    file = models.FileField(
        _("file"),
        upload_to="practices/%Y/",
        validators=[FileExtensionValidator(FILE_EXTENSIONS)],
    )

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("file della candidatura")
        verbose_name_plural = _("file delle candidature")

    def __str__(self) -> str:
        return self.title
