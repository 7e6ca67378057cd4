"""Writes of the care app, one module per subject; nothing outside ``services`` saves,
deletes or audits a care row (the register of reads of health notes excepted: ``health``).

``catalogue`` (service types, funding, rates, scheduling settings), ``care`` (beneficiaries and
care plans), ``carers`` (carers, absences, calendar links), ``family`` (the family's
read-only link to a beneficiary's visits), ``health`` (health notes), ``visits`` (generation,
lifecycle, corrections, manual assignment), ``planning`` (solver runs and applying them).
"""

from . import care, carers, catalogue, family, health, planning, visits

__all__ = ["care", "carers", "catalogue", "family", "health", "planning", "visits"]
