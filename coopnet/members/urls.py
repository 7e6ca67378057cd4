"""URLs of the members app: organization pages under /o/<slug>/, the public form at /join/."""

from django.urls import path

from . import views, views_io

app_name = "members"

urlpatterns = [
    path("o/<slug:org_slug>/members/", views.register, name="register"),
    path("o/<slug:org_slug>/members/new/", views.application_new, name="application_new"),
    path("o/<slug:org_slug>/members/statute/", views.statute, name="statute"),
    path("o/<slug:org_slug>/members/documents/", views.documents, name="documents"),
    path(
        "o/<slug:org_slug>/members/documents/<int:pk>/file/",
        views.document_file,
        name="document_file",
    ),
    path(
        "o/<slug:org_slug>/members/documents/<int:pk>/delete/",
        views.document_delete,
        name="document_delete",
    ),
    path("o/<slug:org_slug>/members/<int:pk>/", views.detail, name="detail"),
    path("o/<slug:org_slug>/members/<int:pk>/person/", views.person_edit, name="person_edit"),
    path(
        "o/<slug:org_slug>/members/<int:pk>/person/account/",
        views.person_account,
        name="person_account",
    ),
    path(
        "o/<slug:org_slug>/members/<int:pk>/action/<slug:name>/",
        views.action,
        name="action",
    ),
    path("o/<slug:org_slug>/portal/", views.portal, name="portal"),
    path("o/<slug:org_slug>/portal/contacts/", views.portal_contacts, name="portal_contacts"),
    path("o/<slug:org_slug>/portal/withdraw/", views.portal_withdraw, name="portal_withdraw"),
    path(
        "o/<slug:org_slug>/portal/documents/<int:pk>/",
        views.portal_document,
        name="portal_document",
    ),
    path("join/<slug:org_slug>/", views.join, name="join"),
    path("o/<slug:org_slug>/members/import/", views_io.import_upload, name="import"),
    path(
        "o/<slug:org_slug>/members/import/<str:token>/",
        views_io.import_status,
        name="import_status",
    ),
    path(
        "o/<slug:org_slug>/members/import/<str:token>/confirm/",
        views_io.import_confirm,
        name="import_confirm",
    ),
    path("o/<slug:org_slug>/members/export.csv", views_io.export_csv, name="export_csv"),
    path("o/<slug:org_slug>/members/export.xlsx", views_io.export_xlsx, name="export_xlsx"),
    path("o/<slug:org_slug>/members/export.pdf", views_io.export_pdf, name="export_pdf"),
]
