"""The settlement core stands alone, like `scheduling`: no Django, no other coopnet module."""

import subprocess
import sys
from pathlib import Path


def test_the_settlement_core_imports_neither_django_nor_the_app():
    probe = (
        "import sys\n"
        "import coopnet.energy.settlement\n"
        "allowed = ('coopnet', 'coopnet.energy')\n"
        "loaded = [name for name in sys.modules if name == 'django' or name.startswith('django.')"
        " or (name.startswith('coopnet') and name not in allowed"
        " and not name.startswith('coopnet.energy.settlement'))]\n"
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
