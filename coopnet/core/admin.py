"""Django admin for platform administrators. The audit log is read-only here too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import (
    Affiliation,
    ApiToken,
    AuditEntry,
    Organization,
    OrganizationSector,
    Parameter,
    RoleAssignment,
    ServedComune,
    User,
)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ("organization",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "is_active", "is_superuser", "last_login")
    search_fields = ("email", "full_name")
    inlines = (RoleAssignmentInline,)
    fieldsets = (
        (None, {"fields": ("email", "password", "full_name")}),
        (_("Permessi"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Date"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class SectorInline(admin.TabularInline):
    model = OrganizationSector
    extra = 0


class ServedComuneInline(admin.TabularInline):
    model = ServedComune
    extra = 0
    raw_id_fields = ("comune",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("short_name", "kind", "codice_fiscale", "seat_comune")
    list_filter = ("kind",)
    search_fields = ("short_name", "legal_name", "codice_fiscale", "slug")
    raw_id_fields = ("seat_comune",)
    inlines = (SectorInline, ServedComuneInline)


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    list_display = ("organization", "group", "start_date", "end_date")
    autocomplete_fields = ("organization", "group")


@admin.register(Parameter)
class ParameterAdmin(admin.ModelAdmin):
    list_display = ("key", "value", "valid_from", "valid_to", "region", "source")
    list_filter = ("region",)
    search_fields = ("key", "source", "note")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "user", "organization", "role", "created_at", "revoked_at")
    readonly_fields = ("prefix", "token_hash", "created_at", "last_used_at")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "organization", "action", "object_repr")
    list_filter = ("action", "organization")
    search_fields = ("action", "object_repr", "actor__email")
    date_hierarchy = "created_at"
    list_select_related = ("actor", "organization")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SecondFactorDeviceAdmin(admin.ModelAdmin):
    """A user's second-factor devices without keys, QR codes or tokens: the platform admin
    may look at them and delete them (a lost phone), never add or read one."""

    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    fields = list_display
    readonly_fields = list_display
    search_fields = ("user__email",)
    list_select_related = ("user",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# django-otp's own admin classes show the TOTP key and QR code while adding a device and the
# recovery tokens: replace them. Importing them first makes the order of apps irrelevant.
import django_otp.plugins.otp_email.admin  # noqa: E402
import django_otp.plugins.otp_static.admin  # noqa: E402
import django_otp.plugins.otp_totp.admin  # noqa: E402, F401

for _device in (TOTPDevice, StaticDevice, EmailDevice):
    admin.site.unregister(_device)
    admin.site.register(_device, SecondFactorDeviceAdmin)
