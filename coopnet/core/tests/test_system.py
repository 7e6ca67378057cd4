"""bin/ensure-system: the Debian packages outside the virtualenv are checked first."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from django.conf import settings

SCRIPT = settings.BASE_DIR / "bin" / "ensure-system"


def _fake_dpkg(tmp_path: Path, *, missing: str) -> dict[str, str]:
    """An environment whose dpkg-query reports every package installed except ``missing``."""
    fake = tmp_path / "dpkg-query"
    fake.write_text(
        f'#!/bin/sh\nfor last; do :; done\n[ "$last" = {missing} ] && exit 1\nprintf installed\n'
    )
    fake.chmod(0o755)
    return {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"}


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  our own script
        [str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=30, check=False
    )


def test_check_names_the_missing_harfbuzz_subset_library_and_why(tmp_path: Path) -> None:
    # given a machine without HarfBuzz's subset library (WeasyPrint warns, the PDF tests fail)
    env = _fake_dpkg(tmp_path, missing="libharfbuzz-subset0")
    # when the product's packages are checked
    done = _run("--check", "run", env=env)
    # then the check fails, naming the package, the reason and the command that installs it
    assert done.returncode == 1
    assert "libharfbuzz-subset0: WeasyPrint embeds font subsets" in done.stderr
    assert "apt-get install libharfbuzz-subset0" in done.stderr


def test_the_test_group_adds_the_test_tools_to_the_product_packages(tmp_path: Path) -> None:
    env = _fake_dpkg(tmp_path, missing="poppler-utils")
    # poppler-utils is only for the tests: `run` is satisfied, `test` is not
    assert _run("--check", "run", env=env).returncode == 0
    done = _run("--check", "test", env=env)
    assert done.returncode == 1
    assert "poppler-utils: pdftoppm" in done.stderr


def _first_command(target: str) -> str:
    done = subprocess.run(  # noqa: S603  make's dry run prints the commands, runs none
        ["make", "--no-print-directory", "-n", "-C", str(settings.BASE_DIR), target],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return done.stdout.splitlines()[0]


def test_make_test_and_make_run_check_the_system_packages_first() -> None:
    assert _first_command("test") == "bin/ensure-system test"
    assert _first_command("unit") == "bin/ensure-system test"
    assert _first_command("run") == "bin/ensure-system run"
