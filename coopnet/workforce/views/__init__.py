"""Workforce pages, one module per subject; ``urls.py`` reaches them all as ``views.<name>``.

``employment`` (dashboard, employment periods, people, qualifications), ``volunteers`` (the
register and a volunteer's page), ``hours`` (hours volunteers propose, and their review),
``vault`` (special-category data behind the second factor, and the access log), ``imports``.
"""

from .employment import (
    dashboard,
    employment_create,
    employment_edit,
    employment_end,
    employment_list,
    person_detail,
    qualification_create,
)
from .hours import hours_review, own_hours_withdraw, own_volunteering, pending_hours
from .imports import import_page, import_template
from .vault import privacy_log, vault_create, vault_document, vault_edit, vault_list
from .volunteers import (
    hours_create,
    hours_summary,
    insurance_create,
    reimbursement_create,
    volunteer_create,
    volunteer_detail,
    volunteer_list,
)

__all__ = [
    "dashboard",
    "employment_create",
    "employment_edit",
    "employment_end",
    "employment_list",
    "hours_create",
    "hours_review",
    "hours_summary",
    "import_page",
    "import_template",
    "insurance_create",
    "own_hours_withdraw",
    "own_volunteering",
    "pending_hours",
    "person_detail",
    "privacy_log",
    "qualification_create",
    "reimbursement_create",
    "vault_create",
    "vault_document",
    "vault_edit",
    "vault_list",
    "volunteer_create",
    "volunteer_detail",
    "volunteer_list",
]
