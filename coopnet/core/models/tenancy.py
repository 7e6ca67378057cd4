"""The tenant base: every row an organization owns says so, and is read through its scope.

``TenantModel`` gives a model its ``organization`` (the key a distributed PostgreSQL would
shard on) and ``TenantQuerySet`` as its manager. Selectors start every read of a tenant model
from ``for_org``, ``for_orgs``, ``visible_to`` or ``of_user``; ``core/tests/test_tenancy.py``
fails when a view, API or selector module reads one any other way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from .organizations import Organization
    from .people import User


class TenantQuerySet(models.QuerySet[Any]):
    """Rows of one organization, or of the organizations a user may see."""

    def for_org(self, organization: Organization | int | OuterRef) -> Self:
        """Rows of one organization (``OuterRef("organization_id")`` inside a subquery)."""
        return self.filter(organization=organization)

    def for_orgs(self, organizations: Any) -> Self:
        """Rows of several organizations (a queryset or ids), e.g. a consortium's members."""
        return self.filter(organization__in=organizations)

    def visible_to(self, user: User) -> Self:
        """Rows of every organization where ``user`` holds a role, directly or via a group."""
        from ..access import visible_organizations

        return self.filter(organization__in=visible_organizations(user))

    def of_user(self, user: User) -> Self:
        """The rows a user holds themselves, in whichever organization (their roles, tokens)."""
        return self.filter(user=user)


def organization_key(
    related_name: str,
    label: StrOrPromise | None = None,
    on_delete: Any = models.CASCADE,
) -> models.ForeignKey[Organization]:
    """The ``organization`` key of a tenant model, for a model that names its reverse relation
    (``organization.sectors``), labels it otherwise or protects the rows."""
    return models.ForeignKey(
        "core.Organization",
        verbose_name=_("organizzazione") if label is None else label,
        on_delete=on_delete,
        related_name=related_name,
    )


class TenantModel(models.Model):
    """An abstract model owned by one organization; a model may redefine the key (its
    ``related_name`` or ``on_delete``, with ``organization_key``) as long as it stays a non-null
    ``organization``."""

    organization = organization_key("+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True
