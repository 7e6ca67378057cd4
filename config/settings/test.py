"""Test settings: fast hashing, in-memory e-mail, tasks run immediately."""

from .base import *  # noqa: F403
from .base import STORAGES

SECRET_KEY = "test-only-not-secret"  # noqa: S105
COOPNET_VAULT_KEYS = ["dGVzdC1vbmx5LXZhdWx0LWtleS0zMi1ieXRlcy0wMDA="]  # test only, not secret
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
# Static files come from the app directories here; WhiteNoise serves collected files in production.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
