"""The practices app: calls for good practices of social innovation, their review and the
public catalogue of the accepted ones."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "coopnet.practices"
    label = "practices"
    verbose_name = _("Buone pratiche")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  register the permissions
