"""Writes of replication: a request to replicate a practice (from a cooperative, a person or
the public form), its withdrawal by who asked while it waits, its acceptance or refusal by the
practice's owner or the organizer, the mentoring they record, and the incubation in the
network when the group becomes a cooperative."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, User
from coopnet.network.models import Incubation
from coopnet.network.services import incubation_create

from ..models import Mentoring, Practice, ReplicationRequest, ReplicationState


def _person(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def replication_ask(
    *,
    actor: User | None,
    practice: Practice,
    requester: Organization | None,
    name: str,
    email: str,
    message: str,
) -> ReplicationRequest:
    """Ask to replicate a public practice, as ``requester`` (a cooperative) or as a person or
    group (``requester`` None). An open request of the same cooperative or e-mail is not
    repeated."""
    if not practice.is_public():
        raise ValidationError(_("La pratica non è ancora pubblica."))
    if requester is not None and requester.pk == practice.owner_id:
        raise ValidationError(_("La pratica è già vostra."))
    request = ReplicationRequest(
        organization_id=practice.organization_id,
        practice=practice,
        requester=requester,
        user=_person(actor),
        name=name.strip(),
        email=email.strip().lower(),
        message=message.strip(),
    )
    request.full_clean(exclude=["organization", "practice", "requester", "user", "incubation"])
    same = ReplicationRequest.objects.for_org(practice.organization_id).filter(
        practice=practice, state=ReplicationState.NEW
    )
    same = same.filter(requester=requester) if requester else same.filter(email=request.email)
    if same.exists():
        raise ValidationError(
            _("Avete già chiesto di replicare questa pratica: attendete la risposta.")
        )
    request.save()
    log_action(
        actor=_person(actor),
        action="practices.replication.request",
        obj=request,
        after={"practice": practice.pk, "requester": requester.pk if requester else None},
    )
    return request


def _locked(request: ReplicationRequest) -> ReplicationRequest:
    return (
        ReplicationRequest.objects.for_org(request.organization_id)
        .select_for_update()
        .select_related("practice")
        .get(pk=request.pk)
    )


def _accepted(request: ReplicationRequest) -> ReplicationRequest:
    row = _locked(request)
    if row.state != ReplicationState.ACCEPTED:
        raise ValidationError(_("Prima accogli la richiesta di replica."))
    return row


def _check_side(row: ReplicationRequest, organization: Organization, field: str) -> None:
    """Only the practice's owner or its organizer take part on the practice's side."""
    if organization.pk not in (row.organization_id, row.practice.owner_id):
        raise ValidationError(
            {field: _("Può essere solo chi ha proposto la pratica o chi cura il catalogo.")}
        )


@transaction.atomic
def replication_withdraw(
    *, actor: User | None, request: ReplicationRequest, now: dt.datetime | None = None
) -> ReplicationRequest:
    """Who asked (the cooperative or the person: the page finds the request through their
    own selector) withdraws a request still waiting for an answer; it may ask again later."""
    row = _locked(request)
    if row.state == ReplicationState.WITHDRAWN:
        raise ValidationError({"state": _("La richiesta è già stata ritirata.")})
    if row.state != ReplicationState.NEW:
        raise ValidationError(
            {"state": _("La richiesta ha già avuto una risposta: non si può più ritirare.")}
        )
    row.state = ReplicationState.WITHDRAWN
    row.withdrawn_at = now or timezone.now()
    row.save(update_fields=["state", "withdrawn_at"])
    log_action(
        actor=_person(actor),
        action="practices.replication.withdraw",
        obj=row,
        before={"state": ReplicationState.NEW.value},
        after={"state": row.state},
    )
    return row


@transaction.atomic
def replication_decide(
    *,
    actor: User | None,
    request: ReplicationRequest,
    accept: bool,
    answer: str = "",
    now: dt.datetime | None = None,
) -> ReplicationRequest:
    """Accept or decline a request, once; a refusal says why."""
    row = _locked(request)
    if row.state == ReplicationState.WITHDRAWN:
        raise ValidationError(_("Chi aveva chiesto ha ritirato la richiesta."))
    if row.state != ReplicationState.NEW:
        raise ValidationError(_("La richiesta è già stata decisa."))
    if not accept and not answer.strip():
        raise ValidationError({"answer": _("Scrivi perché: chi ha chiesto lo leggerà.")})
    row.state = ReplicationState.ACCEPTED if accept else ReplicationState.DECLINED
    row.answer = answer.strip()
    row.decided_at = now or timezone.now()
    row.decided_by = actor
    row.full_clean(exclude=["organization", "practice", "requester", "user", "incubation"])
    row.save(update_fields=["state", "answer", "decided_at", "decided_by"])
    log_action(
        actor=actor,
        action="practices.replication.decide",
        obj=row,
        after={"state": row.state, "answer": row.answer},
    )
    return row


@transaction.atomic
def mentoring_add(
    *,
    actor: User | None,
    request: ReplicationRequest,
    mentor: Organization,
    mentee: str,
    start_date: dt.date,
    notes: str = "",
) -> Mentoring:
    """Record that ``mentor`` (the practice's owner or organizer) accompanies an accepted
    replication."""
    row = _accepted(request)
    _check_side(row, mentor, "mentor")
    mentoring = Mentoring(
        organization_id=row.organization_id,
        request=row,
        mentor=mentor,
        mentee=mentee.strip(),
        start_date=start_date,
        notes=notes.strip(),
    )
    mentoring.full_clean(exclude=["organization", "request"])
    mentoring.save()
    log_action(
        actor=actor, action="practices.replication.mentoring", obj=row, after=snapshot(mentoring)
    )
    return mentoring


@transaction.atomic
def replication_incubate(
    *,
    actor: User | None,
    request: ReplicationRequest,
    incubator: Organization,
    child: Organization,
    start_date: dt.date,
) -> Incubation:
    """The replication became the cooperative ``child``: ``incubator`` (the practice's owner
    or organizer) records it in the network as an incubation whose origin is the practice."""
    row = _accepted(request)
    if row.incubation_id is not None:
        raise ValidationError(_("La replica è già collegata a un'incubazione."))
    _check_side(row, incubator, "child")
    incubation = incubation_create(
        actor=actor,
        organization=incubator,
        child=child,
        start_date=start_date,
        note=_("Replica della buona pratica «%(title)s».") % {"title": row.practice.title},
    )
    row.incubation = incubation
    row.save(update_fields=["incubation"])
    log_action(
        actor=actor,
        action="practices.replication.incubation",
        obj=row,
        after={"incubation": incubation.pk, "child": child.pk},
    )
    return incubation
