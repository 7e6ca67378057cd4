"""Settings shared by every environment; the environment is read here and nowhere else."""

import os
from ipaddress import ip_network
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("COOPNET_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "coopnet.core",
    "coopnet.network",
    "coopnet.members",
    "coopnet.workforce",
    "coopnet.compliance",
    "coopnet.governance",
    "coopnet.care",
    "coopnet.contracts",
    "coopnet.energy",
    "coopnet.community",
    "coopnet.practices",
    "coopnet.reporting",
    "coopnet.demo",
    "coopnet.core.apps.CoopnetAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_email",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "coopnet" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "coopnet.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'coopnet.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures per address and account lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "coopnet.core.access.login_identifier"
AXES_CLIENT_IP_CALLABLE = "coopnet.core.clients.client_ip"

# The reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated,
# e.g. "127.0.0.1,::1" behind a local nginx). Empty: the peer's address is the client's.
COOPNET_TRUSTED_PROXIES = [
    ip_network(proxy.strip(), strict=False)
    for proxy in os.environ.get("COOPNET_TRUSTED_PROXIES", "").split(",")
    if proxy.strip()
]

# Rate limits (public admission form, password reset) count in a cache every web process
# shares: a database table, made by `manage.py createcachetable`.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "coopnet_cache",
    }
}

OTP_TOTP_ISSUER = "coopnet"
# The one-time code that lets a user enrol an authenticator, sent by e-mail.
OTP_EMAIL_SUBJECT = _("Codice per attivare la verifica in due passaggi")
OTP_EMAIL_BODY_TEMPLATE_PATH = "registration/otp_enrolment_email.txt"
OTP_EMAIL_TOKEN_VALIDITY = 15 * 60
# A verified second factor lapses after this many minutes without a protected page.
COOPNET_OTP_IDLE_MINUTES = int(os.environ.get("COOPNET_OTP_IDLE_MINUTES", "15"))

# Fernet keys encrypting the certificates in the vault, newest first, comma-separated; older
# keys still decrypt until `manage.py vault_rotate_keys` has re-encrypted every file.
COOPNET_VAULT_KEYS = [
    k.strip() for k in os.environ.get("COOPNET_VAULT_KEYS", "").split(",") if k.strip()
]

# Travel times for scheduling: an OSRM server (e.g. http://osrm.internal:5000) or, when empty,
# the embedded estimate from coordinates.
COOPNET_OSRM_URL = os.environ.get("COOPNET_OSRM_URL", "")

# Maps ({% leaflet_map %}): a tile server's URL template, e.g.
# https://tile.example.org/{z}/{x}/{y}.png, and its attribution. Empty (the default, and in
# tests): no tiles are fetched, the markers stand on a blank background.
COOPNET_MAP_TILES = os.environ.get("COOPNET_MAP_TILES", "")
COOPNET_MAP_ATTRIBUTION = os.environ.get("COOPNET_MAP_ATTRIBUTION", "")

# Good practices: a practice the organizer has not approved or confirmed for this many days is
# marked "possibly out of date" (a choice of the platform, not a legal rule).
COOPNET_PRACTICES_REVIEW_DAYS = int(os.environ.get("COOPNET_PRACTICES_REVIEW_DAYS", "365"))

# The platform's own organization (kind "platform", created on first use by
# coopnet.core.platform): the organizer of the calls the platform runs.
COOPNET_PLATFORM_SLUG = os.environ.get("COOPNET_PLATFORM_SLUG", "coopnet")

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "coopnet" / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Background jobs (coopnet.core.jobs): a worker silent for longer than the lease has died and
# its job is marked failed; uploaded files (personal data) are deleted once imported or after
# the upload retention; finished jobs and their files after the job retention.
COOPNET_JOB_LEASE_SECONDS = int(os.environ.get("COOPNET_JOB_LEASE_SECONDS", "120"))
COOPNET_UPLOAD_RETENTION_HOURS = int(os.environ.get("COOPNET_UPLOAD_RETENTION_HOURS", "2"))
COOPNET_JOB_RETENTION_HOURS = int(os.environ.get("COOPNET_JOB_RETENTION_HOURS", "24"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") in {"1", "true", "True"}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "coopnet <noreply@coopnet.invalid>")


def _tile_origin(url: str) -> list[str]:
    """The scheme and host of a tile URL template, for the CSP's images ([] when none)."""
    scheme, _sep, rest = url.partition("://")
    return [f"{scheme}://{rest.split('/', 1)[0]}"] if rest else []


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # the tile server's origin, when maps have one
        "img-src": [SELF, "data:", *_tile_origin(COOPNET_MAP_TILES)],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
