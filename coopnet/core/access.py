"""Who may see which organization, and with which permissions.

Every scoped page and API endpoint resolves its organization through ``get_access`` so that
an unknown organization and a forbidden one give the same 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from . import permissions
from .models import Affiliation, ApiToken, Organization, Role, RoleAssignment, User


@dataclass(frozen=True)
class OrgAccess:
    """The permissions one user (or one API token) holds in one organization."""

    organization: Organization
    roles: frozenset[str]
    permissions: frozenset[str]

    def can(self, code: str) -> bool:
        permissions.get(code)  # an unknown code is a programming error, not a silent "no"
        return code in self.permissions

    @property
    def via_group_only(self) -> bool:
        """True when the access comes only from the consortium the organization belongs to."""
        return not self.roles


def login_identifier(request: object, credentials: dict[str, str]) -> str:
    """The e-mail address a login attempt is throttled by, whatever its case (django-axes)."""
    return credentials.get("username", "").strip().lower()


def _held_roles(user: User, token: ApiToken | None) -> QuerySet[RoleAssignment]:
    held = RoleAssignment.objects.filter(user=user)
    if token is not None:
        held = held.filter(organization_id=token.organization_id, role=token.role)
    return held


def access_for(
    user: User, organization: Organization, *, token: ApiToken | None = None
) -> OrgAccess | None:
    """The access ``user`` has to ``organization``, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_platform_admin:
        return OrgAccess(organization, frozenset(), permissions.all_codes())
    held = _held_roles(user, token)
    roles = frozenset(held.filter(organization=organization).values_list("role", flat=True))
    if roles:
        return OrgAccess(organization, roles, permissions.for_roles(roles))
    staff_groups = held.filter(role=Role.CONSORTIUM_STAFF).values("organization_id")
    affiliated = Affiliation.objects.filter(
        Affiliation.active_on(timezone.localdate()),
        organization=organization,
        group_id__in=staff_groups,
    )
    if affiliated.exists():
        return OrgAccess(organization, frozenset(), permissions.for_affiliates())
    return None


def get_access(
    user: User, slug: str, permission: str, *, token: ApiToken | None = None
) -> OrgAccess:
    """Resolve ``slug`` for ``user`` holding ``permission``; 404 when missing or forbidden."""
    organization = Organization.objects.filter(slug=slug).select_related("seat_comune").first()
    access = access_for(user, organization, token=token) if organization else None
    if access is None or not access.can(permission):
        raise Http404
    return access


def visible_organizations(user: User, *, token: ApiToken | None = None) -> QuerySet[Organization]:
    """Organizations whose profile ``user`` may read: own roles plus consortium affiliates."""
    if user.is_platform_admin:
        return Organization.objects.all()
    held = _held_roles(user, token)
    staff_groups = held.filter(role=Role.CONSORTIUM_STAFF).values("organization_id")
    affiliated = Affiliation.objects.filter(
        Affiliation.active_on(timezone.localdate()), group_id__in=staff_groups
    ).values("organization_id")
    return Organization.objects.filter(
        Q(id__in=held.values("organization_id")) | Q(id__in=affiliated)
    )


def landing_url(user: User, *, last_slug: str = "") -> str:
    """Where ``user`` starts: the landing page of their role (see ``permissions.landing_for``)
    in the organization they last worked in if they hold a role there, else in the one of their
    leading role; the directory for the platform administrator and for people without roles."""
    if user.is_platform_admin:
        return reverse("network:directory")
    rank = {role.value: i for i, role in enumerate(Role)}
    held = sorted(
        RoleAssignment.objects.filter(user=user).select_related("organization"),
        key=lambda a: (a.organization.slug != last_slug, rank[a.role], a.organization.short_name),
    )
    if not held:
        return reverse("network:directory")
    organization = held[0].organization
    return _landing_in(organization, [a.role for a in held if a.organization_id == organization.pk])


def organization_landing_url(user: User, organization: Organization) -> str:
    """Where ``user`` starts in ``organization`` (the switcher): the landing page of their
    roles there; its profile where they hold none (platform admin, consortium staff looking
    at an affiliate)."""
    roles = RoleAssignment.objects.filter(user=user, organization=organization)
    return _landing_in(organization, list(roles.values_list("role", flat=True)))


def _landing_in(organization: Organization, roles: list[str]) -> str:
    landing = permissions.landing_for(roles)
    if landing is not None and landing.permission in permissions.for_roles(roles):
        return reverse(landing.url_name, kwargs={"org_slug": organization.slug})
    return reverse("network:profile", kwargs={"org_slug": organization.slug})
