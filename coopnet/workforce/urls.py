"""URLs of the workforce app: organization pages live under /o/<slug>/."""

from django.urls import URLPattern

app_name = "workforce"

urlpatterns: list[URLPattern] = []
