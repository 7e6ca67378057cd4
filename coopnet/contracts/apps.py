"""The contracts app: tenders of public bodies, bids (alone, consortium, RTI), contracts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "coopnet.contracts"
    label = "contracts"
    verbose_name = _("Gare e contratti")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  register the permissions
