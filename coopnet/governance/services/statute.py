"""Writes of the statute's voting rules."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import snapshot
from coopnet.core.models import Organization, User

from .. import rules, selectors
from ..models import StatuteGovernance
from .meetings import audit

STATUTE_FIELDS = tuple(
    f.name
    for f in StatuteGovernance._meta.get_fields()
    if f.concrete and f.name not in {"organization", "updated_at"}
)


def _check(statute: StatuteGovernance) -> None:
    numbers = rules.Numbers.on(timezone.localdate())
    errors: dict[str, str] = {}
    for name in STATUTE_FIELDS:
        if name.endswith("_quorum"):
            value = Decimal(getattr(statute, name))
            if not Decimal(0) <= value <= Decimal(1):
                errors[name] = _("Il quorum è una frazione tra 0 e 1 (per esempio 0,5 = metà).")
    if not 1 <= statute.legal_person_votes <= numbers.legal_person_max_votes:
        errors["legal_person_votes"] = _(
            "R-CC-2538: un socio persona giuridica può avere da 1 a %(max)s voti (art. 2538 c.c.)."
        ) % {"max": numbers.legal_person_max_votes}
    if not 1 <= statute.sovventore_votes <= numbers.sovventore_max_votes:
        errors["sovventore_votes"] = _(
            "R-CC-2526: un socio sovventore può avere da 1 a %(max)s voti (art. 4 L. 59/1992)."
        ) % {"max": numbers.sovventore_max_votes}
    if statute.proxy_max_per_delegate > numbers.proxy_max_per_delegate:
        errors["proxy_max_per_delegate"] = _(
            "R-CC-2539: un delegato può rappresentare al massimo %(max)s soci (art. 2539 c.c.)."
        ) % {"max": numbers.proxy_max_per_delegate}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def statute_governance_update(
    *, actor: User | None, organization: Organization, data: Mapping[str, Any]
) -> StatuteGovernance:
    """Save what the statute says about meetings and votes; checked against the law."""
    current = selectors.statute_governance(organization)
    before = snapshot(current) if current.pk and not current._state.adding else None
    for name in STATUTE_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    _check(current)
    current.save()
    audit(actor, current, "statute.update", before)
    return current
