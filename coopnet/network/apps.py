"""The network app: organization registry, affiliations, incubations and network pages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "coopnet.network"
    label = "network"
    verbose_name = _("Rete")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  registers network permissions
