"""What an organization's statute says about membership and shares (R-CC-2525)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopnet.core.formatting import money
from coopnet.core.models import Organization, User
from coopnet.core.parameters import parameter_value
from coopnet.core.services import save_audited

from ..deadlines import ParameterLookup, legal_value
from ..models import MemberCategory, Statute

STATUTE_FIELDS = (
    "allowed_categories",
    "share_nominal_value",
    "min_shares",
    "shares_are_azioni",
    "public_admission_form",
)


def statute_for(organization: Organization) -> Statute:
    """The organization's statute settings, created with defaults on first use."""
    statute, _created = Statute.objects.for_org(organization).get_or_create(
        organization=organization,
        defaults={"allowed_categories": [c.value for c in MemberCategory]},
    )
    return statute


@transaction.atomic
def statute_update(*, actor: User, organization: Organization, data: Mapping[str, Any]) -> Statute:
    """Change what the statute says about membership and shares (R-CC-2525 checked)."""
    return save_audited(
        actor=actor,
        instance=statute_for(organization),
        data=data,
        fields=STATUTE_FIELDS,
        clean=_check_statute,
        action="members.statute.update",
    )


def _check_statute(statute: Statute) -> None:
    bad = set(statute.allowed_categories) - {c.value for c in MemberCategory}
    if bad:
        raise ValidationError({"allowed_categories": _("Categoria di socio sconosciuta.")})
    _check_nominal_value(statute, statute.share_nominal_value, timezone.localdate())
    statute.full_clean()


def _check_nominal_value(
    statute: Statute, value: Decimal, on: dt.date, lookup: ParameterLookup = parameter_value
) -> None:
    """R-CC-2525: a share is worth at least the minimum, an azione at most the maximum, as the
    law said on ``on`` (lira-era limits are on record in euro)."""
    field = "share_nominal_value"
    minimum = legal_value("cc.share_min_value", on, lookup, field=field)
    if value < minimum:
        raise ValidationError(
            {
                field: _(
                    "R-CC-2525: il valore nominale di una quota non può essere inferiore a "
                    "%(min)s (art. 2525 c.c., valore in vigore il %(on)s)."
                )
                % {"min": money(minimum), "on": f"{on:%d/%m/%Y}"}
            }
        )
    if statute.shares_are_azioni:
        maximum = legal_value("cc.share_max_value", on, lookup, field=field)
        if value > maximum:
            raise ValidationError(
                {
                    field: _(
                        "R-CC-2525: il valore nominale di un'azione non può superare %(max)s "
                        "(art. 2525 c.c., valore in vigore il %(on)s)."
                    )
                    % {"max": money(maximum), "on": f"{on:%d/%m/%Y}"}
                }
            )
