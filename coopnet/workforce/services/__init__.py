"""Writes of the workforce app, one module per subject; each atomic, validated with Italian
messages (naming the rule where there is one) and audited.

``employment`` (employment periods, qualifications), ``volunteers`` (the register, insurance,
reimbursements), ``hours`` (hours recorded by staff, proposed by volunteers, reviewed),
``vault_access`` (who may see special-category data, and its access log) and ``vault`` (the
only writes of special-category data).
"""

from . import vault, vault_access
from .employment import (
    employment_create,
    employment_end,
    employment_update,
    qualification_create,
    qualification_update,
)
from .hours import hours_propose, hours_record, hours_review, hours_withdraw
from .volunteers import insurance_add, reimbursement_record, volunteer_register, volunteer_update

__all__ = [
    "employment_create",
    "employment_end",
    "employment_update",
    "hours_propose",
    "hours_record",
    "hours_review",
    "hours_withdraw",
    "insurance_add",
    "qualification_create",
    "qualification_update",
    "reimbursement_record",
    "vault",
    "vault_access",
    "volunteer_register",
    "volunteer_update",
]
