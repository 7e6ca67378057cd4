"""Print the demo URL and the demo accounts (``make run`` calls it after ``seed_demo``)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from coopnet.core.models import Role, RoleAssignment, User

# Demo accounts are the users with an address at this domain; they all share one password.
# Both are for the demo network only: never use them on a real installation.
DEMO_EMAIL_DOMAIN = "coopnet.example"
DEMO_PASSWORD = "coopnet-demo"  # noqa: S105

_ROLE_ORDER = {role.value: i for i, role in enumerate(Role)}


def demo_login_rows() -> list[tuple[str, str, str, str]]:
    """(role, e-mail, password, organization) for every demo account, platform admin first."""
    users = (
        User.objects.filter(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}", is_active=True)
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.select_related("organization"),
            )
        )
        .order_by("email")
    )
    ranked: list[tuple[int, str, tuple[str, str, str, str]]] = []
    for user in users:
        if user.is_platform_admin:
            row = (
                _("Amministratore della piattaforma"),
                user.email,
                DEMO_PASSWORD,
                _("tutta la rete"),
            )
            ranked.append((-1, user.email, row))
        for assignment in user.role_assignments.all():
            row = (
                str(assignment.get_role_display()),
                user.email,
                DEMO_PASSWORD,
                assignment.organization.short_name,
            )
            ranked.append((_ROLE_ORDER.get(assignment.role, 99), user.email, row))
    return [row for _rank, _email, row in sorted(ranked)]


class Command(BaseCommand):
    help = "Print the demo URL and a table of the demo logins (role, e-mail, password, org)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port",
            default=os.environ.get("PORT", "8000"),
            help="Port of the demo server (default: $PORT or 8000).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            rows = demo_login_rows()
            self.stdout.write(
                _("coopnet demo: %(url)s") % {"url": f"http://127.0.0.1:{options['port']}"}
            )
            if not rows:
                self.stdout.write(
                    _("Nessun accesso demo: esegui «manage.py seed_demo» per creare la rete demo.")
                )
                return
            self.stdout.write(
                _("Password comune, solo per la demo: %(password)s") % {"password": DEMO_PASSWORD}
            )
            header = (_("Ruolo"), _("E-mail"), _("Password"), _("Organizzazione"))
            widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
            for row in [header, tuple("-" * w for w in widths), *rows]:
                self.stdout.write(
                    "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
                )
