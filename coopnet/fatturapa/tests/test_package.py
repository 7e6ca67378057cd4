"""The package stands alone: importing it loads neither Django nor another coopnet app."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_import_loads_no_django_and_no_other_app():
    code = (
        "import sys, coopnet.fatturapa\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'django'"
        " or (m.startswith('coopnet.') and not m.startswith('coopnet.fatturapa')))\n"
        "print(bad)"
    )
    result = subprocess.run(  # noqa: S603 (this interpreter, fixed code)
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
