"""The Django admin site: platform administrators with a verified second factor only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import otp


class CoopnetAdminSite(admin.AdminSite):
    site_header = _("Amministrazione di coopnet")
    site_title = _("coopnet: amministrazione")
    index_title = _("Amministrazione della piattaforma")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser and otp.is_verified(request))

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The site's own login and second-factor pages: the admin has no form of its own, so
        there is one place where passwords and codes are checked."""
        next_url = otp.safe_next(request, request.GET.get(REDIRECT_FIELD_NAME))
        if next_url == reverse("home"):
            next_url = reverse("admin:index")
        if not request.user.is_authenticated:
            return redirect_to_login(next_url)
        if not request.user.is_superuser:
            raise PermissionDenied
        return otp.second_factor_redirect(request, next_url)
