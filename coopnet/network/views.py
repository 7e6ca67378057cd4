"""Network pages: directory, organization profile and its edit pages, consortium page,
strawberry fields, and the comune suggestions used by the edit form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from coopnet.core.access import OrgAccess, visible_organizations
from coopnet.core.decorators import org_view
from coopnet.core.exports import FORMATS
from coopnet.core.models import Organization, OrganizationKind, User, in_network
from coopnet.core.web import current_user, form_page, get_or_404

from . import exports, selectors, services
from .forms import (
    AffiliationEndForm,
    AffiliationForm,
    DirectoryFilterForm,
    IncubationForm,
    OrganizationCreateForm,
    OrganizationForm,
)
from .rules import legal_name_notice

PAGE_SIZE = 50
# Directory columns: (sort key or "" when not sortable, header).
COLUMNS = (
    ("name", gettext_lazy("Organizzazione")),
    ("kind", gettext_lazy("Tipo")),
    ("cf", gettext_lazy("Codice fiscale")),
    ("comune", gettext_lazy("Comune")),
    ("province", gettext_lazy("Prov.")),
    ("ateco", gettext_lazy("ATECO")),
    ("", gettext_lazy("Consorzi")),
)


def _sort(request: HttpRequest) -> str:
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    return sort if sort.removeprefix("-") in selectors.SORTS else selectors.DEFAULT_SORT


def _columns(sort: str) -> list[dict[str, Any]]:
    """Header cells with the link that sorts by them (again: the other way round)."""
    columns = []
    for key, label in COLUMNS:
        state = ""
        if key and sort.removeprefix("-") == key:
            state = "descending" if sort.startswith("-") else "ascending"
        columns.append(
            {
                "key": key,
                "label": label,
                "state": state,
                "next": f"-{key}" if state == "ascending" else key,
            }
        )
    return columns


def _export_format(request: HttpRequest) -> str:
    fmt = request.GET.get("format", "")
    return fmt if fmt in FORMATS else ""


def _list_context(request: HttpRequest, rows: QuerySet[Organization], sort: str) -> dict[str, Any]:
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return {"page": page, "columns": _columns(sort), "sort": sort}


@login_required
@vary_on_headers("HX-Request")
def directory(request: HttpRequest) -> HttpResponse:
    """The organizations the user may see, searched, filtered, sorted, paginated, exported
    (never the platform's own organization: it is no member of the network)."""
    visible = in_network(visible_organizations(current_user(request)))
    form = DirectoryFilterForm(request.GET, consortia=selectors.consortium_choices(visible))
    form.is_valid()
    sort = _sort(request)
    rows = selectors.directory(visible, form.filters(sort))
    fmt = _export_format(request)
    if fmt:
        return exports.organizations_export(rows, fmt=fmt, basename="rete")
    context = {"form": form, **_list_context(request, rows, sort)}
    htmx = request.htmx  # type: ignore[attr-defined]
    if htmx and not htmx.history_restore_request:  # a history restore needs the whole page
        return render(request, "network/_directory_results.html", {**context, "partial": True})
    return render(request, "network/directory.html", context)


@org_view("network.org:read")
def profile(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    data = selectors.organization_profile(access.organization, user=current_user(request))
    context = {"org": data.organization, "profile": data}
    return render(request, "network/profile.html", context)


@org_view("network.org:write")
def organization_edit(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Edit registry data, sectors and territory through ``services.organization_update``."""
    # A fresh copy: a refused update must not leave changed values on the page's organization.
    organization = selectors.organization_detail(access.organization)
    form = OrganizationForm(
        request.POST or None,
        request.FILES or None,
        organization=organization,
        identity_editable=current_user(request).is_platform_admin,
    )

    def then(updated: Organization) -> HttpResponse:
        notice = legal_name_notice(updated.kind, updated.legal_name)
        if notice is not None:
            messages.warning(request, str(notice))
        return redirect("network:profile", org_slug=updated.slug)

    return form_page(
        request,
        form,
        lambda: services.organization_update(
            actor=current_user(request),
            organization=organization,
            **form.profile(),
        ),
        _("Dati dell'organizzazione salvati."),
        then,
        "network/organization_form.html",
        {"org": access.organization},
    )


def _create(request: HttpRequest, consortium: Organization | None) -> HttpResponse:
    """The new-organization page; created by consortium staff, it joins their consortium."""
    form = OrganizationCreateForm(
        request.POST or None, request.FILES or None, consortium=consortium
    )

    def then(organization: Organization) -> HttpResponse:
        if visible_organizations(current_user(request)).filter(pk=organization.pk).exists():
            return redirect("network:profile", org_slug=organization.slug)
        assert consortium is not None  # the platform admin sees every organization
        return redirect("network:consortium", org_slug=consortium.slug)

    return form_page(
        request,
        form,
        lambda: services.organization_create(
            actor=current_user(request),
            **form.profile(),
            consortium=consortium,
            joined_on=form.cleaned_data.get("joined_on") or timezone.localdate(),
        ),
        _("Organizzazione registrata."),
        then,
        "network/organization_create.html",
        {"consortium": consortium},
    )


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    """A new organization of the network, outside any consortium: for the platform admin."""
    if not current_user(request).is_platform_admin:
        raise Http404
    return _create(request, None)


@org_view("network.affiliates:create")
def affiliate_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """A new organization registered by a consortium (or federation), affiliated to it."""
    if access.organization.kind not in OrganizationKind.groups():
        raise Http404
    return _create(request, access.organization)


def _group_choices(user: User, organization: Organization) -> QuerySet[Organization]:
    return (
        visible_organizations(user)
        .filter(kind__in=OrganizationKind.groups())
        .exclude(pk=organization.pk)
        .order_by("short_name")
    )


def _link_page(
    request: HttpRequest,
    access: OrgAccess,
    form: Form,
    template: str,
    write: Callable[..., object],
    message: str,
    **subject: Any,
) -> HttpResponse:
    """A page recording a link of the organization (an affiliation, its end, an incubation):
    a valid form goes to ``write`` with ``subject`` and the form's fields, then to the profile."""
    organization = access.organization
    return form_page(
        request,
        form,
        lambda: write(actor=current_user(request), **{**subject, **form.cleaned_data}),
        message,
        lambda _done: redirect("network:profile", org_slug=organization.slug),
        template,
        {"org": organization, **subject},
    )


@org_view("network.links:write")
def affiliation_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    groups = _group_choices(current_user(request), access.organization)
    form = AffiliationForm(request.POST or None, groups=groups)
    return _link_page(
        request,
        access,
        form,
        "network/affiliation_form.html",
        services.affiliation_create,
        _("Adesione registrata."),
        organization=access.organization,
    )


@org_view("network.links:write")
@require_http_methods(["GET", "POST"])
def affiliation_end(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    affiliation = get_or_404(selectors.affiliation, access.organization, pk)
    form = AffiliationEndForm(request.POST if request.method == "POST" else None)
    return _link_page(
        request,
        access,
        form,
        "network/affiliation_end.html",
        services.affiliation_end,
        _("Adesione chiusa."),
        affiliation=affiliation,
    )


@org_view("network.links:write")
def incubation_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organization = access.organization
    children = (
        in_network(visible_organizations(current_user(request)))
        .exclude(pk=organization.pk)
        .order_by("short_name")
    )
    form = IncubationForm(request.POST or None, children=children)
    return _link_page(
        request,
        access,
        form,
        "network/incubation_form.html",
        services.incubation_create,
        _("Incubazione registrata."),
        organization=organization,
    )


@org_view("network.aggregates:read")
@vary_on_headers("HX-Request")
def consortium(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """A consortium's or federation's members today, with counts by kind and by province."""
    group = access.organization
    if group.kind not in OrganizationKind.groups():
        raise Http404
    members = selectors.consortium_members(group)
    sort = _sort(request)
    rows = selectors.directory(members, selectors.DirectoryFilters(sort=sort))
    fmt = _export_format(request)
    if fmt:
        return exports.organizations_export(rows, fmt=fmt, basename=f"aderenti-{group.slug}")
    context = _list_context(request, rows, sort)
    visible_ids = set(
        visible_organizations(current_user(request))
        .filter(pk__in=[o.pk for o in context["page"]])
        .values_list("pk", flat=True)
    )
    context.update(
        org=group,
        visible_ids=visible_ids,
        by_kind=selectors.members_by_kind(members),
        by_province=selectors.members_by_province(members, unknown=_("sede non indicata")),
    )
    return render(request, "network/consortium.html", context)


@login_required
def strawberry_fields(request: HttpRequest) -> HttpResponse:
    """Incubation lineage (R-NET-3) over the organizations the user may see."""
    visible = in_network(visible_organizations(current_user(request)))
    root = None
    if request.GET.get("root"):
        root = get_object_or_404(visible, slug=request.GET["root"])
    lineage = selectors.incubation_lineage(visible, root=root)
    return render(request, "network/strawberry_fields.html", {"lineage": lineage, "root": root})


@login_required
@require_GET
def comuni(request: HttpRequest) -> HttpResponse:
    """Up to 20 comuni matching ``q``: an HTML list of suggestions for the edit form."""
    matches = selectors.comuni_search(request.GET.get("q", ""))
    return render(
        request, "network/_comuni.html", {"comuni": matches, "q": request.GET.get("q", "")}
    )
