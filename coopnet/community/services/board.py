"""The board of offers and requests, and the exchange recorded from one of its lines.

An offer that looks like a service the cooperative sells (its care catalogue, by name) is
marked for the manager: the time bank helps neighbours, it must not replace paid work.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet.care.selectors import service_types
from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import Organization, User

from ..models import Account, Offer, OfferKind, Transfer
from .ledger import audit_transfer, close_row, legs, record

OFFER_FIELDS = ("kind", "category", "title", "description")
# Words too common to tell one service from another.
GENERIC = {"servizio", "servizi", "assistenza", "aiuto", "attivita", "persone", "persona"}
STEM = 5  # "pulizia" and "pulizie", "domiciliare" and "domicilio" share their first letters


def _stems(text: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z]{4,}", plain)
    return {w[:STEM] for w in words if w not in GENERIC}


def service_match(organization: Organization, title: str, description: str) -> str:
    """The name of the first active service of the catalogue the offer's words recall."""
    offered = _stems(f"{title} {description}")
    for service in service_types(organization, active_only=True).only("name"):
        if _stems(service.name) & offered:
            return service.name
    return ""


def _check_author(organization: Organization, account: Account) -> None:
    if account.organization_id != organization.pk or not account.personal:
        raise ValidationError({"account": _("Serve un conto personale di questa banca.")})
    if not account.is_open:
        raise ValidationError({"account": _("Il conto è chiuso.")})


@transaction.atomic
def offer_create(*, actor: User | None, account: Account, data: Mapping[str, Any]) -> Offer:
    """Put an offer or a request on the board."""
    organization = account.organization
    _check_author(organization, account)
    category = data["category"]
    if category.organization_id != organization.pk or not category.active:
        raise ValidationError({"category": _("Scegli una categoria della bacheca.")})
    title = str(data["title"]).strip()
    if not title:
        raise ValidationError({"title": _("Scrivi che cosa offri o cerchi.")})
    description = str(data.get("description", "")).strip()
    offer = Offer.objects.create(
        organization=organization,
        account=account,
        kind=data["kind"],
        category=category,
        title=title,
        description=description,
        service_match=service_match(organization, title, description)
        if data["kind"] == OfferKind.OFFER
        else "",
    )
    log_action(
        actor=actor,
        organization=organization,
        action="community.offer.create",
        obj=offer,
        after=snapshot(offer),
    )
    return offer


@transaction.atomic
def offer_close(*, actor: User | None, offer: Offer) -> Offer:
    close_row(actor, offer, "community.offer.close", _("L'annuncio è già chiuso."))
    return offer


@transaction.atomic
def exchange_from_offer(
    *,
    actor: User | None,
    offer: Offer,
    counterpart: Account,
    minutes: int,
    performed_on: dt.date | None = None,
    note: str = "",
    idempotency_key: str = "",
) -> Transfer:
    """The help of a board line given: for an offer its author gave it to ``counterpart``,
    for a request ``counterpart`` gave it to the author. Whoever received the help pays."""
    if not offer.is_open:
        raise ValidationError(_("L'annuncio è chiuso."))
    if minutes <= 0:
        raise ValidationError({"minutes": _("Indica un numero intero di minuti maggiore di zero.")})
    helper, helped = (
        (offer.account, counterpart)
        if offer.kind == OfferKind.OFFER
        else (counterpart, offer.account)
    )
    transfer, new = record(
        actor=actor,
        organization=offer.organization,
        parts=legs([(helped, minutes)], [(helper, minutes)]),
        category=offer.category,
        performed_on=performed_on,
        note=note or offer.title,
        idempotency_key=idempotency_key,
        offer=offer,
    )
    if new:
        audit_transfer(actor, transfer, "community.transfer.create")
    return transfer
