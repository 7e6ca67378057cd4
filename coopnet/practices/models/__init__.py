"""Models of the practices app (``from coopnet.practices.models import X``): calls in
``calls.py``, submissions in ``submissions.py``, their review in ``reviews.py``, the public
catalogue in ``catalogue.py``, its revisions in ``revisions.py``, the requests to replicate a
practice in ``replication.py``, news posts in ``stories.py``, vocabularies in ``codes.py``."""

from .calls import (
    CALL_FIELDS,
    COOPERATIVE_KINDS,
    ORGANIZER_KINDS,
    Call,
    Criterion,
    Eligibility,
    Question,
    QuestionKind,
)
from .catalogue import REVISION_FIELDS, Practice
from .codes import Licence, Sdg, Theme, codes_labels, codes_list, codes_text
from .replication import Mentoring, ReplicationRequest, ReplicationState
from .reviews import Assignment, Score
from .revisions import PracticeRevision, RevisionState
from .stories import STORY_FIELDS, Story
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
    "ORGANIZER_KINDS",
    "REQUIRED_TO_SUBMIT",
    "REVISION_FIELDS",
    "STORY_FIELDS",
    "SUBMISSION_FIELDS",
    "Answer",
    "Assignment",
    "Call",
    "Criterion",
    "Decision",
    "Eligibility",
    "FileKind",
    "Licence",
    "Mentoring",
    "Practice",
    "PracticeRevision",
    "Question",
    "QuestionKind",
    "ReplicationRequest",
    "ReplicationState",
    "RevisionState",
    "Score",
    "Sdg",
    "Story",
    "Submission",
    "SubmissionFile",
    "SubmissionState",
    "Theme",
    "codes_labels",
    "codes_list",
    "codes_text",
]
