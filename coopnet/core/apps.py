"""The core app: organizations, people and roles, audit log, territory, parameters."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "coopnet.core"
    label = "core"
    verbose_name = _("Nucleo")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  registers core permissions
