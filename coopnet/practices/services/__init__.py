"""Every write of the practices app (``from coopnet.practices import services``)."""

from .calls import call_create, call_publish, call_update, criterion_add, question_add
from .replication import (
    mentoring_add,
    replication_ask,
    replication_decide,
    replication_incubate,
    replication_withdraw,
)
from .reviews import (
    assignment_declare,
    conflict_reason,
    decision_save,
    decisions_release,
    review_save,
    reviewers_assign,
)
from .revisions import practice_confirm, revision_approve, revision_propose, revision_reject
from .stories import story_create, story_update
from .submissions import (
    eligibility_reason,
    submission_create,
    submission_file_add,
    submission_save,
    submission_submit,
    submission_withdraw,
)

__all__ = [
    "assignment_declare",
    "call_create",
    "call_publish",
    "call_update",
    "conflict_reason",
    "criterion_add",
    "decision_save",
    "decisions_release",
    "eligibility_reason",
    "mentoring_add",
    "practice_confirm",
    "question_add",
    "replication_ask",
    "replication_decide",
    "replication_incubate",
    "replication_withdraw",
    "review_save",
    "reviewers_assign",
    "revision_approve",
    "revision_propose",
    "revision_reject",
    "story_create",
    "story_update",
    "submission_create",
    "submission_file_add",
    "submission_save",
    "submission_submit",
    "submission_withdraw",
]
