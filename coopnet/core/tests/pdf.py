"""Looking at a generated PDF in a test: a page as an image, how much of it is inked, and its
text (poppler's pdftoppm and pdftotext; bin/ensure-system installs them)."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from PIL import Image


def _poppler(program: str, arguments: list[str], pdf: bytes) -> bytes:
    if shutil.which(program) is None:
        pytest.fail(f"{program} is missing: run bin/ensure-system (Debian package poppler-utils)")
    done = subprocess.run(  # noqa: S603  a fixed program on bytes we generated
        [program, *arguments], input=pdf, capture_output=True, check=True, timeout=60
    )
    return done.stdout


def page_png(pdf: bytes, number: int) -> Image.Image:
    """Page ``number`` (from 1) as a greyscale image at 50 dpi."""
    page = str(number)
    png = _poppler("pdftoppm", ["-png", "-r", "50", "-f", page, "-l", page], pdf)
    return Image.open(io.BytesIO(png)).convert("L")


def page_one_png(pdf: bytes) -> Image.Image:
    return page_png(pdf, 1)


def ink(image: Image.Image) -> int:
    """How many pixels are not (nearly) white."""
    return sum(count for value, count in enumerate(image.histogram()) if value < 200)


def pdf_text(pdf: bytes) -> str:
    """The text of every page, in reading order."""
    return _poppler("pdftotext", ["-layout", "-", "-"], pdf).decode()


def pdf_metadata(pdf: bytes) -> str:
    """The XMP metadata (a PDF/A says its part and conformance there)."""
    return _poppler("pdfinfo", ["-meta", "-"], pdf).decode()
