"""Second factor (TOTP, django-otp): enrolment, verification, recovery codes and resets.

Pages holding special-category data send a user who has not verified a second factor in this
session to ``otp_verify`` (or ``otp_setup`` when they have no confirmed device yet), with
``next`` pointing back to where they were going. A verification lapses after
``COOPNET_OTP_IDLE_MINUTES`` without such a page, not with the 14-day login.

Enrolling an authenticator needs a one-time code sent by e-mail (django-otp's e-mail device,
never confirmed, so it never counts as a second factor): a stolen password alone is not
enough. Recovery codes are django-otp's static tokens, stored as SHA-256 hashes: they are
shown once and each works once.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import time
from io import BytesIO
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import log_action
from .models import Organization, User

DEVICE_NAME = "coopnet"
ENROLMENT_DEVICE_NAME = "iscrizione"
RECOVERY_DEVICE_NAME = "codici di recupero"
RECOVERY_CODE_COUNT = 10
# 32 symbols (no I, O, 0, 1), 16 of them: 80 random bits, so an unsalted hash is safe.
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_RECOVERY_LENGTH = 16
# Session keys: when a second factor was last verified or used, and the e-mail step passed.
_SEEN_KEY = "coopnet_otp_seen"
_ENROL_KEY = "coopnet_otp_enrol"
_TOTP_TOKEN = re.compile(r"^\d{6}$")


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _clean_token(token: str) -> str:
    return "".join(token.split())


# --- the verified session ------------------------------------------------------------------


def _login(request: HttpRequest, device: TOTPDevice | StaticDevice) -> None:
    django_otp.login(request, device)
    request.session[_SEEN_KEY] = time.time()


def forget(request: HttpRequest) -> None:
    """End the verification of this session (the login itself stays)."""
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    request.session.pop(_SEEN_KEY, None)
    if hasattr(request.user, "otp_device"):
        request.user.otp_device = None


def is_verified(request: HttpRequest) -> bool:
    """Whether the user verified a second factor in this session and has not been idle since.

    Each call from a protected page counts as activity and restarts the idle time.
    """
    check = getattr(request.user, "is_verified", None)
    if not (check and check()):
        return False
    seen = request.session.get(_SEEN_KEY)
    now = time.time()
    if not isinstance(seen, float | int) or now - seen > settings.COOPNET_OTP_IDLE_MINUTES * 60:
        forget(request)
        return False
    request.session[_SEEN_KEY] = now
    return True


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def verify(request: HttpRequest, token: str) -> TOTPDevice | StaticDevice | None:
    """Check a code of the authenticator app, or a recovery code (then used up), and mark
    the session as verified; answers the device that accepted it."""
    user = _user(request)
    token = _clean_token(token)
    if _TOTP_TOKEN.match(token):
        device = confirmed_device(user)
        if device is None:
            return None
        verified = django_otp.verify_token(user, device.persistent_id, token)
    else:
        verified = _use_recovery_code(user, token)
    if verified is not None:
        _login(request, verified)
    return verified


# --- enrolment -----------------------------------------------------------------------------


def _enrolment_device(user: User) -> EmailDevice:
    device = EmailDevice.objects.filter(user=user, name=ENROLMENT_DEVICE_NAME).first()
    if device is None:
        device = EmailDevice.objects.create(user=user, name=ENROLMENT_DEVICE_NAME, confirmed=False)
    return device


def enrolment_confirmed(request: HttpRequest) -> bool:
    """Whether this session passed the e-mail step of the enrolment."""
    return bool(request.session.get(_ENROL_KEY) == request.user.pk)


def send_enrolment_code(user: User) -> bool:
    """E-mail a one-time code that lets ``user`` enrol an authenticator; False while the
    previous code is still cooling down."""
    device = _enrolment_device(user)
    allowed, _reason = device.generate_is_allowed()
    if allowed:
        device.generate_challenge()
    return bool(allowed)


def confirm_enrolment_code(request: HttpRequest, token: str) -> bool:
    user = _user(request)
    device = _enrolment_device(user)
    if django_otp.verify_token(user, device.persistent_id, _clean_token(token)) is None:
        return False
    request.session[_ENROL_KEY] = user.pk
    return True


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled; created on first visit, kept until confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The key as the authenticator apps expect it when typed in by hand."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_data_uri(device: TOTPDevice) -> str:
    """The provisioning URL as an SVG QR code in a data: URI (CSP allows img data:)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def confirm_device(request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirm an enrolment with the first code from the app; the session counts as verified."""
    user = _user(request)
    if not enrolment_confirmed(request):
        return False
    if django_otp.verify_token(user, device.persistent_id, _clean_token(token)) is None:
        return False
    with transaction.atomic():
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        log_action(actor=user, organization=None, action="core.otp.enrol", obj=user)
    request.session.pop(_ENROL_KEY, None)
    _login(request, device)
    return True


# --- recovery codes ------------------------------------------------------------------------


def _recovery_hash(code: str) -> str:
    """What is stored for a code: 64 bits of its SHA-256, enough for 80-bit random codes."""
    normalized = re.sub(r"[^A-Z0-9]", "", code.upper())
    return hashlib.sha256(normalized.encode("ascii")).hexdigest()[:16]


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _RECOVERY_LENGTH, 4))


@transaction.atomic
def recovery_codes_create(*, user: User) -> list[str]:
    """New recovery codes for ``user``, replacing the old ones; only their hashes are kept."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=_recovery_hash(code)) for code in codes
    )
    log_action(actor=user, organization=None, action="core.otp.recovery_codes", obj=user)
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _use_recovery_code(user: User, code: str) -> StaticDevice | None:
    device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        return None
    with transaction.atomic():
        verified = django_otp.verify_token(user, device.persistent_id, _recovery_hash(code))
        if verified is not None:
            log_action(actor=user, organization=None, action="core.otp.recovery_use", obj=user)
    return verified


# --- the lost-device procedure -------------------------------------------------------------


def has_second_factor(user: User) -> bool:
    return confirmed_device(user) is not None


def users_with_second_factor(user_ids: list[int]) -> set[int]:
    """Which of these users have a confirmed authenticator (one query)."""
    devices = TOTPDevice.objects.filter(user_id__in=user_ids, confirmed=True)
    return set(devices.values_list("user_id", flat=True))


@transaction.atomic
def second_factor_reset(*, actor: User, organization: Organization, user: User) -> None:
    """Remove ``user``'s authenticator and recovery codes (a lost or stolen phone).

    Their sessions stop counting as verified at once; they enrol again, with the e-mail code.
    """
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    log_action(
        actor=actor,
        organization=organization,
        action="core.otp.reset",
        obj=user,
        before={"devices": removed},
    )


# --- redirects -----------------------------------------------------------------------------


def safe_next(request: HttpRequest, url: str | None) -> str:
    """``url`` if it points into this site, else the home page."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("home")


def second_factor_redirect(
    request: HttpRequest, next_url: str | None = None
) -> HttpResponseRedirect:
    """Send the user to verify (or first set up) their second factor, then back."""
    has_device = confirmed_device(_user(request)) is not None
    target = reverse("otp_verify" if has_device else "otp_setup")
    query = urlencode({"next": next_url or request.get_full_path()})
    return HttpResponseRedirect(f"{target}?{query}")
