"""Permissions of the community app. Every role of the cooperative uses the time bank (the
board and their own account); the office and the coordinators manage it (every account, the
transfers waiting for approval, reversals, imports, allied banks, reports). The commons
register is read by every role and kept by the office and the coordinators."""

from coopnet.core.models import Role
from coopnet.core.permissions import register

register("community.timebank:use", "Usare la banca del tempo (bacheca e proprio conto)", list(Role))
register(
    "community.timebank:manage",
    "Gestire la banca del tempo (conti, approvazioni, storni, importazioni)",
    (Role.COOP_ADMIN, Role.COORDINATOR),
)
register("community.commons:read", "Consultare il registro dei beni comuni", list(Role))
register(
    "community.commons:write",
    "Tenere il registro dei beni comuni (beni, foto, documenti, storia)",
    (Role.COOP_ADMIN, Role.COORDINATOR),
)
