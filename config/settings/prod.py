"""Production: everything from the environment; refuses to start with unsafe defaults."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, COOPNET_VAULT_KEYS, SECRET_KEY

if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("dev-", "test-", "django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters."
    )
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names coopnet is served on.")
if not COOPNET_VAULT_KEYS:
    raise ImproperlyConfigured(
        "COOPNET_VAULT_KEYS must hold the Fernet key(s) that encrypt the vault's certificates."
    )

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
