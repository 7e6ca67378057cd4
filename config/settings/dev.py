"""Local development and the embedded default (`make run`): SQLite and e-mail files in var/."""

from .base import *  # noqa: F403
from .base import COOPNET_VAULT_KEYS, STORAGES, VAR_DIR

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Each e-mail sent (invitations, convocations, password resets) is a file in var/mail/: the
# demo's convocations would otherwise bury the demo logins printed on the console.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
VAR_DIR.mkdir(exist_ok=True)
if not COOPNET_VAULT_KEYS:
    # The embedded default keeps its own key next to the database; back them up together.
    _vault_key = VAR_DIR / "vault.key"
    if not _vault_key.exists():
        from cryptography.fernet import Fernet

        _vault_key.write_bytes(Fernet.generate_key())
        _vault_key.chmod(0o600)
    COOPNET_VAULT_KEYS = [_vault_key.read_text().strip()]
EMAIL_FILE_PATH = VAR_DIR / "mail"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the app directories here; WhiteNoise serves collected files in production.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
