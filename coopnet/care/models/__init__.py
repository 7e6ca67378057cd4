"""Care services: catalogue, funding, beneficiaries, care plans (PAI), carers, visits, solver runs.

Writes go through ``coopnet.care.services``; health notes only through ``health``.
"""

from ._common import ISO_WEEKDAYS, weekday_names
from .catalogue import ContractRate, FundingContract, FundingKind, SchedulingSettings, ServiceType
from .people import (
    Absence,
    AbsenceKind,
    Beneficiary,
    Carer,
    CarerKind,
    HealthNote,
    OvertimeRule,
    TransportMode,
)
from .plans import CarePlan, CarePlanLine, CarePlanLineCarer, CarerPreference, DoubleVisitKind
from .visits import (
    CorrectionField,
    ReviewFlag,
    RunStatus,
    ScheduleRun,
    Visit,
    VisitCorrection,
    VisitStatus,
)

__all__ = [
    "ISO_WEEKDAYS",
    "Absence",
    "AbsenceKind",
    "Beneficiary",
    "CarePlan",
    "CarePlanLine",
    "CarePlanLineCarer",
    "Carer",
    "CarerKind",
    "CarerPreference",
    "ContractRate",
    "CorrectionField",
    "DoubleVisitKind",
    "FundingContract",
    "FundingKind",
    "HealthNote",
    "OvertimeRule",
    "ReviewFlag",
    "RunStatus",
    "ScheduleRun",
    "SchedulingSettings",
    "ServiceType",
    "TransportMode",
    "Visit",
    "VisitCorrection",
    "VisitStatus",
    "weekday_names",
]
