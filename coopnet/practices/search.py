"""Words as the catalogue's search compares them: lower case, without accents or punctuation,
so that «comunita» finds «comunità» on SQLite and PostgreSQL alike (no database extension)."""

from __future__ import annotations

import re
import unicodedata

NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalize(text: str) -> str:
    """``text`` lower-cased, accents dropped, every run of other characters one space."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(NOT_WORD.split(plain)).strip()


def words(query: str) -> list[str]:
    """The distinct words of a query (at most ten), normalized."""
    return list(dict.fromkeys(normalize(query).split()))[:10]
