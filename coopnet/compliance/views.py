"""Compliance pages: dashboard, one rule in detail, trend, and the consortium matrix."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.access import OrgAccess
from coopnet.core.dates import query_date
from coopnet.core.decorators import org_view
from coopnet.core.exports import FORMATS, csv_response, xlsx_response

from . import engine
from .charts import line_chart
from .findings import Status
from .privacy import for_viewer, trend_for_viewer
from .rules import RULES, RULES_BY_ID
from .selectors import affiliated_organizations

PERMISSION = "compliance.findings:read"


def _as_of(request: HttpRequest) -> tuple[dt.date, str]:
    """The as-of day from ``?as_of=YYYY-MM-DD`` (today by default) and an error, if any."""
    today = timezone.localdate()
    as_of = query_date(request, "as_of", default=today)
    error = engine.unsupported_date_error(as_of)
    return (today, error) if error else (as_of, "")


@org_view(PERMISSION)
def dashboard(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    as_of, error = _as_of(request)
    findings = [for_viewer(f, access) for f in engine.run(access.organization, as_of)]
    worst_first = sorted(zip(RULES, findings, strict=True), key=lambda row: -row[1].status.severity)
    summary = Counter(f.status for f in findings)
    return render(
        request,
        "compliance/dashboard.html",
        {
            "org": access.organization,
            "as_of": as_of,
            "error": error,
            "rows": [row for row in worst_first if row[1].status != Status.NOT_APPLICABLE],
            "not_applicable": [
                row for row in worst_first if row[1].status == Status.NOT_APPLICABLE
            ],
            "summary": [(status, summary.get(status, 0)) for status in Status],
            "is_group": engine.is_group(access.organization),
        },
    )


@org_view(PERMISSION)
def rule_detail(request: HttpRequest, access: OrgAccess, rule_id: str) -> HttpResponse:
    rule = RULES_BY_ID.get(rule_id)
    if rule is None:
        raise Http404
    as_of, error = _as_of(request)
    finding = for_viewer(rule.check(access.organization, as_of), access)
    return render(
        request,
        "compliance/rule.html",
        {"org": access.organization, "as_of": as_of, "error": error, "rule": rule, "f": finding},
    )


@org_view(PERMISSION)
def trend(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    as_of, error = _as_of(request)
    points = trend_for_viewer(engine.trend(access.organization, as_of), access)
    labels = [p.day.strftime("%m/%Y") for p in points]
    ratios = [
        (_("D/T"), "chart-line-1", [p.share_of_workers for p in points]),
        (
            _("D/(T-D), lettura INPS"),
            "chart-line-2",
            [p.share_of_non_disadvantaged for p in points],
        ),
        (_("soci volontari"), "chart-line-3", [p.volunteer_share for p in points]),
    ]
    shown = [s for s in ratios if any(v is not None for v in s[2])]
    charts = []
    if shown:
        charts.append(line_chart(_("Quote (%)"), labels, shown, percent=True))
    charts.append(
        line_chart(
            _("Numero di soci"),
            labels,
            [(_("soci"), "chart-line-4", [p.members for p in points])],
            percent=False,
        )
    )
    return render(
        request,
        "compliance/trend.html",
        {
            "org": access.organization,
            "as_of": as_of,
            "error": error,
            "points": points,
            "charts": charts,
            "has_workers": any(p.workers is not None for p in points),
            "has_volunteer_share": any(p.volunteer_share is not None for p in points),
        },
    )


@org_view(PERMISSION)
def matrix(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Affiliated cooperatives x rules; findings are counts, so the consortium may see them."""
    if not engine.is_group(access.organization):
        raise Http404
    as_of, error = _as_of(request)
    members = affiliated_organizations(access.organization, as_of)
    findings = engine.run_many(members, as_of)
    rows = [(org, findings[org.pk]) for org in members]
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        return _matrix_export(access, as_of, rows, fmt)
    return render(
        request,
        "compliance/matrix.html",
        {
            "org": access.organization,
            "as_of": as_of,
            "error": error,
            "rules": RULES,
            "rows": rows,
            "statuses": list(Status),
        },
    )


def _matrix_export(access: OrgAccess, as_of: dt.date, rows: list, fmt: str) -> HttpResponse:
    header = [_("Cooperativa"), _("Tipo"), *(f"{rule.title} ({rule.id})" for rule in RULES)]
    data = (
        [org.short_name, org.get_kind_display(), *(f.status.label for f in findings)]
        for org, findings in rows
    )
    make = csv_response if fmt == "csv" else xlsx_response
    return make(f"conformita-{access.organization.slug}-{as_of:%Y%m%d}", header, data)
