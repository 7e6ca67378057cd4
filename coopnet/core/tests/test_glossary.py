"""docs/glossary.md names every model with its Italian term (new apps included)."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"


def test_every_model_has_its_italian_term_in_the_glossary():
    text = GLOSSARY.read_text(encoding="utf-8")
    missing = [
        m._meta.label
        for m in apps.get_models()
        if m.__module__.startswith("coopnet.") and not re.search(rf"[`.]{m.__name__}\b", text)
    ]
    assert missing == [], "add these to docs/glossary.md"
