"""Billing data an organization keeps for itself and its customers (see ``BillingProfile``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coopnet.core.models import Organization, User
from coopnet.core.services import save_audited

from ..models import BillingProfile

FIELDS = ("street", "postcode", "city", "province", "recipient_code", "pec")


def billing_profile_save(
    *, actor: User | None, organization: Organization, party: Organization, data: Mapping[str, Any]
) -> BillingProfile:
    """Create or update ``organization``'s billing data for ``party`` (itself or a customer)."""
    profile = BillingProfile.objects.for_org(organization).filter(party=party).first()
    return save_audited(
        actor=actor,
        instance=profile or BillingProfile(organization=organization, party=party),
        data=data,
        fields=FIELDS,
        clean=lambda p: p.full_clean(),
        action="contracts.billing.save",
    )
