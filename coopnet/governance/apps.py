"""The governance app: assemblies and board meetings, from the notice to the signed minutes."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "coopnet.governance"
    label = "governance"
    verbose_name = _("Assemblee e consiglio")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  registers governance permissions
