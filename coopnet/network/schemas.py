"""API schemas of the network app: separate input and output shapes."""

from __future__ import annotations

from ninja import Schema


class OrganizationOut(Schema):
    slug: str
    kind: str
    legal_name: str
    short_name: str
