"""Permissions of the reporting app: the social report's indicators are read and kept by the
office of the organization (a cooperative's administrator, a consortium's staff for the
consortium itself); consortium staff do not read an affiliate's here."""

from coopnet.core.models import Role
from coopnet.core.permissions import register

OFFICE = (Role.COOP_ADMIN, Role.CONSORTIUM_STAFF)

register("reporting.indicators:read", "Consultare gli indicatori del bilancio sociale", OFFICE)
register(
    "reporting.indicators:write",
    "Calcolare gli indicatori del bilancio sociale e inserire i dati a mano",
    OFFICE,
)
register("reporting.report:read", "Consultare il bilancio sociale in preparazione", OFFICE)
register("reporting.report:write", "Redigere il bilancio sociale", OFFICE)
