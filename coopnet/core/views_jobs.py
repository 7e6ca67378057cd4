"""Moved to ``coopnet.core.web``; kept until every app imports from there."""

from .web import job_or_404, retry_job

__all__ = ["job_or_404", "retry_job"]
