"""URLs of the members app: organization pages under /o/<slug>/, the public form at /join/."""

from django.urls import path

from .views import exports, imports, join, member, organization, portal, register

app_name = "members"

P = "o/<slug:org_slug>/members/"

urlpatterns = [
    path(P, register.register, name="register"),
    path(f"{P}new/", member.application_new, name="application_new"),
    path(f"{P}statute/", organization.statute, name="statute"),
    path(f"{P}documents/", organization.documents, name="documents"),
    path(f"{P}documents/<int:pk>/file/", organization.document_file, name="document_file"),
    path(f"{P}documents/<int:pk>/delete/", organization.document_delete, name="document_delete"),
    path(f"{P}<int:pk>/", member.detail, name="detail"),
    path(f"{P}<int:pk>/person/", member.person_edit, name="person_edit"),
    path(f"{P}<int:pk>/person/account/", member.person_account, name="person_account"),
    path(f"{P}<int:pk>/action/<slug:name>/", member.action, name="action"),
    path(
        f"{P}<int:pk>/ledger/<int:line_pk>/reverse/", member.ledger_reverse, name="ledger_reverse"
    ),
    path("o/<slug:org_slug>/portal/", portal.portal, name="portal"),
    path("o/<slug:org_slug>/portal/contacts/", portal.portal_contacts, name="portal_contacts"),
    path("o/<slug:org_slug>/portal/withdraw/", portal.portal_withdraw, name="portal_withdraw"),
    path(
        "o/<slug:org_slug>/portal/documents/<int:pk>/",
        portal.portal_document,
        name="portal_document",
    ),
    path("join/<slug:org_slug>/", join.join, name="join"),
    path(f"{P}import/", imports.import_upload, name="import"),
    path(f"{P}import/template.<str:fmt>", imports.import_template, name="import_template"),
    path(f"{P}import/<int:pk>/", imports.import_status, name="import_status"),
    path(f"{P}import/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path(f"{P}import/<int:pk>/retry/", imports.import_retry, name="import_retry"),
    path(f"{P}export.csv", exports.export_csv, name="export_csv"),
    path(f"{P}export.xlsx", exports.export_xlsx, name="export_xlsx"),
    path(f"{P}export.pdf", exports.export_pdf, name="export_pdf"),
    path(f"{P}export.pdf/<int:pk>/", exports.export_status, name="export_status"),
    path(f"{P}export.pdf/<int:pk>/retry/", exports.export_retry, name="export_retry"),
    path(f"{P}export.pdf/<int:pk>/file/", exports.export_file, name="export_file"),
]
