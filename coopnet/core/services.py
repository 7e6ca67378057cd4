"""Writes of the core app (roles, API tokens, invitations), each atomic and audited, and the
audited create/update every app's services use (``save_audited``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .audit import log_action, snapshot
from .models import ApiToken, Organization, RoleAssignment, User
from .tasks import send_welcome
from .tokens import hash_token, new_secret

M = TypeVar("M", bound=models.Model)


@transaction.atomic
def role_grant(
    *, actor: User | None, organization: Organization, user: User, role: str
) -> RoleAssignment:
    """Give ``user`` a role in ``organization`` (idempotent)."""
    assignment, created = RoleAssignment.objects.get_or_create(
        organization=organization, user=user, role=role
    )
    if created:
        log_action(
            actor=actor,
            organization=organization,
            action="core.role.grant",
            obj=assignment,
            after=snapshot(assignment),
        )
    return assignment


def last_admin_reason(*, actor: User | None, assignment: RoleAssignment) -> str:
    """Why ``assignment`` may not be revoked: it is the organization's last one that assigns
    roles, so nobody could give them any more. Empty when it may be revoked."""
    admin_roles = permissions.roles_holding("core.roles:write")
    if assignment.role not in admin_roles:
        return ""
    others = RoleAssignment.objects.filter(
        organization_id=assignment.organization_id, role__in=admin_roles, user__is_active=True
    ).exclude(pk=assignment.pk)
    if others.exists():
        return ""
    organization = assignment.organization
    if actor is not None and assignment.user_id == actor.pk:
        return _(
            "Non puoi revocarti questo ruolo: sei l'ultima persona che può assegnare i ruoli "
            "in %(org)s e poi nessuno potrebbe più farlo. Assegna prima questo ruolo a "
            "un'altra persona."
        ) % {"org": organization}
    return _(
        "Non puoi revocare questo ruolo: %(user)s è l'ultima persona che può assegnare i ruoli "
        "in %(org)s e poi nessuno potrebbe più farlo. Assegna prima questo ruolo a un'altra "
        "persona."
    ) % {"user": assignment.user, "org": organization}


@transaction.atomic
def role_revoke(*, actor: User, assignment: RoleAssignment) -> None:
    """Take a role away; the user's API tokens for that role are revoked with it. The last
    role that assigns roles in an organization is kept (see ``last_admin_reason``)."""
    # Two administrators revoking each other at once must not both succeed.
    admin_roles = permissions.roles_holding("core.roles:write")
    list(
        RoleAssignment.objects.select_for_update().filter(
            organization_id=assignment.organization_id, role__in=admin_roles
        )
    )
    reason = last_admin_reason(actor=actor, assignment=assignment)
    if reason:
        raise ValidationError(reason, code="last_admin")
    before = snapshot(assignment)
    log_action(actor=actor, action="core.role.revoke", obj=assignment, before=before)
    ApiToken.objects.filter(
        user=assignment.user,
        organization=assignment.organization,
        role=assignment.role,
        revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())
    assignment.delete()


@transaction.atomic
def api_token_create(
    *, user: User, organization: Organization, role: str, name: str
) -> tuple[ApiToken, str]:
    """Create a token acting as ``user`` with ``role`` in ``organization``; returns the secret."""
    holds_role = RoleAssignment.objects.filter(
        user=user, organization=organization, role=role
    ).exists()
    if not holds_role and not user.is_platform_admin:
        raise ValidationError({"role": _("Non hai questo ruolo in questa organizzazione.")})
    if not name.strip():
        raise ValidationError({"name": _("Dai un nome al token, per riconoscerlo.")})
    raw, prefix = new_secret()
    token = ApiToken.objects.create(
        user=user,
        organization=organization,
        role=role,
        name=name.strip()[:80],
        prefix=prefix,
        token_hash=hash_token(raw),
    )
    log_action(
        actor=user,
        organization=organization,
        action="core.api_token.create",
        obj=token,
        after={"name": token.name, "role": role, "prefix": prefix},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    """Revoke a token; it stops working at once."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action(
        actor=actor,
        action="core.api_token.revoke",
        obj=token,
        after={"revoked_at": token.revoked_at.isoformat()},
    )


@transaction.atomic
def person_invite(
    *, actor: User, organization: Organization, email: str, full_name: str, role: str, base_url: str
) -> RoleAssignment:
    """Grant ``role`` to the user with ``email``, creating the account if needed.

    A new account has no password: the person receives the link to choose one.
    """
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name.strip())
        log_action(
            actor=actor,
            organization=organization,
            action="core.user.create",
            obj=user,
            after={"email": user.email, "full_name": user.full_name},
        )
        transaction.on_commit(lambda: send_welcome.enqueue(user.pk, organization.pk, base_url))
    return role_grant(actor=actor, organization=organization, user=user, role=role)


def password_set(*, user: User, password: str) -> None:
    """A new password (already validated by the form); the caller ends the other sessions."""
    user.set_password(password)
    user.save(update_fields=["password"])


def assign(instance: models.Model, data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(instance, name, value)


def save_audited(
    *,
    actor: User | None,
    instance: M,
    data: Mapping[str, Any],
    fields: tuple[str, ...],
    clean: Callable[[M], None],
    action: str,
    audited: tuple[str, ...] | None = None,
) -> M:
    """Assign ``data`` (only ``fields``), clean, save and audit the change: the state before
    when the row existed, the state after always (``audited`` limits the fields logged)."""
    keep = list(audited) if audited else None
    before = snapshot(instance, fields=keep) if instance.pk else None
    assign(instance, data, fields)
    clean(instance)
    instance.save()
    log_action(
        actor=actor,
        action=action,
        obj=instance,
        before=before,
        after=snapshot(instance, fields=keep),
    )
    return instance
