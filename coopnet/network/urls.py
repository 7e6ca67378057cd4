"""Network URLs: the directory and lineage (network-wide) and organization pages (scoped)."""

from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("network/", views.directory, name="directory"),
    path("network/strawberry-fields/", views.strawberry_fields, name="strawberry_fields"),
    path("network/comuni/", views.comuni, name="comuni"),
    path("network/new/", views.organization_create, name="create"),
    path("o/<slug:org_slug>/", views.profile, name="profile"),
    path("o/<slug:org_slug>/edit/", views.organization_edit, name="edit"),
    path(
        "o/<slug:org_slug>/affiliations/new/",
        views.affiliation_create,
        name="affiliation_create",
    ),
    path(
        "o/<slug:org_slug>/affiliations/<int:pk>/end/",
        views.affiliation_end,
        name="affiliation_end",
    ),
    path(
        "o/<slug:org_slug>/incubations/new/",
        views.incubation_create,
        name="incubation_create",
    ),
    path("o/<slug:org_slug>/consortium/", views.consortium, name="consortium"),
    path("o/<slug:org_slug>/consortium/new/", views.affiliate_create, name="affiliate_create"),
]
