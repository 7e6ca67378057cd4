"""Second-factor pages: set up an authenticator app, then enter its six-digit code."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import otp
from .models import User


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("Codice a 6 cifre"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={"invalid": gettext_lazy("Scrivi le 6 cifre mostrate dall'app.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: show the secret and its QR code, confirm with a code."""
    next_url = otp.safe_next(request, request.POST.get("next") or request.GET.get("next"))
    user = _user(request)
    if otp.confirmed_device(user) is not None:
        # A second device is added only by an administrator: otherwise a stolen password
        # would be enough to enrol the thief's phone.
        if otp.is_verified(request):
            return redirect(next_url)
        return otp.second_factor_redirect(request, next_url)
    device = otp.pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.confirm_device(request, device, form.cleaned_data["token"]):
            return redirect(next_url)
        form.add_error("token", _("Codice non valido o scaduto: riprova con il codice attuale."))
    context = {
        "form": form,
        "next": next_url,
        "secret": otp.secret_base32(device),
        "qr": otp.qr_data_uri(device),
    }
    return render(request, "core/otp_setup.html", context)


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Enter the current code of the authenticator app; then back to ``next``."""
    next_url = otp.safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if otp.confirmed_device(_user(request)) is None:
        return otp.second_factor_redirect(request, next_url)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.verify(request, form.cleaned_data["token"]):
            return redirect(next_url)
        form.add_error("token", _("Codice non valido o scaduto: riprova con il codice attuale."))
    return render(request, "core/otp_verify.html", {"form": form, "next": next_url})
