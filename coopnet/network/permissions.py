"""Permissions of the network app."""

from coopnet.core.models import Role
from coopnet.core.permissions import ADMIN_ROLES, register, register_landing

register("network.org:read", "Vedere il profilo dell'organizzazione", list(Role), affiliates=True)
register("network.org:write", "Modificare i dati dell'organizzazione", ADMIN_ROLES)
register(
    "network.aggregates:read", "Vedere i dati aggregati della rete", ADMIN_ROLES, affiliates=True
)
register("network.links:write", "Registrare adesioni e incubazioni", ADMIN_ROLES)
register(
    "network.affiliates:create",
    "Registrare nuove organizzazioni aderenti al consorzio",
    (Role.CONSORTIUM_STAFF,),
)

register_landing(Role.CONSORTIUM_STAFF, "network:consortium", permission="network.aggregates:read")
