"""Reporting URLs: the consortium figures export."""

from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path(
        "o/<slug:org_slug>/consortium/figures/",
        views.consortium_figures_export,
        name="consortium_figures",
    ),
]
