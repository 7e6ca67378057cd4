"""Core pages: accounts and profile, account security, an organization's office pages."""

from .accounts import (
    PasswordResetView,
    favicon,
    healthz,
    home,
    profile,
    switch_organization,
    token_revoke,
)
from .organization import audit_log, people, role_revoke
from .security import (
    otp_setup,
    otp_verify,
    password_change,
    recovery_codes,
    second_factor_reset,
    security,
    sessions_end_others,
)

__all__ = [
    "PasswordResetView",
    "audit_log",
    "favicon",
    "healthz",
    "home",
    "otp_setup",
    "otp_verify",
    "password_change",
    "people",
    "profile",
    "recovery_codes",
    "role_revoke",
    "second_factor_reset",
    "security",
    "sessions_end_others",
    "switch_organization",
    "token_revoke",
]
