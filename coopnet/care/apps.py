"""The care services app: catalogue, beneficiaries, care plans, visits, carers and hours."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "coopnet.care"
    label = "care"
    verbose_name = _("Servizi di cura")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  registers the care permissions
