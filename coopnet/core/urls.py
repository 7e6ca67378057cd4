"""Core URLs: health, accounts, profile and tokens, the audit log of an organization."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("switch/", views.switch_organization, name="switch_organization"),
    path("", views.home, name="home"),
    path("o/<slug:org_slug>/audit/", views.audit_log, name="audit_log"),
    path("o/<slug:org_slug>/people/", views.people, name="people"),
    path(
        "o/<slug:org_slug>/people/<int:assignment_id>/revoke/",
        views.role_revoke,
        name="role_revoke",
    ),
    path("accounts/otp/setup/", views.otp_setup, name="otp_setup"),
    path("accounts/otp/verify/", views.otp_verify, name="otp_verify"),
    path("accounts/security/", views.security, name="security"),
    path("accounts/security/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path(
        "accounts/security/sessions/end/",
        views.sessions_end_others,
        name="sessions_end_others",
    ),
    path("accounts/password/", views.password_change, name="password_change"),
    path(
        "o/<slug:org_slug>/people/<int:user_id>/second-factor/reset/",
        views.second_factor_reset,
        name="second_factor_reset",
    ),
]
