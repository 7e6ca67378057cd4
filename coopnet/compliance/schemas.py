"""API output schema of the compliance engine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema


class FindingOut(Schema):
    """One rule's finding. Decimals are JSON strings (exact); ``data`` holds counts only."""

    rule: str = Field(description="Stable rule id, e.g. R-381-4b (see DOMAIN.md).")
    title: str
    status: str = Field(description="ok | warning | violation | info | not_applicable")
    level: str = Field(description="C certain, S secondary source, U uncertain, N network advice")
    unit: str = Field(description="ratio | count | euro | times | days | none")
    value: Decimal | None
    threshold: Decimal | None
    as_of: dt.date
    explanation: str
    data: dict[str, int | Decimal | str | None]
    action: str
