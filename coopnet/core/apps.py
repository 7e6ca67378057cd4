"""The core app: organizations, people and roles, audit log, territory, parameters."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "coopnet.core"
    label = "core"
    verbose_name = _("Nucleo")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from . import (
            permissions,  # noqa: F401  registers core permissions
            sessions,
        )

        user_logged_in.connect(sessions.record_login, dispatch_uid="coopnet_record_login")
        user_logged_out.connect(sessions.record_logout, dispatch_uid="coopnet_record_logout")


class CoopnetAdminConfig(admin_apps.AdminConfig):
    """The admin with coopnet's site (second factor required) as ``admin.site``."""

    default = False  # CoreConfig stays this module's default
    default_site = "coopnet.core.admin_site.CoopnetAdminSite"
