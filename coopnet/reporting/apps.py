"""The reporting app: figures across the apps, read through their selectors; nothing imports it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "coopnet.reporting"
    label = "reporting"
    verbose_name = _("Indicatori")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  register the permissions
