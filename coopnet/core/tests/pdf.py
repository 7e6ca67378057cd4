"""What PDF tests share: a generated PDF's first page as an image, and how much ink it has
(a blank page has none)."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from PIL import Image

PDFTOPPM = "pdftoppm"


def page_one_png(pdf: bytes) -> Image.Image:
    """Page 1 in grey at 50 dpi, by poppler's pdftoppm (bin/ensure-system installs it)."""
    if shutil.which(PDFTOPPM) is None:
        pytest.fail("pdftoppm is missing: run bin/ensure-system (Debian package poppler-utils)")
    done = subprocess.run(  # noqa: S603  a fixed program on bytes we generated
        [PDFTOPPM, "-png", "-r", "50", "-f", "1", "-l", "1"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return Image.open(io.BytesIO(done.stdout)).convert("L")


def ink(image: Image.Image) -> int:
    """How many pixels are not (nearly) white."""
    return sum(count for value, count in enumerate(image.histogram()) if value < 200)
