"""The members app: persons, the libro soci, admissions and exits, share capital, portal."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "coopnet.members"
    label = "members"
    verbose_name = _("Soci")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  registers members permissions
