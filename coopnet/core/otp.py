"""Second factor (TOTP, django-otp): enrolment, verification and the redirect to them.

Pages holding special-category data send a user who has not verified a second factor in this
session to ``otp_verify`` (or ``otp_setup`` when they have no confirmed device yet), with
``next`` pointing back to where they were going.
"""

from __future__ import annotations

import base64
from io import BytesIO
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

DEVICE_NAME = "coopnet"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def is_verified(request: HttpRequest) -> bool:
    """Whether the user has verified a second factor in this session."""
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


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


def _clean_token(token: str) -> str:
    return "".join(token.split())


def confirm_device(request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirm an enrolment with the first code from the app; the session counts as verified."""
    verified = django_otp.verify_token(_user(request), device.persistent_id, _clean_token(token))
    if verified is None:
        return False
    device.refresh_from_db()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    django_otp.login(request, device)
    return True


def verify(request: HttpRequest, token: str) -> bool:
    """Check a code against the user's confirmed device and mark the session as verified."""
    user = _user(request)
    device = confirmed_device(user)
    if device is None:
        return False
    verified = django_otp.verify_token(user, device.persistent_id, _clean_token(token))
    if verified is None:
        return False
    django_otp.login(request, verified)
    return True


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
