"""The demo app: ``manage.py seed_demo`` and the operational data of the demo cooperatives."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "coopnet.demo"
    label = "demo"
    verbose_name = _("Dati dimostrativi")
