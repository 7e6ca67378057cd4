"""The energy app: renewable energy communities (CER), their plants, meter data and
settlement (docs/energy.md). The settlement itself is ``settlement``, pure Python."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnergyConfig(AppConfig):
    name = "coopnet.energy"
    label = "energy"
    verbose_name = _("Comunità energetiche")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  register the permissions
