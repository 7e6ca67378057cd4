"""Fixtures of the governance tests: media in a temporary directory for every test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media_everywhere(media):
    """Uploaded documents and minutes never land in the real var/media."""
