"""Settings modules: production refuses unsafe defaults; every environment speaks Italian first.

Each settings module is imported in a fresh interpreter with a clean environment, so neither
the already-loaded test settings nor this machine's variables can hide a mistake.
"""

import json
import subprocess
import sys

import pytest
from django.conf import settings

REAL_SECRET = "k3y-" + "x" * 60
VAULT_KEY = "dGVzdC1vbmx5LXZhdWx0LWtleS0zMi1ieXRlcy0wMDA="
PRINT_SETTINGS = """
import json
from django.conf import settings
csp = settings.CONTENT_SECURITY_POLICY
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER,
    "CSP": {k: [str(v) for v in vs] for k, vs in csp["DIRECTIVES"].items()},
    "LANGUAGE_CODE": settings.LANGUAGE_CODE,
    "LANGUAGES": [code for code, _name in settings.LANGUAGES],
    "TIME_ZONE": settings.TIME_ZONE,
    "USE_TZ": settings.USE_TZ,
    "COOPNET_VAULT_KEYS": settings.COOPNET_VAULT_KEYS,
}))
"""


def load_settings(module: str, tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    """Import ``config.settings.<module>`` in a new interpreter with only ``env`` set."""
    clean_env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": f"config.settings.{module}",
        "COOPNET_VAR_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(  # noqa: S603 (fixed arguments, no user input)
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=settings.BASE_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"ALLOWED_HOSTS": "coopnet.example"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": "coopnet.example", "SECRET_KEY": "dev-only-not-secret"}, "SECRET_KEY"),
        (
            {"ALLOWED_HOSTS": "coopnet.example", "SECRET_KEY": "django-insecure-" + "x" * 50},
            "SECRET_KEY",
        ),
        ({"SECRET_KEY": REAL_SECRET}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": REAL_SECRET, "ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": REAL_SECRET, "ALLOWED_HOSTS": "coopnet.example"}, "COOPNET_VAULT_KEYS"),
    ],
    ids=["no-secret", "dev-secret", "insecure-secret", "no-hosts", "wildcard-host", "no-vault-key"],
)
def test_prod_refuses_to_start_with_unsafe_settings(tmp_path, env, complaint):
    # given production settings missing a real secret key or host list
    # when they are loaded
    result = load_settings("prod", tmp_path, **env)
    # then the process stops with a message naming what is missing
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr


def test_prod_with_secret_and_hosts_is_hardened(tmp_path):
    # given a real secret key and the served host names
    result = load_settings(
        "prod",
        tmp_path,
        SECRET_KEY=REAL_SECRET,
        ALLOWED_HOSTS="coopnet.example,www.coopnet.example",
        COOPNET_VAULT_KEYS=VAULT_KEY,
    )
    # when production settings load
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    # then cookies are secure, HSTS is on, the proxy header is trusted and a strict CSP is set
    assert loaded["DEBUG"] is False
    assert loaded["ALLOWED_HOSTS"] == ["coopnet.example", "www.coopnet.example"]
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["CSRF_COOKIE_SECURE"] is True
    assert loaded["SECURE_HSTS_SECONDS"] > 0
    assert loaded["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    csp = loaded["CSP"]
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert not any("unsafe" in source for sources in csp.values() for source in sources)


@pytest.mark.parametrize("module", ["dev", "test"])
def test_italian_first_english_second_rome_time(tmp_path, module):
    result = load_settings(module, tmp_path)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["LANGUAGE_CODE"] == "it"
    assert loaded["LANGUAGES"] == ["it", "en"]
    assert loaded["TIME_ZONE"] == "Europe/Rome"
    assert loaded["USE_TZ"] is True


def test_the_running_test_settings_match():
    assert settings.LANGUAGE_CODE == "it"
    assert settings.TIME_ZONE == "Europe/Rome"
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"


def test_dev_keeps_a_generated_vault_key_in_var(tmp_path):
    # given no COOPNET_VAULT_KEYS, the embedded default generates a key once, then reuses it
    first = json.loads(load_settings("dev", tmp_path).stdout)["COOPNET_VAULT_KEYS"]
    second = json.loads(load_settings("dev", tmp_path).stdout)["COOPNET_VAULT_KEYS"]
    assert first == second == [(tmp_path / "vault.key").read_text().strip()]
    assert (tmp_path / "vault.key").stat().st_mode & 0o077 == 0
    # a key from the environment wins
    loaded = json.loads(load_settings("dev", tmp_path, COOPNET_VAULT_KEYS=VAULT_KEY).stdout)
    assert loaded["COOPNET_VAULT_KEYS"] == [VAULT_KEY]
