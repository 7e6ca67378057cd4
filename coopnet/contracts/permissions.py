"""Permissions of the contracts app. Consortium staff read their affiliates' tenders and bids
(organization data, no personal data)."""

from coopnet.core.models import Role
from coopnet.core.permissions import register

STAFF = (Role.CONSORTIUM_STAFF, Role.COOP_ADMIN)

register(
    "contracts.tenders:read",
    "Consultare gare, offerte e contratti",
    (*STAFF, Role.COORDINATOR),
    affiliates=True,
)
register("contracts.tenders:write", "Registrare gare, offerte e liste di controllo", STAFF)
register(
    "contracts.contracts:write", "Decidere l'esito delle offerte e registrare i contratti", STAFF
)
register(
    "contracts.network:read",
    "Vedere le offerte e le scadenze delle aderenti",
    (Role.CONSORTIUM_STAFF,),
)
register("contracts.invoices:read", "Consultare le fatture e il loro esito SdI", STAFF)
register(
    "contracts.invoices:write",
    "Preparare ed emettere fatture, leggere le ricevute dello SdI",
    STAFF,
)
