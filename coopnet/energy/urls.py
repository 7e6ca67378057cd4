"""URLs of the energy app: organization pages live under /o/<slug>/energy/."""

from django.urls import path

from . import views

app_name = "energy"

P = "o/<slug:org_slug>/energy/"

urlpatterns = [
    path(P, views.community, name="community"),
    path(f"{P}members/", views.members, name="members"),
    path(f"{P}members/<int:member_pk>/", views.member, name="member"),
    path(f"{P}settle/", views.settle, name="settle"),
    path(f"{P}settlements/<int:pk>/", views.settlement_detail, name="settlement"),
    path(f"{P}rules/", views.rules, name="rules"),
    path(f"{P}rules/new/", views.rule_new, name="rule_new"),
    path(f"{P}settlements/<int:pk>/distribute/", views.distribute, name="distribute"),
    path(f"{P}distributions/<int:pk>/", views.distribution_detail, name="distribution"),
    path(f"{P}reconciliation/", views.reconciliation, name="reconciliation"),
    path(f"{P}gse/", views.gse_import, name="gse_import"),
    path(f"{P}import/", views.import_upload, name="import"),
    path(f"{P}import/<int:pk>/", views.import_status, name="import_status"),
    path(f"{P}import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path(f"{P}import/<int:pk>/retry/", views.import_retry, name="import_retry"),
    path(
        f"{P}settlements/<int:pk>/members/<int:member_pk>/",
        views.member_statement,
        name="statement",
    ),
    path(
        f"{P}settlements/<int:pk>/members/<int:member_pk>/pdf/",
        views.member_statement_pdf,
        name="statement_pdf",
    ),
    path(f"{P}dashboard/", views.dashboard, name="dashboard"),
    path(f"{P}simulate/", views.simulate, name="simulate"),
]
