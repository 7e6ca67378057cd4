"""Network URLs: the directory and lineage (network-wide) and organization pages (scoped)."""

from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("network/", views.directory, name="directory"),
    path("network/strawberry-fields/", views.strawberry_fields, name="strawberry_fields"),
    path("o/<slug:org_slug>/", views.profile, name="profile"),
    path("o/<slug:org_slug>/consortium/", views.consortium, name="consortium"),
]
