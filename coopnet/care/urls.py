"""URLs of the care services app: organization pages under /o/<slug>/care/, and the calendar
feed and the family's page at secret addresses outside /o/ (no login: the token is the key)."""

from django.urls import path

from . import views

app_name = "care"

P = "o/<slug:org_slug>/care/"

urlpatterns = [
    path(P, views.overview, name="overview"),
    path(f"{P}settings/", views.settings_edit, name="settings"),
    # catalogue and funding
    path(f"{P}catalogue/", views.catalogue_page, name="catalogue"),
    path(f"{P}catalogue/new/", views.service_type_form, name="service_type_create"),
    path(f"{P}catalogue/<int:pk>/edit/", views.service_type_form, name="service_type_edit"),
    path(f"{P}funding/new/", views.contract_form, name="contract_create"),
    path(f"{P}funding/<int:pk>/", views.contract_detail, name="contract"),
    path(f"{P}funding/<int:pk>/edit/", views.contract_form, name="contract_edit"),
    # beneficiaries and plans
    path(f"{P}beneficiaries/", views.beneficiary_list, name="beneficiaries"),
    path(f"{P}beneficiaries/new/", views.beneficiary_create, name="beneficiary_create"),
    path(f"{P}beneficiaries/<int:pk>/", views.beneficiary_detail, name="beneficiary"),
    path(f"{P}beneficiaries/<int:pk>/edit/", views.beneficiary_edit, name="beneficiary_edit"),
    path(f"{P}beneficiaries/<int:pk>/health/", views.beneficiary_health, name="health"),
    path(f"{P}beneficiaries/<int:pk>/family-link/", views.family_link, name="family_link"),
    path(
        f"{P}beneficiaries/<int:pk>/family-link/revoke/",
        views.family_link_revoke,
        name="family_link_revoke",
    ),
    path(
        f"{P}beneficiaries/<int:beneficiary_pk>/plans/new/",
        views.plan_form,
        name="plan_create",
    ),
    path(f"{P}plans/<int:pk>/", views.plan_detail, name="plan"),
    path(f"{P}plans/<int:pk>/edit/", views.plan_form, name="plan_edit"),
    path(f"{P}plans/<int:pk>/generate/", views.plan_generate, name="plan_generate"),
    path(f"{P}plans/<int:plan_pk>/lines/new/", views.line_form, name="line_create"),
    path(f"{P}lines/<int:pk>/edit/", views.line_form, name="line_edit"),
    path(f"{P}lines/<int:pk>/delete/", views.line_delete, name="line_delete"),
    # carers
    path(f"{P}carers/", views.carer_list, name="carers"),
    path(f"{P}carers/new/", views.carer_form, name="carer_create"),
    path(f"{P}carers/<int:pk>/", views.carer_detail, name="carer"),
    path(f"{P}carers/<int:pk>/edit/", views.carer_form, name="carer_edit"),
    path(f"{P}carers/<int:pk>/route/", views.route_sheet, name="route_sheet"),
    # the day, visits and optimising runs
    path(f"{P}day/", views.day_board, name="day"),
    path(f"{P}generate/", views.generate, name="generate"),
    path(f"{P}visits/<int:pk>/", views.visit_detail, name="visit"),
    path(f"{P}visits/<int:pk>/assign/", views.visit_assign, name="visit_assign"),
    path(f"{P}visits/<int:pk>/unassign/", views.visit_unassign, name="visit_unassign"),
    path(f"{P}visits/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path(f"{P}visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
    path(f"{P}visits/<int:pk>/missed/", views.visit_missed, name="visit_missed"),
    path(f"{P}visits/<int:pk>/check-in/", views.visit_check_in, name="visit_check_in"),
    path(f"{P}visits/<int:pk>/check-out/", views.visit_check_out, name="visit_check_out"),
    path(f"{P}visits/<int:pk>/correct/", views.visit_correct, name="visit_correct"),
    path(f"{P}visits/<int:pk>/review/", views.visit_review, name="visit_review"),
    path(f"{P}review/", views.review_list, name="review"),
    path(f"{P}schedule/", views.schedule_start, name="schedule"),
    path(f"{P}schedule/<int:pk>/", views.run_detail, name="run"),
    path(f"{P}schedule/<int:pk>/apply/", views.run_apply, name="run_apply"),
    path(f"{P}schedule/<int:pk>/retry/", views.run_retry, name="run_retry"),
    # hours
    path(f"{P}hours/", views.hours, name="hours"),
    # the carer's phone
    path(f"{P}today/", views.today, name="today"),
    path(f"{P}today/<int:pk>/check-in/", views.own_check_in, name="own_check_in"),
    path(f"{P}today/<int:pk>/check-out/", views.own_check_out, name="own_check_out"),
    path(f"{P}today/calendar/", views.calendar_link, name="calendar_link"),
    path("care/ics/<str:token>.ics", views.ics_feed, name="ics"),
    path("family/<str:token>/", views.family_page, name="family"),
]
