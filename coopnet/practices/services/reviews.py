"""Writes of the review: assigning reviewers (balanced, never with a conflict of interest),
their declaration, their scores, the organizer's decisions and their release.

A reviewer has a conflict with a submission when they hold a role in the applicant, in a
consortium or federation the applicant belongs to, or in a cooperative belonging to the
applicant (when the applicant is itself a consortium); with a person's submission only when
it is their own. Their role in the organizer does not
count: the organizer runs the call.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action
from coopnet.core.models import Affiliation, RoleAssignment, User

from ..models import (
    ACCEPTED,
    Assignment,
    Call,
    Decision,
    Score,
    Submission,
    SubmissionState,
)
from .catalogue import practice_publish


def conflict_reason(
    call: Call, submission: Submission, reviewer: User, *, today: dt.date | None = None
) -> str:
    """Why ``reviewer`` may not review ``submission`` on ``today`` ("" when they may)."""
    held = set(RoleAssignment.objects.of_user(reviewer).values_list("organization_id", flat=True))
    if call.organization_id not in held:
        return _("%(who)s non ha un ruolo in %(organizer)s.") % {
            "who": reviewer,
            "organizer": call.organization,
        }
    held.discard(call.organization_id)
    if submission.user_id is not None:
        # A person's submission: no organization to be in conflict with, but not their own.
        if submission.user_id == reviewer.pk:
            return _("%(who)s ha presentato la candidatura.") % {"who": reviewer}
        return ""
    applicant = submission.applicant_id
    if applicant in held:
        return _("%(who)s fa parte dell'organizzazione proponente.") % {"who": reviewer}
    today = today or timezone.localdate()
    linked = Affiliation.objects.for_orgs([applicant, *held]).filter(Affiliation.active_on(today))
    if linked.filter(
        Q(organization_id=applicant, group_id__in=held)
        | Q(organization_id__in=held, group_id=applicant)
    ).exists():
        return _(
            "%(who)s fa parte del consorzio o di un'aderente dell'organizzazione proponente."
        ) % {"who": reviewer}
    return ""


def _not_released(call: Call) -> None:
    if call.release_on is not None:
        raise ValidationError(_("Gli esiti del bando sono già fissati."))


@transaction.atomic
def reviewers_assign(
    *,
    actor: User | None,
    call: Call,
    reviewers: Iterable[User],
    per_submission: int,
    now: dt.datetime | None = None,
) -> list[Assignment]:
    """Give every submitted submission ``per_submission`` reviewers without a conflict, each
    time the least loaded of ``reviewers`` in this call; all or nothing."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    call = Call.objects.for_org(call.organization_id).select_for_update().get(pk=call.pk)
    _not_released(call)
    if now <= call.closes_at:
        raise ValidationError(_("Le candidature si assegnano dopo la scadenza del bando."))
    pool = sorted(set(reviewers), key=lambda u: u.pk)
    if per_submission < 1 or per_submission > len(pool):
        raise ValidationError(
            {"per_submission": _("Scegli almeno tanti valutatori quanti per candidatura.")}
        )
    existing = list(Assignment.objects.for_org(call.organization_id).filter(submission__call=call))
    load = Counter(a.reviewer_id for a in existing)
    made: list[Assignment] = []
    short: list[str] = []
    submissions = call.submissions.filter(state=SubmissionState.SUBMITTED).select_related(
        "applicant"
    )
    for submission in submissions.order_by("pk"):
        mine = [a for a in existing if a.submission_id == submission.pk]
        need = per_submission - sum(1 for a in mine if not a.conflict)
        taken = {a.reviewer_id for a in mine}
        free = [
            u
            for u in pool
            if u.pk not in taken and not conflict_reason(call, submission, u, today=today)
        ]
        free.sort(key=lambda u: (load[u.pk], u.pk))
        if need > len(free):
            short.append(submission.title)
            continue
        for user in free[: max(need, 0)]:
            load[user.pk] += 1
            made.append(
                Assignment(
                    organization_id=call.organization_id, submission=submission, reviewer=user
                )
            )
    if short:
        raise ValidationError(
            _("Non ci sono abbastanza valutatori senza conflitti per: %(titles)s.")
            % {"titles": "; ".join(short)}
        )
    Assignment.objects.bulk_create(made)
    log_action(
        actor=actor,
        action="practices.review.assign",
        obj=call,
        after={"assignments": [[a.submission_id, a.reviewer_id] for a in made]},
    )
    return made


def _own(assignment: Assignment, actor: User) -> Assignment:
    row = (
        Assignment.objects.for_org(assignment.organization_id)
        .select_for_update()
        .select_related("submission__call")
        .get(pk=assignment.pk)
    )
    if row.reviewer_id != actor.pk:
        raise ValidationError(_("Questa valutazione è assegnata a un'altra persona."))
    _not_released(row.submission.call)
    return row


