"""Reminders of the reports agreements owe: the lines that say what is due or overdue, and the
e-mail to the people who keep the commons register (coop_admin, coordinator)."""

from __future__ import annotations

import datetime as dt

from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coopnet.core.models import Organization, Role, RoleAssignment

from .selectors import DueReport

# How many days ahead a report is announced.
REMINDER_DAYS = 30


def when(due: DueReport) -> str:
    """«scade oggi», «scade tra 3 giorni», «scaduta da 3 giorni»."""
    left = due.days_left
    if left == 0:
        return _("scade oggi")
    if left > 0:
        return ngettext("scade domani", "scade tra %(n)d giorni", left) % {"n": left}
    return ngettext("scaduta da ieri", "scaduta da %(n)d giorni", -left) % {"n": -left}


def line(due: DueReport, base_url: str = "") -> str:
    duty = due.duty
    agreement = duty.agreement
    url = reverse("community:agreement", args=[agreement.organization.slug, agreement.pk])
    return _("%(day)s · %(title)s · %(agreement)s (%(asset)s): %(when)s. %(url)s") % {
        "day": date_format(duty.due_date, "d/m/Y"),
        "title": duty.title,
        "agreement": agreement.title,
        "asset": agreement.asset.name,
        "when": when(due),
        "url": base_url.rstrip("/") + url,
    }


def recipients(organization: Organization) -> list[str]:
    """The e-mail addresses of the active users who keep the commons register."""
    return sorted(
        set(
            RoleAssignment.objects.for_org(organization)
            .filter(role__in=(Role.COOP_ADMIN, Role.COORDINATOR), user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def message(
    organization: Organization, due: list[DueReport], as_of: dt.date, base_url: str = ""
) -> EmailMessage | None:
    """The reminder for ``organization``, or None when nothing is due or nobody receives it."""
    to = recipients(organization)
    if not due or not to:
        return None
    subject = _("%(org)s: relazioni dei patti da consegnare (%(day)s)") % {
        "org": organization.short_name,
        "day": date_format(as_of, "d/m/Y"),
    }
    intro = _("Relazioni delle attività dovute ai comuni e non ancora scritte:")
    body = "\n".join([intro, "", *(f"- {line(d, base_url)}" for d in due)])
    return EmailMessage(subject=subject, body=body, to=to)
