"""Writes of the public catalogue: an accepted submission becomes a practice (on the day the
decisions are released), with the normalized words its search reads."""

from __future__ import annotations

import datetime as dt

from ..models import SUBMISSION_FIELDS, Practice, Submission, codes_labels
from ..models.codes import Sdg, Theme
from ..search import normalize

# What a practice copies of its submission: all the applicant wrote but the contacts.
PUBLISHED_FIELDS = tuple(f for f in SUBMISSION_FIELDS if not f.startswith("contact_"))


def search_text(practice: Practice) -> str:
    """The practice's words as the search compares them (title, texts, place, themes)."""
    parts = [
        practice.title,
        practice.summary,
        practice.problem,
        practice.actions,
        practice.results,
        practice.proposed_by,
        practice.comune.name,
        *codes_labels(practice.themes, Theme),
        *codes_labels(practice.sdgs, Sdg),
    ]
    return f" {normalize(' '.join(parts))} "


def practice_publish(*, submission: Submission, on: dt.date) -> Practice:
    """The catalogue's page of an accepted submission, public from ``on``; its place is the
    first comune of its territory. Part of ``decisions_release`` (its transaction, its audit)."""
    practice = Practice(
        organization_id=submission.organization_id,
        submission=submission,
        call_id=submission.call_id,
        owner=submission.applicant,
        # A person is named by the name they gave as the contact (required to submit).
        author="" if submission.applicant_id else submission.contact_name.strip(),
        published_on=on,
        reviewed_on=on,
        comune=submission.comuni.select_related("province").order_by("name")[0],
        **{name: getattr(submission, name) for name in PUBLISHED_FIELDS},
    )
    practice.search_text = search_text(practice)
    practice.save()
    return practice
