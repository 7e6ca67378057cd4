"""Local development and the embedded default (`make run`): SQLite and e-mail files in var/."""

from .base import *  # noqa: F403
from .base import STORAGES, VAR_DIR

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Each e-mail sent (invitations, convocations, password resets) is a file in var/mail/: the
# demo's convocations would otherwise bury the demo logins printed on the console.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
VAR_DIR.mkdir(exist_ok=True)
EMAIL_FILE_PATH = VAR_DIR / "mail"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the app directories here; WhiteNoise serves collected files in production.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
