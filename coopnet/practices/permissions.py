"""Permissions of the practices app. A consortium's or federation's office runs its calls
(questions, criteria, reviewers, decisions); a cooperative's office and coordinators submit
practices; anyone holding a role in the organizer may be made a reviewer, and then sees only
the submissions assigned to them. The public catalogue needs no permission."""

from coopnet.core.models import Role
from coopnet.core.permissions import ADMIN_ROLES, register

register(
    "practices.calls:manage",
    "Gestire i bandi di buone pratiche (domande, criteri, valutatori, esiti)",
    ADMIN_ROLES,
)
register(
    "practices.submissions:write",
    "Presentare buone pratiche ai bandi",
    (*ADMIN_ROLES, Role.COORDINATOR),
)
register("practices.reviews:write", "Valutare le candidature assegnate", list(Role))
register(
    "practices.replications:manage",
    "Rispondere alle richieste di replicare le buone pratiche (proposte o curate)",
    ADMIN_ROLES,
)
