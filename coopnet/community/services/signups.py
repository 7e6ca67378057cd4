"""A resident's offer of help on an asset, sent from its public page (no login)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action

from ..models import Asset, Signup

PHONE = re.compile(r"\+?[\d\s./-]{6,40}")


def split_contact(contact: str) -> tuple[str, str]:
    """(e-mail, phone) of what a resident typed as their contact; ValueError if neither."""
    contact = contact.strip()
    if "@" in contact:
        validate_email(contact)
        return contact.lower(), ""
    if PHONE.fullmatch(contact) and sum(c.isdigit() for c in contact) >= 6:
        return "", contact
    raise ValueError(contact)


@transaction.atomic
def signup_create(*, asset: Asset, name: str, contact: str, offer: str, consent: bool) -> Signup:
    """Record a resident's offer of help, a private row of the asset's cooperative."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Scrivi il tuo nome e cognome.")
    email = phone = ""
    try:
        email, phone = split_contact(contact)
    except (ValueError, ValidationError):
        errors["contact"] = _(
            "Scrivi un indirizzo e-mail valido o un numero di telefono (almeno 6 cifre)."
        )
    if not offer.strip():
        errors["offer"] = _("Scrivi che cosa puoi fare, anche in poche parole.")
    if not consent:
        errors["consent"] = _("Per mandare l'adesione serve il consenso al trattamento dei dati.")
    if errors:
        raise ValidationError(errors)
    row = Signup(
        organization_id=asset.organization_id,
        asset=asset,
        name=name.strip(),
        email=email,
        phone=phone,
        offer=offer.strip(),
        consent_at=timezone.now(),
    )
    row.full_clean(exclude=["organization", "asset"])
    row.save()
    # the resident's contacts stay in the row, out of the audit log
    log_action(
        actor=None,
        organization=asset.organization,
        action="community.signup.create",
        obj=row,
        after={"asset": asset.pk, "name": row.name},
    )
    return row
