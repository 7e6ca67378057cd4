"""Writes of a call: the call itself, its publication, its extra questions and criteria."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, User
from coopnet.core.services import save_audited

from ..models import (
    CALL_FIELDS,
    ORGANIZER_KINDS,
    Call,
    Criterion,
    Question,
    QuestionKind,
    codes_text,
)


def _check_call(call: Call) -> None:
    errors: dict[str, str] = {}
    if call.organization.kind not in ORGANIZER_KINDS:
        errors["title"] = _(
            "Solo un consorzio, una federazione o la piattaforma può promuovere un bando."
        )
    if call.closes_at and call.opens_on and call.closes_at.date() < call.opens_on:
        errors["closes_at"] = _("La scadenza non può precedere l'apertura.")
    if call.reviews_due_on and call.closes_at and call.reviews_due_on < call.closes_at.date():
        errors["reviews_due_on"] = _("Le valutazioni non possono finire prima della scadenza.")
    if errors:
        raise ValidationError(errors)
    call.full_clean(exclude=["organization"])


def _call_data(data: Mapping[str, Any]) -> dict[str, Any]:
    return {**data, "themes": codes_text(data.get("themes") or [])}


@transaction.atomic
def call_create(*, actor: User | None, organization: Organization, data: Mapping[str, Any]) -> Call:
    return save_audited(
        actor=actor,
        instance=Call(organization=organization),
        data=_call_data(data),
        fields=CALL_FIELDS,
        clean=_check_call,
        action="practices.call.create",
    )


@transaction.atomic
def call_update(*, actor: User | None, call: Call, data: Mapping[str, Any]) -> Call:
    call = Call.objects.for_org(call.organization_id).select_for_update().get(pk=call.pk)
    if call.release_on is not None:
        raise ValidationError(_("Gli esiti del bando sono già fissati: non si modifica più."))
    return save_audited(
        actor=actor,
        instance=call,
        data=_call_data(data),
        fields=CALL_FIELDS,
        clean=_check_call,
        action="practices.call.update",
    )


@transaction.atomic
def call_publish(*, actor: User | None, call: Call) -> Call:
    """Open the call to applicants (it then appears among the calls they may answer)."""
    call = Call.objects.for_org(call.organization_id).select_for_update().get(pk=call.pk)
    if call.published:
        raise ValidationError(_("Il bando è già pubblicato."))
    if not call.criteria.exists():
        raise ValidationError(_("Aggiungi almeno un criterio di valutazione prima di pubblicare."))
    call.published = True
    call.save(update_fields=["published"])
    log_action(actor=actor, action="practices.call.publish", obj=call, after={"published": True})
    return call


def _unpublished(call: Call) -> None:
    if Call.objects.for_org(call.organization_id).filter(pk=call.pk, published=True).exists():
        raise ValidationError(_("Il bando è pubblicato: domande e criteri non cambiano più."))


@transaction.atomic
def question_add(
    *, actor: User | None, call: Call, label: str, kind: str, options: str = "", required: bool
) -> Question:
    _unpublished(call)
    question = Question(
        organization_id=call.organization_id,
        call=call,
        position=call.questions.count() + 1,
        label=label.strip(),
        kind=kind,
        options=options.strip(),
        required=required,
    )
    if kind == QuestionKind.CHOICE and len(question.option_list()) < 2:
        raise ValidationError({"options": _("Una scelta ha almeno due opzioni, una per riga.")})
    if kind != QuestionKind.CHOICE and question.options:
        raise ValidationError({"options": _("Le opzioni servono solo alle domande a scelta.")})
    question.full_clean(exclude=["organization", "call"])
    question.save()
    log_action(actor=actor, action="practices.question.create", obj=call, after=snapshot(question))
    return question


@transaction.atomic
def criterion_add(
    *,
    actor: User | None,
    call: Call,
    name: str,
    description: str = "",
    weight: int,
    scale_min: int,
    scale_max: int,
) -> Criterion:
    _unpublished(call)
    if scale_max <= scale_min:
        raise ValidationError({"scale_max": _("Il massimo deve superare il minimo.")})
    criterion = Criterion(
        organization_id=call.organization_id,
        call=call,
        position=call.criteria.count() + 1,
        name=name.strip(),
        description=description.strip(),
        weight=weight,
        scale_min=scale_min,
        scale_max=scale_max,
    )
    criterion.full_clean(exclude=["organization", "call"])
    criterion.save()
    log_action(
        actor=actor, action="practices.criterion.create", obj=call, after=snapshot(criterion)
    )
    return criterion
