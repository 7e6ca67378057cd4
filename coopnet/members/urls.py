"""URLs of the members app: organization pages live under /o/<slug>/."""

from django.urls import URLPattern

app_name = "members"

urlpatterns: list[URLPattern] = []
