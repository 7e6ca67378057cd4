"""URLs of the energy app: organization pages live under /o/<slug>/energy/."""

from django.urls import path

from . import views

app_name = "energy"

P = "o/<slug:org_slug>/energy/"

urlpatterns = [
    path(P, views.community, name="community"),
    path(f"{P}settle/", views.settle, name="settle"),
    path(f"{P}settlements/<int:pk>/", views.settlement_detail, name="settlement"),
]
