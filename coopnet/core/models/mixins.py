"""Small abstract models for fields that several tables declare the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .people import User

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

_M = TypeVar("_M", bound=models.Model)


def dates_ordered(start: str, end: str, name: str) -> models.CheckConstraint:
    """The database refuses an ``end`` date before ``start`` (an open ``end`` is fine)."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}), name=name
    )


def optional_key(
    to: type[_M],
    label: StrOrPromise | None = None,
    *,
    on_delete: Any = models.PROTECT,
    blank: bool = True,
) -> models.ForeignKey[_M | None]:
    """An optional reference to a ``to`` row (null, and blank unless ``blank=False``) that the
    row referred to does not list (``related_name="+"``)."""
    return models.ForeignKey(
        to, verbose_name=label, on_delete=on_delete, null=True, blank=blank, related_name="+"
    )


def user_key(
    label: StrOrPromise | None = None, *, on_delete: Any = models.SET_NULL, blank: bool = True
) -> models.ForeignKey[User | None]:
    """The user who did something to the row: null when unknown, cleared when that user goes
    (``SET_NULL``) unless the record must keep them (``on_delete=models.PROTECT``)."""
    return optional_key(User, label, on_delete=on_delete, blank=blank)


class Created(models.Model):
    """When the row was written."""

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class CreatedBy(Created):
    """When the row was written and by whom (kept when that user goes)."""

    created_by = user_key()

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
