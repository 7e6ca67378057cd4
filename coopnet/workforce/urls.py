"""URLs of the workforce app: organization pages live under /o/<slug>/workforce/."""

from django.urls import path

from . import views

app_name = "workforce"

P = "o/<slug:org_slug>/workforce/"

urlpatterns = [
    path(P, views.dashboard, name="dashboard"),
    path(f"{P}employments/", views.employment_list, name="employments"),
    path(f"{P}employments/new/", views.employment_create, name="employment_create"),
    path(f"{P}employments/<int:pk>/edit/", views.employment_edit, name="employment_edit"),
    path(f"{P}employments/<int:pk>/end/", views.employment_end, name="employment_end"),
    path(f"{P}people/<int:pk>/", views.person_detail, name="person"),
    path(
        f"{P}people/<int:pk>/qualifications/new/",
        views.qualification_create,
        name="qualification_create",
    ),
    path(f"{P}volunteers/", views.volunteer_list, name="volunteers"),
    path(f"{P}volunteers/new/", views.volunteer_create, name="volunteer_create"),
    path(f"{P}volunteers/hours/", views.hours_summary, name="hours_summary"),
    path(f"{P}volunteers/hours/pending/", views.pending_hours, name="pending_hours"),
    path(f"{P}volunteers/hours/<int:pk>/review/", views.hours_review, name="hours_review"),
    path(f"{P}volunteers/<int:pk>/", views.volunteer_detail, name="volunteer"),
    path(f"{P}volunteers/<int:pk>/insurance/", views.insurance_create, name="insurance_create"),
    path(f"{P}volunteers/<int:pk>/hours/", views.hours_create, name="hours_create"),
    path(
        f"{P}volunteers/<int:pk>/reimbursements/",
        views.reimbursement_create,
        name="reimbursement_create",
    ),
    path(f"{P}vault/", views.vault_list, name="vault"),
    path(f"{P}vault/new/", views.vault_create, name="vault_create"),
    path(f"{P}vault/<int:pk>/edit/", views.vault_edit, name="vault_edit"),
    path(f"{P}vault/<int:pk>/certificate/", views.vault_document, name="vault_document"),
    path(f"{P}privacy/", views.privacy_log, name="privacy"),
    path(f"{P}import/", views.import_page, name="import"),
    path(f"{P}import/template.<str:fmt>", views.import_template, name="import_template"),
    path("o/<slug:org_slug>/volunteering/", views.own_volunteering, name="own_volunteering"),
    path(
        "o/<slug:org_slug>/volunteering/hours/<int:pk>/withdraw/",
        views.own_hours_withdraw,
        name="own_hours_withdraw",
    ),
]