@transaction.atomic
def assignment_declare(
    *,
    actor: User,
    assignment: Assignment,
    conflict: bool,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Assignment:
    """The reviewer declares, once, whether they have a conflict of interest."""
    row = _own(assignment, actor)
    if row.declared_at is not None:
        raise ValidationError(_("La dichiarazione è già stata fatta."))
    if conflict and not reason.strip():
        raise ValidationError({"reason": _("Spiega il conflitto di interessi.")})
    row.declared_at = now or timezone.now()
    row.conflict = conflict
    row.conflict_reason = reason.strip() if conflict else ""
    row.save(update_fields=["declared_at", "conflict", "conflict_reason"])
    log_action(
        actor=actor,
        action="practices.review.declare",
        obj=row.submission,
        after={"reviewer": actor.pk, "conflict": conflict, "reason": row.conflict_reason},
    )
    return row


@transaction.atomic
def review_save(
    *,
    actor: User,
    assignment: Assignment,
    scores: Mapping[int, tuple[int | None, str]],
    note: str = "",
    now: dt.datetime | None = None,
) -> Assignment:
    """Score every criterion of the call within its scale, with comments, and keep private
    notes; the review is then complete (it may be changed until the decisions are fixed)."""
    row = _own(assignment, actor)
    if row.declared_at is None:
        raise ValidationError(_("Prima dichiara di non avere conflitti di interessi."))
    if row.conflict:
        raise ValidationError(_("Hai dichiarato un conflitto di interessi: non puoi valutare."))
    errors: dict[str, str] = {}
    criteria = list(row.submission.call.criteria.all())
    for criterion in criteria:
        value, _comment = scores.get(criterion.pk, (None, ""))
        if value is None:
            errors[f"c{criterion.pk}"] = _("Dai un punteggio.")
        elif not criterion.scale_min <= value <= criterion.scale_max:
            errors[f"c{criterion.pk}"] = _("Il punteggio va da %(low)s a %(high)s.") % {
                "low": criterion.scale_min,
                "high": criterion.scale_max,
            }
    if errors:
        raise ValidationError(errors)
    for criterion in criteria:
        value, comment = scores[criterion.pk]
        assert value is not None
        Score.objects.update_or_create(
            organization_id=row.organization_id,
            assignment=row,
            criterion=criterion,
            defaults={"value": value, "comment": comment.strip()},
        )
    row.note = note.strip()
    row.completed_at = now or timezone.now()
    row.save(update_fields=["note", "completed_at"])
    log_action(
        actor=actor,
        action="practices.review.save",
        obj=row.submission,
        after={"reviewer": actor.pk, "scores": {str(k): v[0] for k, v in scores.items()}},
    )
    return row


@transaction.atomic
def decision_save(
    *, actor: User | None, submission: Submission, decision: str, feedback: str
) -> Submission:
    """The organizer's decision and feedback; the applicant sees them only once released."""
    row = (
        Submission.objects.for_org(submission.organization_id)
        .select_for_update()
        .get(pk=submission.pk)
    )
    _not_released(row.call)
    if row.state != SubmissionState.SUBMITTED:
        raise ValidationError(_("Si decide solo su una candidatura presentata."))
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Scegli un esito.")})
    before = {"decision": row.decision, "feedback": row.feedback}
    row.decision = decision
    row.feedback = feedback.strip()
    row.save(update_fields=["decision", "feedback", "updated_at"])
    log_action(
        actor=actor,
        action="practices.submission.decide",
        obj=row,
        before=before,
        after={"decision": row.decision, "feedback": row.feedback},
    )
    return row


@transaction.atomic
def decisions_release(
    *, actor: User | None, call: Call, on: dt.date, now: dt.datetime | None = None
) -> Call:
    """Fix the day every applicant sees its decision, all together; from that day the
    accepted practices are public. Once only; every submission needs its decision."""
    now = now or timezone.now()
    call = Call.objects.for_org(call.organization_id).select_for_update().get(pk=call.pk)
    if call.release_on is not None:
        raise ValidationError(
            _("Gli esiti sono già fissati per il %(day)s.") % {"day": f"{call.release_on:%d/%m/%Y}"}
        )
    if now <= call.closes_at:
        raise ValidationError(_("Gli esiti si pubblicano dopo la scadenza del bando."))
    if on < timezone.localdate(now):
        raise ValidationError({"on": _("La data non può essere nel passato.")})
    submitted = call.submissions.filter(state=SubmissionState.SUBMITTED)
    undecided = submitted.filter(decision="").count()
    if undecided:
        raise ValidationError(_("Mancano gli esiti di %(n)s candidature.") % {"n": undecided})
    call.release_on = on
    call.released_by = actor if actor is not None and actor.is_authenticated else None
    call.save(update_fields=["release_on", "released_by"])
    accepted = submitted.filter(decision__in=ACCEPTED).select_related("applicant")
    published = [practice_publish(submission=s, on=on).pk for s in accepted]
    log_action(
        actor=actor,
        action="practices.call.release",
        obj=call,
        after={"release_on": on.isoformat(), "practices": published},
    )
    return call
