"""Permission registry: each app registers its permission strings and the roles that hold them.

A permission is a dotted string such as ``network.org:read``. Consortium staff also hold, on
the cooperatives affiliated to their consortium, the permissions registered with
``affiliates=True``: organization data and aggregates, never personal data.

Each app also registers the landing page of the roles whose daily work it holds: the page a
person with that role opens first (a carer their visits of the day, a member their area).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import Role


@dataclass(frozen=True)
class Permission:
    code: str
    label: str
    roles: frozenset[str]
    affiliates: bool


_REGISTRY: dict[str, Permission] = {}


def register(code: str, label: str, roles: Iterable[str], *, affiliates: bool = False) -> None:
    """Register a permission; called once per permission when its app is loaded."""
    if code in _REGISTRY:
        raise ValueError(f"Permission {code!r} registered twice")
    _REGISTRY[code] = Permission(code, label, frozenset(roles), affiliates)


def get(code: str) -> Permission:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise LookupError(f"Unknown permission {code!r}") from None


def roles_holding(code: str) -> frozenset[str]:
    return get(code).roles


def all_codes() -> frozenset[str]:
    return frozenset(_REGISTRY)


def for_roles(roles: Iterable[str]) -> frozenset[str]:
    roles = set(roles)
    return frozenset(p.code for p in _REGISTRY.values() if p.roles & roles)


def for_affiliates() -> frozenset[str]:
    return frozenset(p.code for p in _REGISTRY.values() if p.affiliates)


@dataclass(frozen=True)
class Landing:
    """The page (a URL name taking ``org_slug``) a role starts on, if it holds ``permission``."""

    url_name: str
    permission: str


_LANDINGS: dict[str, Landing] = {}


def register_landing(role: str, url_name: str, *, permission: str) -> None:
    """Register the page ``role`` lands on; called once per role by the app holding its work."""
    if role in _LANDINGS:
        raise ValueError(f"Landing of role {role!r} registered twice")
    _LANDINGS[role] = Landing(url_name, permission)


def landing_for(roles: Iterable[str]) -> Landing | None:
    """The landing of the first of ``roles`` in the order of :class:`Role` (most duties first)."""
    held = set(roles)
    return next((_LANDINGS[r] for r in Role if r in held and r in _LANDINGS), None)


ADMIN_ROLES = (Role.COOP_ADMIN, Role.CONSORTIUM_STAFF)

register("core.audit:read", "Consultare il registro attività", ADMIN_ROLES)
register("core.roles:write", "Assegnare e revocare ruoli", ADMIN_ROLES)
register(
    "core.second_factor:reset",
    "Azzerare il secondo fattore di un collega (telefono perso)",
    ADMIN_ROLES,
)
