"""Models of the practices app (``from coopnet.practices.models import X``): calls in
``calls.py``, submissions in ``submissions.py``, their review in ``reviews.py``, the public
catalogue in ``catalogue.py``, vocabularies in ``codes.py``."""

from .calls import (
    CALL_FIELDS,
    COOPERATIVE_KINDS,
    Call,
    Criterion,
    Eligibility,
    Question,
    QuestionKind,
)
from .catalogue import Practice
from .codes import Licence, Sdg, Theme, codes_labels, codes_list, codes_text
from .reviews import Assignment, Score
from .submissions import (
    ACCEPTED,
    REQUIRED_TO_SUBMIT,
    SUBMISSION_FIELDS,
    Answer,
    Decision,
    FileKind,
    Submission,
    SubmissionFile,
    SubmissionState,
)

__all__ = [
    "ACCEPTED",
    "CALL_FIELDS",
    "COOPERATIVE_KINDS",
    "REQUIRED_TO_SUBMIT",
    "SUBMISSION_FIELDS",
    "Answer",
    "Assignment",
    "Call",
    "Criterion",
    "Decision",
    "Eligibility",
    "FileKind",
    "Licence",
    "Practice",
    "Question",
    "QuestionKind",
    "Score",
    "Sdg",
    "Submission",
    "SubmissionFile",
    "SubmissionState",
    "Theme",
    "codes_labels",
    "codes_list",
    "codes_text",
]
