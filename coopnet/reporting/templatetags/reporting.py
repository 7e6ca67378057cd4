"""``{% consortium_figures group %}``: the consortium page's table of its members' figures
(a tag, so that the network app's page shows figures of higher apps without importing them);
``value|measure:unit``: an indicator's value in its unit, Italian style; ``count|people``: a
count of people of a published aggregate, «n.d.» where hidden (R-GDPR-5);
``{% shown row value %}``: a report table's value, «n.d.» where the published report hides it;
``{% public_reports org %}``: the profile's links to the approved social reports; ``{% network_row
row %}``: a row of a network's figures (a tag, not an include per row: a network has hundreds).
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Any

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from coopnet.core import formatting
from coopnet.core.models import Organization

from ..consortium import MemberFigures
from ..document import published_reports
from ..indicators.catalogue import Unit
from ..models import IndicatorValue
from ..selectors import IndicatorRow
from ..selectors import consortium_figures as figures_of

register = template.Library()


@register.inclusion_tag("reporting/_consortium_figures.html")
def consortium_figures(group: Organization) -> dict[str, Any]:
    return {"org": group, "figures": figures_of(group, timezone.localdate())}


@register.filter
def measure(value: Decimal | None, unit: str) -> str:
    """1234.5 € -> "1.234,50 €"; 27.35 % -> "27,4%"; 3.2 x -> "3,20 volte"; hours as hours."""
    if value is None:
        return formatting.number(None)
    if unit == Unit.EUR:
        return formatting.money(value)
    if unit == Unit.HOURS:
        return formatting.hours(value)
    if unit == Unit.PERCENT:
        return formatting.percent(value / 100)
    if unit == Unit.RATIO:
        return f"{formatting.number(value, 2)} {_('volte')}"
    return formatting.number(value.normalize() if value == value.to_integral_value() else value)


@register.filter
def people(value: int | None) -> str:
    """A count of people in Italian style, or «n.d.» when suppressed (``None``)."""
    return _("n.d.") if value is None else formatting.number(value)


@register.simple_tag
def shown(row: IndicatorRow, value: IndicatorValue) -> str:
    """``value`` of ``row`` in its unit, or «n.d.» when the published report hides it."""
    return _("n.d.") if value.breakdown in row.hidden else measure(value.value, row.indicator.unit)


@register.inclusion_tag("reporting/_public_reports.html")
def public_reports(organization: Organization) -> dict[str, Any]:
    """The profile's section of the approved social reports (nothing when none)."""
    return {"org": organization, "reports": published_reports(organization)}


@register.simple_tag
def network_row(row: MemberFigures) -> SafeString:
    """A ``consortium.MemberFigures`` as a table row, Italian style, «n.d.» where hidden.
    Plain strings escaped once each, not ``format_html`` per cell: a network has hundreds of
    rows (a third of a 300-row table's time went to its per-cell machinery)."""
    share = row.disadvantaged_share
    disadvantaged = people(row.disadvantaged)
    if share is not None:
        disadvantaged += f" ({formatting.percent(share)})"
    numbers = (
        people(row.members),
        people(row.workers),
        disadvantaged,
        people(row.beneficiaries),
        formatting.hours(row.care_hours),
        formatting.number(row.comuni),
        formatting.money(row.public_revenue),
    )
    cells = "".join([f'<td class="num">{escape(cell)}</td>' for cell in numbers])
    return mark_safe(  # noqa: S308  every value is escaped above
        f'<tr><th scope="row">{escape(row.name)}</th><td>{escape(row.kind)}</td>{cells}</tr>'
    )
