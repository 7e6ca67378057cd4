"""Permissions of the care services app.

Health notes of beneficiaries are special-category data (R-GDPR-1): only the roles that draw
up and run the care plan read them (the cooperative's administrator and the coordinator, who
work under professional secrecy for the purpose of care, GDPR art. 9(2)(h)); carers see the
operational needs written in the plan, never the health notes (R-GDPR-3).
"""

from coopnet.core.models import Role
from coopnet.core.permissions import register, register_landing

PLANNERS = (Role.COOP_ADMIN, Role.COORDINATOR)

register("services.plans:read", "Consultare utenti, piani assistenziali e visite", PLANNERS)
register("services.plans:write", "Gestire catalogo, piani assistenziali e turni", PLANNERS)
register("services.visits:own", "Vedere e registrare le proprie visite", (Role.CARER,))
register("services.health:read", "Leggere le note sanitarie degli utenti", PLANNERS)
register("services.health:write", "Scrivere le note sanitarie degli utenti", PLANNERS)
register("services.hours:read", "Consultare ed esportare le ore erogate", PLANNERS)

register_landing(Role.CARER, "services:today", permission="services.visits:own")
register_landing(Role.COORDINATOR, "services:day", permission="services.plans:read")
