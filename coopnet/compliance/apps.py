"""The compliance app: rule functions over members and workforce data, giving findings."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "coopnet.compliance"
    label = "compliance"
    verbose_name = _("Conformità")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  registers compliance permissions
