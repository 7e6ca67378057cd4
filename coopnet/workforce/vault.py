"""The special-category vault in one name, for the apps that use it (compliance, reporting,
demo) and the tests: every read and change of ``DisadvantagedStatus`` for a person's eyes.

Nothing is defined here. Access control and its log are in ``services.vault_access``, the
logged reads in ``selectors.vault``, the counts that name nobody (not logged; the compliance
engine also counts these rows in ``compliance.disadvantage``) in ``selectors.disadvantage``,
the changes in ``services.vault``.
"""

from .selectors.disadvantage import (
    MIN_CELL_SIZE,
    DisadvantagedCounts,
    WorkforceCounts,
    cell_is_safe,
    disadvantaged_counts,
    disadvantaged_periods,
    workforce_counts_by_organization,
)
from .selectors.vault import (
    CERTIFICATE_ALERT_DAYS,
    Certificate,
    aggregate_read,
    expiring_certificates,
    expiring_certificates_count,
    status_document,
    status_export,
    status_get,
    status_list,
)
from .services.vault import (
    documents_rotate,
    status_create,
    status_import,
    status_update,
)
from .services.vault_access import (
    READ,
    USER_PURPOSES,
    WRITE,
    SecondFactorRequired,
    VaultAccessDenied,
    admit,
    authorize,
    authorize_import,
    can_read,
    can_write,
    log_access_log_export,
)

__all__ = [
    "CERTIFICATE_ALERT_DAYS",
    "MIN_CELL_SIZE",
    "READ",
    "USER_PURPOSES",
    "WRITE",
    "Certificate",
    "DisadvantagedCounts",
    "SecondFactorRequired",
    "VaultAccessDenied",
    "WorkforceCounts",
    "admit",
    "aggregate_read",
    "authorize",
    "authorize_import",
    "can_read",
    "can_write",
    "cell_is_safe",
    "disadvantaged_counts",
    "disadvantaged_periods",
    "documents_rotate",
    "expiring_certificates",
    "expiring_certificates_count",
    "log_access_log_export",
    "status_create",
    "status_document",
    "status_export",
    "status_get",
    "status_import",
    "status_list",
    "status_update",
    "workforce_counts_by_organization",
]
