"""Root URLs. Pages scoped to an organization live under /o/<slug>/, the API under /api/v1/."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from .api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("", include("coopnet.network.urls")),
    path("", include("coopnet.members.urls")),
    path("", include("coopnet.workforce.urls")),
    path("", include("coopnet.compliance.urls")),
    path("", include("coopnet.governance.urls")),
    path("", include("coopnet.care.urls")),
    path("", include("coopnet.contracts.urls")),
    path("", include("coopnet.energy.urls")),
    path("", include("coopnet.community.urls")),
    path("", include("coopnet.practices.urls")),
    path("", include("coopnet.reporting.urls")),
    path("", include("coopnet.core.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
