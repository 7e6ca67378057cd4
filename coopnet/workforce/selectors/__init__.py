"""Reads of the workforce app.

``staff`` (employment, qualifications, volunteers and their hours: no special-category data),
``vault`` (special-category data for a person's eyes, every read logged) and ``disadvantage``
(counts that name nobody). Every read of a tenant model starts from its scope.
"""

from . import disadvantage, vault
from .figures import StaffFigures, VolunteerFigures, staff_figures, volunteer_figures
from .staff import (
    APPROVED_HOURS,
    QUALIFICATION_ALERT_DAYS,
    MonthlyHours,
    WorkforceCounts,
    approved_hours_in_year,
    employment_detail,
    employments,
    expiring_qualifications,
    hours_by_month,
    in_force_on,
    insurance_gaps,
    own_hours,
    own_volunteer,
    pending_hours,
    person_detail,
    persons,
    volunteer_detail,
    volunteers,
    workforce_counts,
)

__all__ = [
    "APPROVED_HOURS",
    "QUALIFICATION_ALERT_DAYS",
    "MonthlyHours",
    "StaffFigures",
    "VolunteerFigures",
    "WorkforceCounts",
    "approved_hours_in_year",
    "disadvantage",
    "employment_detail",
    "employments",
    "expiring_qualifications",
    "hours_by_month",
    "in_force_on",
    "insurance_gaps",
    "own_hours",
    "own_volunteer",
    "pending_hours",
    "person_detail",
    "persons",
    "staff_figures",
    "vault",
    "volunteer_detail",
    "volunteer_figures",
    "volunteers",
    "workforce_counts",
]
