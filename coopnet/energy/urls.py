"""URLs of the energy app: organization pages live under /o/<slug>/energy/."""

from django.urls import path

from . import views

app_name = "energy"

P = "o/<slug:org_slug>/energy/"

urlpatterns = [
    path(P, views.community, name="community"),
    path(f"{P}settle/", views.settle, name="settle"),
    path(f"{P}settlements/<int:pk>/", views.settlement_detail, name="settlement"),
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
