"""Writes of the care services app, one module per subject.

``catalogue`` (service types, funding, rates, scheduling settings), ``care`` (beneficiaries and
care plans), ``carers`` (carers, absences, calendar links), ``family`` (the family's
read-only link to a beneficiary's visits), ``visits`` (generation, lifecycle,
corrections, manual assignment), ``planning`` (solver runs and applying them). Health notes
are written only by ``coopnet.care.health``.
"""
