"""The care pages, one module per subject; ``urls.py`` reaches them all as ``views.<name>``.

``catalogue`` (overview, settings, catalogue, funding), ``carers``, ``beneficiaries`` (with
health notes and the family's link), ``plans``, ``day`` (the board, generating visits, the
review list), ``visits`` (one visit and its actions), ``runs`` (optimising runs), ``hours``,
``phone`` (the carer's pages and calendar feed), ``family`` (the family's page);
``_common`` holds the shapes they share.
"""

from .beneficiaries import (
    beneficiary_create,
    beneficiary_detail,
    beneficiary_edit,
    beneficiary_health,
    beneficiary_list,
    family_link,
    family_link_revoke,
)
from .carers import carer_detail, carer_form, carer_list
from .catalogue import (
    catalogue_page,
    contract_detail,
    contract_form,
    overview,
    service_type_form,
    settings_edit,
)
from .day import day_board, generate, review_list, route_sheet
from .family import family_page
from .hours import hours
from .phone import calendar_link, ics_feed, own_check_in, own_check_out, today
from .plans import line_delete, line_form, plan_detail, plan_form, plan_generate
from .runs import run_apply, run_detail, run_retry, schedule_start
from .visits import (
    visit_assign,
    visit_cancel,
    visit_check_in,
    visit_check_out,
    visit_correct,
    visit_detail,
    visit_edit,
    visit_missed,
    visit_review,
    visit_unassign,
)

__all__ = [
    "beneficiary_create",
    "beneficiary_detail",
    "beneficiary_edit",
    "beneficiary_health",
    "beneficiary_list",
    "calendar_link",
    "carer_detail",
    "carer_form",
    "carer_list",
    "catalogue_page",
    "contract_detail",
    "contract_form",
    "day_board",
    "family_link",
    "family_link_revoke",
    "family_page",
    "generate",
    "hours",
    "ics_feed",
    "line_delete",
    "line_form",
    "overview",
    "own_check_in",
    "own_check_out",
    "plan_detail",
    "plan_form",
    "plan_generate",
    "review_list",
    "route_sheet",
    "run_apply",
    "run_detail",
    "run_retry",
    "schedule_start",
    "service_type_form",
    "settings_edit",
    "today",
    "visit_assign",
    "visit_cancel",
    "visit_check_in",
    "visit_check_out",
    "visit_correct",
    "visit_detail",
    "visit_edit",
    "visit_missed",
    "visit_review",
    "visit_unassign",
]
