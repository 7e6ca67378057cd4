"""Account security pages: second factor (enrolment, verification, recovery codes), password,
sessions, and the office's reset of a colleague's lost second factor."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from .. import otp, services, sessions
from ..access import OrgAccess
from ..decorators import org_view
from ..forms import EmailCodeForm, TokenForm
from ..models import User
from ..web import current_user


def _next(request: HttpRequest) -> str:
    return otp.safe_next(request, request.POST.get("next") or request.GET.get("next"))


INVALID_CODE = gettext_lazy("Codice non valido o scaduto: riprova con il codice attuale.")


@never_cache
@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: first a code sent by e-mail, then the secret and its QR
    code, confirmed with the app's first code."""
    next_url = _next(request)
    user = current_user(request)
    if otp.confirmed_device(user) is not None:
        # A second device is added only after a reset: otherwise a stolen password would be
        # enough to enrol the thief's phone.
        if otp.is_verified(request):
            return redirect(next_url)
        return otp.second_factor_redirect(request, next_url)
    if not otp.enrolment_confirmed(request):
        return _enrolment_email_step(request, user, next_url)
    device = otp.pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.confirm_device(request, device, form.cleaned_data["token"]):
            messages.success(
                request,
                _("Verifica in due passaggi attiva. Genera ora i codici di recupero."),
            )
            return redirect(next_url)
        form.add_error("token", INVALID_CODE)
    context = {
        "form": form,
        "next": next_url,
        "secret": otp.secret_base32(device),
        "qr": otp.qr_data_uri(device),
    }
    return render(request, "core/otp_setup.html", context)


def _enrolment_email_step(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """Send a one-time code to the user's address and check it (the out-of-band step)."""
    form = EmailCodeForm(request.POST if "token" in request.POST else None)
    sent = request.method == "POST"
    if request.POST.get("send"):
        if otp.send_enrolment_code(user):
            messages.info(request, _("Ti abbiamo mandato il codice via e-mail."))
        else:
            messages.warning(
                request,
                _(
                    "Il codice è appena stato inviato: aspetta un minuto prima di chiederne "
                    "un altro."
                ),
            )
    elif form.is_bound and form.is_valid():
        if otp.confirm_enrolment_code(request, form.cleaned_data["token"]):
            return redirect(f"{reverse('otp_setup')}?{urlencode({'next': next_url})}")
        form.add_error("token", INVALID_CODE)
    context = {"form": form, "next": next_url, "sent": sent, "email": user.email}
    return render(request, "core/otp_enrol_email.html", context)


@never_cache
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Enter the current code of the authenticator app (or a recovery code); then ``next``."""
    next_url = _next(request)
    user = current_user(request)
    if otp.confirmed_device(user) is None and not otp.recovery_codes_left(user):
        return otp.second_factor_redirect(request, next_url)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp.verify(request, form.cleaned_data["token"])
        if device is not None:
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _("Hai usato un codice di recupero: ne restano %(n)s.")
                    % {"n": otp.recovery_codes_left(user)},
                )
            return redirect(next_url)
        form.add_error("token", INVALID_CODE)
    return render(request, "core/otp_verify.html", {"form": form, "next": next_url})


# --- the security page ---------------------------------------------------------------------


@never_cache
@login_required
def security(request: HttpRequest) -> HttpResponse:
    """Password, second factor and recovery codes, and where the user is logged in."""
    user = current_user(request)
    context = {
        "device": otp.confirmed_device(user),
        "recovery_left": otp.recovery_codes_left(user),
        "sessions": sessions.active_sessions(user),
        "current_key": request.session.session_key,
    }
    return render(request, "core/security.html", context)


@never_cache
@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once; they need the second factor verified just now."""
    user = current_user(request)
    if not otp.is_verified(request):
        return otp.second_factor_redirect(request, reverse("security"))
    codes = otp.recovery_codes_create(user=user)
    return render(request, "core/recovery_codes.html", {"codes": codes})


@login_required
@require_POST
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    ended = sessions.end_other_sessions(
        user=current_user(request), current_key=request.session.session_key
    )
    messages.success(request, _("Sessioni chiuse: %(n)s.") % {"n": ended})
    return redirect("security")


@never_cache
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """Change the password; every other session is logged out."""
    user = current_user(request)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_set(user=user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        sessions.end_other_sessions(user=user, current_key=request.session.session_key)
        messages.success(request, _("Password cambiata. Le altre sessioni sono state chiuse."))
        return redirect("security")
    return render(request, "core/password_change.html", {"form": form})


# --- the office's reset of a lost second factor --------------------------------------------


def _colleague(access: OrgAccess, actor: User, user_id: int) -> User:
    """A person holding a role in the organization, not the actor nor a platform admin."""
    user = get_object_or_404(
        User.objects.filter(role_assignments__organization=access.organization).distinct(),
        pk=user_id,
    )
    if user.pk == actor.pk or user.is_superuser:
        raise Http404
    return user


@never_cache
@org_view("core.second_factor:reset")
def second_factor_reset(request: HttpRequest, access: OrgAccess, user_id: int) -> HttpResponse:
    """Lost phone: remove a colleague's authenticator and recovery codes, after confirming.

    The office acts with its own second factor verified; the reset is in the audit log."""
    actor = current_user(request)
    colleague = _colleague(access, actor, user_id)
    if not otp.is_verified(request):
        return otp.second_factor_redirect(request, request.path)
    if request.method == "POST":
        otp.second_factor_reset(actor=actor, organization=access.organization, user=colleague)
        messages.success(
            request,
            _(
                "Secondo fattore di %(name)s azzerato: al prossimo accesso ai dati particolari "
                "configurerà di nuovo l'app."
            )
            % {"name": colleague},
        )
        return redirect("people", org_slug=access.organization.slug)
    context = {"colleague": colleague, "has_device": otp.has_second_factor(colleague)}
    return render(request, "core/second_factor_reset.html", context)
