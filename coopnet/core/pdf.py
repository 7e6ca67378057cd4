"""A template rendered as a PDF by WeasyPrint (A4 unless the template's ``@page`` says
otherwise)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def html_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs time at startup

    pdf: bytes = HTML(string=render_to_string(template, context)).write_pdf()
    return pdf
