"""Account pages: home, health check, favicon, password reset, the user's profile and tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..access import landing_url, organization_landing_url, visible_organizations
from ..clients import client_ip
from ..forms import ApiTokenForm
from ..ratelimit import Limit
from ..web import current_user, get_or_404

# Each reset request sends an e-mail: limited per client address and per e-mail address, so
# neither one machine nor many can flood a mailbox.
RESET_BY_ADDRESS = Limit("core.password_reset.address", count=10, seconds=3600)
RESET_BY_EMAIL = Limit("core.password_reset.email", count=3, seconds=3600)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset request, rate limited (429 with an explanation past a limit)."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if RESET_BY_ADDRESS.exceeded(client_ip(request)):
            return _reset_limited(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if RESET_BY_EMAIL.exceeded(form.cleaned_data["email"]):
            return _reset_limited(self.request)
        return super().form_valid(form)


def _reset_limited(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/password_reset_limited.html", status=429)


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links: send them to the SVG icon."""
    return redirect(static("coopnet/favicon.svg"), permanent=True)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send the user to where their work is (``access.landing_url``)."""
    last = request.session.get("current_org", "")
    return redirect(landing_url(request.user, last_slug=last))  # type: ignore[arg-type]


@login_required
def switch_organization(request: HttpRequest) -> HttpResponse:
    """Go to one's landing page in the chosen organization; 404 for one the user cannot see."""
    slug = request.GET.get("org", "")
    if not slug:
        return redirect("home")
    user = request.user
    organization = get_object_or_404(visible_organizations(user), slug=slug)  # type: ignore[arg-type]
    return redirect(organization_landing_url(user, organization))  # type: ignore[arg-type]


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The user's roles and personal API tokens; a new token's secret is shown once."""
    user = request.user
    form = ApiTokenForm(request.POST or None, user=user)  # type: ignore[arg-type]
    new_secret = None
    if request.method == "POST" and form.is_valid():
        organization, role = form.organization_and_role()
        try:
            _token, new_secret = services.api_token_create(
                user=user,  # type: ignore[arg-type]
                organization=organization,
                role=role,
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = ApiTokenForm(user=user)  # type: ignore[arg-type]
    context = {
        "form": form,
        "new_secret": new_secret,
        "tokens": selectors.user_tokens(user),  # type: ignore[arg-type]
        "roles": selectors.user_roles(user),  # type: ignore[arg-type]
    }
    return render(request, "core/profile.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_or_404(lambda: selectors.user_tokens(current_user(request)).get(pk=token_id))
    services.api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
    messages.success(request, _("Token revocato: non funziona più."))
    return redirect("profile")
