"""Words as the catalogue's search compares them: lower case, without accents or punctuation,
so that «comunita» finds «comunità» on SQLite and PostgreSQL alike, and the full-text filter
(``matching``) that finds them: PostgreSQL's text search or SQLite's FTS5."""

from __future__ import annotations

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchVectorExact, SearchVectorField
from django.db import connection
from django.db.models import F, Func, IntegerField, Q
from django.db.models.expressions import RawSQL
from django.db.models.lookups import In

NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalize(text: str) -> str:
    """``text`` lower-cased, accents dropped, every run of other characters one space."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(NOT_WORD.split(plain)).strip()


def words(query: str) -> list[str]:
    """The distinct words of a query (at most ten), normalized."""
    return list(dict.fromkeys(normalize(query).split()))[:10]


# Full-text search: the same selector on both databases, with the vendor's own engine. The
# tables, triggers and index are made by migration 0007_practice_full_text_search.

FTS_TABLE = "practices_practice_fts"

# PostgreSQL: the Italian stems (so «scuole» finds «scuola») and the words as written (so a
# prefix such as «cooperativ» finds «cooperative», whose Italian stem is the shorter «cooper»),
# stored by migration 0007 in the generated column ``search_vector`` with its GIN index, so
# that a row is never analysed again when it is read.
PG_VECTOR = (
    "(to_tsvector('italian'::regconfig, {column}) || to_tsvector('simple'::regconfig, {column}))"
)
PG_COLUMN = "search_vector"


class Unindexed(Func):
    """SQLite's unary ``+``: the same value, but no index chosen for it."""

    template = "+%(expressions)s"
    output_field = IntegerField()


def matching(query: str, column: str = "search_text") -> Q:
    """The filter of the rows whose words hold every word of ``query``, each as the start of a
    word. ``query`` is first reduced to normalized words (``[0-9a-z]+``), so quotes, operators
    and punctuation never reach the database's query language. An empty query is no filter."""
    found = words(query)
    if not found:
        return Q()
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{word}:*" for word in found)
        # The column is the database's own (generated), unknown to the model: a constant name.
        stored = RawSQL(f'"practices_practice"."{PG_COLUMN}"', [], SearchVectorField())  # noqa: S611
        return Q(
            SearchVectorExact(stored, SearchQuery(tsquery, config="italian", search_type="raw"))
        )
    if connection.vendor == "sqlite":
        fts = " ".join(f'"{word}"*' for word in found)
        # The table name is a constant and the query a parameter: nothing of the user's is
        # written into the SQL.
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        # ``+id``: the practice's other filters (a region, a theme) choose the rows, the full-text
        # list only keeps or drops them. Driven by the list, SQLite fetched every practice
        # holding a common word one by one (the benchmark's 18,000 of 20,000: 57 ms, not 12).
        return Q(In(Unindexed(F("pk")), RawSQL(sql, [fts])))  # noqa: S611
    condition = Q()
    for word in found:  # any other database: a scan, as before the full-text search
        condition &= Q(**{f"{column}__contains": word})
    return condition
