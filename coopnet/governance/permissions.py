"""Permissions of the governance app."""

from coopnet.core.models import Role
from coopnet.core.permissions import register

register("governance.meetings:read", "Consultare assemblee, riunioni e verbali", (Role.COOP_ADMIN,))
register(
    "governance.meetings:write", "Preparare e convocare assemblee e riunioni", (Role.COOP_ADMIN,)
)
register("governance.chair", "Presiedere: presenze, deleghe e votazioni", (Role.COOP_ADMIN,))
register("governance.ballot:vote", "Votare nelle assemblee", (Role.MEMBER,))
