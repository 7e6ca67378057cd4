"""Permissions of the compliance app: findings are aggregates, so consortium staff see them."""

from coopnet.core.models import Role
from coopnet.core.permissions import register

register(
    "compliance.findings:read",
    "Vedere i controlli di legge",
    (Role.COOP_ADMIN, Role.CONSORTIUM_STAFF, Role.HR_TUTOR),
    affiliates=True,
)
