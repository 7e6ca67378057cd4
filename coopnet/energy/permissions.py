"""Permissions of the energy app: the community's office reads and settles."""

from coopnet.core.models import Role
from coopnet.core.permissions import register

OFFICE = (Role.CONSORTIUM_STAFF, Role.COOP_ADMIN)

register(
    "energy.community:read",
    "Consultare configurazioni, impianti, membri e ripartizioni della comunità energetica",
    (*OFFICE, Role.COORDINATOR),
)
register(
    "energy.community:write",
    "Importare anagrafiche, letture e prezzi e calcolare le ripartizioni della comunità energetica",
    OFFICE,
)
