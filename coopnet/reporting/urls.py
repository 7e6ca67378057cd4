"""Reporting URLs: the social report's indicators, the report and its sections, its PDF/A and
figures, the public pages of approved reports, the consortium figures export, the dashboards."""

from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("o/<slug:org_slug>/reporting/indicators/", views.indicators, name="indicators"),
    path(
        "o/<slug:org_slug>/reporting/indicators/<slug:key>/<int:year>/",
        views.indicator_enter,
        name="indicator_enter",
    ),
    path("o/<slug:org_slug>/reporting/dashboard/", views.dashboard, name="dashboard"),
    path("o/<slug:org_slug>/reporting/network/", views.network, name="network"),
    path(
        "o/<slug:org_slug>/reporting/network/comuni.geojson",
        views.network_comuni,
        name="network_comuni",
    ),
    path("o/<slug:org_slug>/reporting/reports/", views.reports, name="reports"),
    path("o/<slug:org_slug>/reporting/reports/<int:pk>/", views.report, name="report"),
    path(
        "o/<slug:org_slug>/reporting/reports/<int:pk>/sections/<int:number>/",
        views.section,
        name="section",
    ),
    path("o/<slug:org_slug>/reporting/reports/<int:pk>/review/", views.review, name="review"),
    path(
        "o/<slug:org_slug>/reporting/reports/<int:pk>/attestation/",
        views.attestation,
        name="attestation",
    ),
    path("o/<slug:org_slug>/reporting/reports/<int:pk>/approve/", views.approve, name="approve"),
    path(
        "o/<slug:org_slug>/reporting/reports/<int:pk>/new-version/",
        views.new_version,
        name="new_version",
    ),
    path(
        "o/<slug:org_slug>/reporting/reports/<int:pk>/pdf/",
        views.report_pdf_download,
        name="report_pdf",
    ),
    path(
        "o/<slug:org_slug>/reporting/reports/<int:pk>/figures/",
        views.report_figures_export,
        name="report_figures",
    ),
    path("bilancio-sociale/<slug:org_slug>/", views.public_reports, name="public_reports"),
    path("bilancio-sociale/<slug:org_slug>/<int:year>/", views.public_report, name="public_report"),
    path(
        "bilancio-sociale/<slug:org_slug>/<int:year>/pdf/",
        views.public_report_pdf,
        name="public_report_pdf",
    ),
    path(
        "o/<slug:org_slug>/consortium/figures/",
        views.consortium_figures_export,
        name="consortium_figures",
    ),
]
