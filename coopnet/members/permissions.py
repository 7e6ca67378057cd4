"""Permissions of the members app."""

from coopnet.core.models import Role
from coopnet.core.permissions import register, register_landing

OFFICE = (Role.COOP_ADMIN, Role.HR_TUTOR)

register("members.register:read", "Consultare il libro soci", (*OFFICE, Role.COORDINATOR))
register("members.register:write", "Ammettere soci e registrare le uscite", (Role.COOP_ADMIN,))
register("members.shares:write", "Registrare sottoscrizioni e versamenti", (Role.COOP_ADMIN,))
register("members.import", "Importare il libro soci", (Role.COOP_ADMIN,))
register("members.statute:write", "Modificare le regole dello statuto", (Role.COOP_ADMIN,))
register("members.documents:write", "Pubblicare documenti per i soci", (Role.COOP_ADMIN,))
register("members.portal", "Area personale del socio", list(Role))

register_landing(Role.COOP_ADMIN, "members:register", permission="members.register:read")
register_landing(Role.MEMBER, "members:portal", permission="members.portal")
