"""The platform's own organization (kind ``platform``, slug ``COOPNET_PLATFORM_SLUG``): the
organizer of the calls for good practices the platform runs. Platform administrators act in
it as in every organization; it is never a member of the network, so the lists of
organizations leave it out (``Organization.objects.in_network()``).

It is created on first use, not by a data migration: a migration would put it in every
database, the empty one ``seed_demo --if-empty`` seeds and every test's, where nothing needs it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from .audit import log_action, snapshot
from .models import Organization, OrganizationKind, User

PLATFORM_NAME = "coopnet"


def platform_slug() -> str:
    return str(settings.COOPNET_PLATFORM_SLUG)


@transaction.atomic
def platform_organization(*, actor: User | None = None) -> Organization:
    """The platform's organization, created (audited) the first time it is asked for."""
    organization, created = Organization.objects.get_or_create(
        slug=platform_slug(),
        defaults={
            "kind": OrganizationKind.PLATFORM,
            "legal_name": PLATFORM_NAME,
            "short_name": PLATFORM_NAME,
        },
    )
    if created:
        log_action(
            actor=actor,
            organization=organization,
            action="core.platform.create",
            obj=organization,
            after=snapshot(organization),
        )
    return organization
