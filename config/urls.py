"""Root URLs. Pages scoped to an organization live under /o/<slug>/, the API under /api/v1/."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _

from .api import api


def _platform_admin_only(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _platform_admin_only  # type: ignore[method-assign]
admin.site.site_header = _("Amministrazione di coopnet")
admin.site.site_title = _("coopnet: amministrazione")
admin.site.index_title = _("Amministrazione della piattaforma")

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("", include("coopnet.network.urls")),
    path("", include("coopnet.members.urls")),
    path("", include("coopnet.workforce.urls")),
    path("", include("coopnet.compliance.urls")),
    path("", include("coopnet.governance.urls")),
    path("", include("coopnet.services.urls")),
    path("", include("coopnet.core.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
