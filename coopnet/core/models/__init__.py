"""Core models: users, territory, organizations (the tenant), access, records and jobs."""

from .access import ApiToken, Role, RoleAssignment, UserSession
from .mixins import Created, CreatedBy, DateSpan, dates_ordered, optional_key, user_key
from .organizations import (
    Affiliation,
    AlboSection,
    LegalForm,
    Organization,
    OrganizationKind,
    OrganizationQuerySet,
    OrganizationSector,
    ServedComune,
    in_network,
)
from .people import User, UserManager
from .records import (
    AppendOnlyModel,
    AppendOnlyQuerySet,
    AuditEntry,
    Job,
    JobState,
    Parameter,
    job_file_path,
)
from .tenancy import TenantModel, TenantQuerySet, organization_key
from .territory import Comune, Province, Region

__all__ = [
    "Affiliation",
    "AlboSection",
    "ApiToken",
    "AppendOnlyModel",
    "AppendOnlyQuerySet",
    "AuditEntry",
    "Comune",
    "Created",
    "CreatedBy",
    "DateSpan",
    "Job",
    "JobState",
    "LegalForm",
    "Organization",
    "OrganizationKind",
    "OrganizationQuerySet",
    "OrganizationSector",
    "Parameter",
    "Province",
    "Region",
    "Role",
    "RoleAssignment",
    "ServedComune",
    "TenantModel",
    "TenantQuerySet",
    "User",
    "UserManager",
    "UserSession",
    "dates_ordered",
    "in_network",
    "job_file_path",
    "optional_key",
    "organization_key",
    "user_key",
]
