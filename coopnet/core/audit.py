"""The audit trail: services call ``log_action`` once per change, inside their transaction."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms.models import model_to_dict

from .models import AuditEntry, Organization, User


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe copy of a model's editable fields, for an audit entry's before/after."""
    data = model_to_dict(instance, fields=fields)
    for key, value in data.items():
        if isinstance(value, models.Model):
            data[key] = value.pk
        elif hasattr(value, "name") and not isinstance(value, str):  # files
            data[key] = value.name or ""
        elif isinstance(value, list | tuple):
            data[key] = [getattr(v, "pk", v) for v in value]
    result: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return result


def log_action(
    *,
    actor: User | None,
    organization: Organization | None,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit entry describing a change to ``obj``."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organization=organization,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        before=before,
        after=after,
    )
