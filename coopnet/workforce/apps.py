"""The workforce app: employment, qualifications, volunteers, the special-category vault."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "coopnet.workforce"
    label = "workforce"
    verbose_name = _("Lavoro e volontariato")

    def ready(self) -> None:
        from . import certificates, permissions  # noqa: F401  register the key check, permissions
