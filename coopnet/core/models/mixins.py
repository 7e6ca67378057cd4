"""Small abstract models for fields that several tables declare the same way."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


def dates_ordered(start: str, end: str, name: str) -> models.CheckConstraint:
    """The database refuses an ``end`` date before ``start`` (an open ``end`` is fine)."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}), name=name
    )


class Created(models.Model):
    """When the row was written."""

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class CreatedBy(Created):
    """When the row was written and by whom (kept when that user goes)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True


class DateSpan(models.Model):
    """A period from a start date to an optional end, newest first; the end never precedes
    the start (constraint ``<model>_dates_ordered``). A subclass with constraints of its own
    lists ``*DateSpan.Meta.constraints`` among them."""

    start_date = models.DateField(_("inizio"))
    end_date = models.DateField(_("fine"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ("-start_date",)
        constraints = [dates_ordered("start_date", "end_date", "%(class)s_dates_ordered")]
