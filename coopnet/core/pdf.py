"""A template rendered as a PDF by WeasyPrint (A4 unless the template's ``@page`` says
otherwise); ``pdf_variant`` makes an archival PDF/A (e.g. ``"pdf/a-3b"``)."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from django.template.loader import render_to_string

SRGB = "coopnet-srgb"  # the output intent's colour profile, by the name we give it


def html_pdf(template: str, context: dict[str, Any], *, pdf_variant: str | None = None) -> bytes:
    """The rendered template as PDF; with ``pdf_variant`` (one of WeasyPrint's: ``pdf/a-3b``,
    ``pdf/a-2b``...) fonts are embedded and the sRGB output intent and the XMP identification
    are written."""
    from weasyprint import HTML  # imported here: loading Pango costs time at startup
    from weasyprint.css import ColorProfile

    options: dict[str, Any] = {}
    if pdf_variant:
        # WeasyPrint's own sRGB intent leaves its ICC file open (a ResourceWarning): the same
        # profile, read and closed here, under a name of ours.
        with (files("weasyprint.pdf") / "sRGB2014.icc").open("rb") as icc:
            profile = ColorProfile(
                icc, "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"])
            )
        options = {
            "pdf_variant": pdf_variant,
            "output_intent": SRGB,
            "color_profiles": {SRGB: profile},
        }
    pdf: bytes = HTML(string=render_to_string(template, context)).write_pdf(**options)
    return pdf
