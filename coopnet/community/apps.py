"""The community app: the time bank of a community cooperative (and, later, its commons)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "coopnet.community"
    label = "community"
    verbose_name = _("Comunità")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  register the permissions
