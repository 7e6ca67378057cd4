"""Reads for the network pages and API."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from coopnet.core.models import Affiliation, Organization

from .models import Incubation


def organization_detail(organization: Organization) -> Organization:
    """The organization with everything its profile shows, in a fixed number of queries."""
    today = timezone.localdate()
    return (
        Organization.objects.select_related("seat_comune__province__region")
        .prefetch_related(
            "sectors",
            Prefetch("served_comuni__comune__province"),
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("group").order_by("-start_date"),
            ),
            Prefetch(
                "member_affiliations",
                queryset=Affiliation.objects.filter(Affiliation.active_on(today)).select_related(
                    "organization"
                ),
                to_attr="active_member_affiliations",
            ),
            Prefetch("incubations", queryset=Incubation.objects.select_related("child")),
            Prefetch("incubated_by", queryset=Incubation.objects.select_related("organization")),
        )
        .get(pk=organization.pk)
    )


def directory(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    """The directory rows for a set of organizations, with what each row shows."""
    return organizations.select_related("seat_comune__province__region").order_by("short_name")
