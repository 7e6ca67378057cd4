"""Fixtures of the governance tests: media in a temporary directory, a second persona."""

from __future__ import annotations

import pytest


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _media_everywhere(settings, tmp_path):
    """Uploaded documents and minutes never land in the real var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
