"""URLs of the compliance app: organization pages live under /o/<slug>/."""

from django.urls import URLPattern

app_name = "compliance"

urlpatterns: list[URLPattern] = []
