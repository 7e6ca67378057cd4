"""Writes of a practice after its publication: its owner (the organization that proposed it,
or the person who submitted it without one) proposes a revision, the organizer
approves it (the public page then shows it) or rejects it with a reason, or confirms the
published text as still current. Approving and confirming both renew ``reviewed_on``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, User

from ..models import REVISION_FIELDS, Practice, PracticeRevision, RevisionState, codes_text
from .catalogue import search_text


def _locked_practice(practice: Practice) -> Practice:
    return (
        Practice.objects.for_org(practice.organization_id).select_for_update().get(pk=practice.pk)
    )


def _locked_revision(revision: PracticeRevision) -> PracticeRevision:
    row = (
        PracticeRevision.objects.for_org(revision.organization_id)
        .select_for_update()
        .get(pk=revision.pk)
    )
    if row.state != RevisionState.PROPOSED:
        raise ValidationError(_("La revisione è già stata decisa."))
    return row


def _check_proposer(practice: Practice, owner: Organization | None, actor: User | None) -> None:
    """Only the practice's owner revises it: the organization that proposed it, or, for a
    person's practice (no owner), the person whose submission it was (``Submission.user``)."""
    if owner is not None:
        if practice.owner_id != owner.pk:
            raise ValidationError(
                _("Solo l'organizzazione che ha proposto la pratica la modifica.")
            )
        return
    submission = practice.submission
    by_person = practice.owner_id is None and submission.applicant_id is None
    if not by_person or actor is None or submission.user_id != actor.pk:
        raise ValidationError(_("Solo la persona che ha proposto la pratica la modifica."))


@transaction.atomic
def revision_propose(
    *,
    actor: User | None,
    practice: Practice,
    owner: Organization | None,
    data: Mapping[str, Any],
    note: str = "",
) -> PracticeRevision:
    """A new text of ``practice`` by its ``owner``, published once the organizer approves it;
    one revision waits at a time. ``owner`` None: ``actor`` proposes it as the person who
    submitted the practice without an organization."""
    practice = _locked_practice(practice)
    _check_proposer(practice, owner, actor)
    pending = PracticeRevision.objects.for_org(practice.organization_id).filter(
        practice=practice, state=RevisionState.PROPOSED
    )
    if pending.exists():
        raise ValidationError(
            _("Una revisione di questa pratica attende già l'approvazione di chi cura il catalogo.")
        )
    values = {name: data.get(name) for name in REVISION_FIELDS}
    values.update(
        themes=codes_text(data.get("themes") or []), sdgs=codes_text(data.get("sdgs") or [])
    )
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip()
    revision = PracticeRevision(
        organization_id=practice.organization_id,
        practice=practice,
        note=note.strip(),
        created_by=actor,
        **values,
    )
    revision.full_clean(exclude=["organization", "practice"])
    revision.save()
    log_action(
        actor=actor, action="practices.revision.propose", obj=practice, after=snapshot(revision)
    )
    return revision


@transaction.atomic
def revision_approve(*, actor: User | None, revision: PracticeRevision) -> Practice:
    """Publish the revision's text on the practice's page (the earlier text stays in the
    previous revisions and in the submission)."""
    revision = _locked_revision(revision)
    practice = _locked_practice(revision.practice)
    before = snapshot(practice, list(REVISION_FIELDS))
    for name in REVISION_FIELDS:
        setattr(practice, name, getattr(revision, name))
    practice.reviewed_on = timezone.localdate()
    practice.search_text = search_text(practice)
    practice.save()
    revision.state = RevisionState.APPROVED
    revision.decided_at = timezone.now()
    revision.decided_by = actor
    revision.save(update_fields=["state", "decided_at", "decided_by"])
    log_action(
        actor=actor,
        action="practices.revision.approve",
        obj=practice,
        before=before,
        after={**snapshot(practice, list(REVISION_FIELDS)), "revision": revision.pk},
    )
    return practice


@transaction.atomic
def revision_reject(
    *, actor: User | None, revision: PracticeRevision, feedback: str
) -> PracticeRevision:
    """Refuse a revision, with the reason its owner reads; the page keeps its text."""
    if not feedback.strip():
        raise ValidationError({"feedback": _("Scrivi il motivo: chi l'ha proposta lo leggerà.")})
    revision = _locked_revision(revision)
    revision.state = RevisionState.REJECTED
    revision.decided_at = timezone.now()
    revision.decided_by = actor
    revision.feedback = feedback.strip()
    revision.full_clean(exclude=["organization", "practice"])
    revision.save(update_fields=["state", "decided_at", "decided_by", "feedback"])
    log_action(
        actor=actor,
        action="practices.revision.reject",
        obj=revision.practice,
        after={"revision": revision.pk, "feedback": revision.feedback},
    )
    return revision


@transaction.atomic
def practice_confirm(*, actor: User | None, practice: Practice) -> Practice:
    """The organizer checked the published text: it is still current (no longer "possibly out
    of date")."""
    practice = _locked_practice(practice)
    before = practice.reviewed_on
    practice.reviewed_on = timezone.localdate()
    practice.save(update_fields=["reviewed_on"])
    log_action(
        actor=actor,
        action="practices.practice.confirm",
        obj=practice,
        before={"reviewed_on": before.isoformat()},
        after={"reviewed_on": practice.reviewed_on.isoformat()},
    )
    return practice
