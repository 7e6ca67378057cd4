"""The settlement and distribution cores stand alone, like `scheduling`: no Django, no other
coopnet module (the distribution uses the settlement's cent allocation)."""

import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("package", ["settlement", "distribution"])
def test_the_cores_import_neither_django_nor_the_app(package):
    probe = (
        "import sys\n"
        f"import coopnet.energy.{package}\n"
        "allowed = ('coopnet', 'coopnet.energy')\n"
        "loaded = [name for name in sys.modules if name == 'django' or name.startswith('django.')"
        " or (name.startswith('coopnet') and name not in allowed"
        " and not name.startswith(('coopnet.energy.settlement', 'coopnet.energy.distribution')))]\n"
        "print(','.join(sorted(loaded)) or 'none')"
    )
    done = subprocess.run(  # noqa: S603 (this interpreter, fixed code)
        [sys.executable, "-c", probe],
        cwd=Path(__file__).resolve().parents[4],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "none"
