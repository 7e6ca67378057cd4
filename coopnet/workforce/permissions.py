"""Permissions of the workforce app. Special-category data has its own permission (R-GDPR-3)."""

from coopnet.core.models import Role
from coopnet.core.permissions import register, register_landing

register(
    "workforce.staff:read",
    "Consultare personale e volontari",
    (Role.COOP_ADMIN, Role.HR_TUTOR, Role.COORDINATOR),
)
register("workforce.staff:write", "Gestire personale e volontari", (Role.COOP_ADMIN, Role.HR_TUTOR))
register("workforce.import", "Importare il personale", (Role.COOP_ADMIN, Role.HR_TUTOR))
register(
    "workforce.sensitive:read",
    "Vedere i dati sulla condizione di svantaggio",
    (Role.COOP_ADMIN, Role.HR_TUTOR),
)
register(
    "workforce.sensitive:write",
    "Registrare la condizione di svantaggio",
    (Role.COOP_ADMIN, Role.HR_TUTOR),
)
register("workforce.privacy_log:read", "Consultare il registro degli accessi", (Role.COOP_ADMIN,))
# Held by role; the pages also answer 404 unless the user's own person is a volunteer.
register(
    "workforce.volunteering:own",
    "Proporre le proprie ore di volontariato",
    (Role.MEMBER, Role.CARER),
)

register_landing(Role.HR_TUTOR, "workforce:dashboard", permission="workforce.staff:read")
