"""URLs of the compliance app: organization pages live under /o/<slug>/."""

from django.urls import path

from . import views

app_name = "compliance"

urlpatterns = [
    path("o/<slug:org_slug>/compliance/", views.dashboard, name="dashboard"),
    path("o/<slug:org_slug>/compliance/trend/", views.trend, name="trend"),
    path("o/<slug:org_slug>/compliance/matrix/", views.matrix, name="matrix"),
    path("o/<slug:org_slug>/compliance/<slug:rule_id>/", views.rule_detail, name="rule"),
]
