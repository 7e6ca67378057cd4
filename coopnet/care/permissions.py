"""Permissions of the care services app.

Health notes of beneficiaries are special-category data (R-GDPR-1): only the roles that draw
up and run the care plan read them (the cooperative's administrator and the coordinator, who
work under professional secrecy for the purpose of care, GDPR art. 9(2)(h)); carers see the
operational needs written in the plan, never the health notes (R-GDPR-3).
"""

from coopnet.core.models import Role
from coopnet.core.permissions import register, register_landing

PLANNERS = (Role.COOP_ADMIN, Role.COORDINATOR)

register("care.plans:read", "Consultare utenti, piani assistenziali e visite", PLANNERS)
register("care.plans:write", "Gestire catalogo, piani assistenziali e turni", PLANNERS)
register("care.visits:own", "Vedere e registrare le proprie visite", (Role.CARER,))
register("care.health:read", "Leggere le note sanitarie degli utenti", PLANNERS)
register("care.health:write", "Scrivere le note sanitarie degli utenti", PLANNERS)
register("care.hours:read", "Consultare ed esportare le ore erogate", PLANNERS)

register_landing(Role.CARER, "care:today", permission="care.visits:own")
register_landing(Role.COORDINATOR, "care:day", permission="care.plans:read")
