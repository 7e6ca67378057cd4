"""Settling a period: the pure settlement over the stored data, stored once and never
changed. The same inputs and parameters give the same hash: the stored run is returned."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopnet.core.audit import log_action
from coopnet.core.models import Organization, User
from coopnet.core.parameters import ParameterMissingError

from .. import law, selectors
from ..models import Settlement
from ..settlement import result_json, settle

MAX_DAYS = 366


@transaction.atomic
def settlement_run(
    *, organization: Organization, actor: User | None, first_day: dt.date, last_day: dt.date
) -> Settlement:
    """Settle ``[first_day, last_day]``; a period with missing data is stored as not final."""
    if last_day < first_day:
        raise ValidationError({"last_day": _("La fine del periodo è prima del suo inizio.")})
    if (last_day - first_day).days >= MAX_DAYS:
        raise ValidationError({"last_day": _("Si ripartisce al massimo un anno alla volta.")})
    try:
        params = law.settlement_parameters(first_day)
        inputs = selectors.settlement_inputs(organization, first_day, last_day)
    except ParameterMissingError as error:
        raise ValidationError({"first_day": error.user_message()}) from error
    result = settle(inputs, params)
    stored = (
        selectors.settlements(organization)
        .filter(first_day=first_day, last_day=last_day, input_hash=result.input_hash)
        .first()
    )
    if stored is not None:
        return stored
    document = result_json(result)
    document["warnings"] = law.warnings(first_day)
    settlement = Settlement(
        organization=organization,
        created_by=actor,
        first_day=first_day,
        last_day=last_day,
        input_hash=result.input_hash,
        parameters={
            **params.as_json(),
            "fc_eur_mwh": {c.code: str(c.fc_eur_mwh) for c in inputs.configurations},
        },
        result=document,
        final=result.final,
    )
    settlement.save()
    log_action(
        actor=actor,
        organization=organization,
        action="energy.settlement.create",
        obj=settlement,
        after={
            "first_day": first_day.isoformat(),
            "last_day": last_day.isoformat(),
            "final": result.final,
            "premium_eur": document["premium_eur"],
        },
    )
    return settlement
