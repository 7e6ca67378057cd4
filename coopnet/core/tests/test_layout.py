"""The layout every app follows (docs/architecture.md, "How an app is laid out")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
APPS = sorted(c.label for c in apps.get_app_configs() if c.name.startswith("coopnet."))
MAX_LINES = 500
# Generated once from the vendored FatturaPA schema (docs/fatturapa.md): never edited by hand.
GENERATED = ("fatturapa/bindings/",)
WRITES = {"save", "delete", "create", "bulk_create", "get_or_create", "save_audited", "log_action"}


def _code(folder: Path) -> list[Path]:
    return [
        p
        for p in folder.rglob("*.py")
        if "tests" not in p.parts
        and "migrations" not in p.parts
        and not any(g in p.relative_to(ROOT).as_posix() for g in GENERATED)
    ]


@pytest.mark.parametrize("app", APPS)
def test_a_big_app_splits_into_packages_not_side_files(app):
    folder = ROOT / app
    side_files = sorted(
        p.name
        for p in folder.glob("*_*.py")
        if p.stem.split("_")[0] in {"views", "services", "selectors"}
    )
    assert side_files == [], "use a views/, services/ or selectors/ package instead"


def test_no_module_outgrows_five_hundred_lines():
    long = [
        f"{p.relative_to(ROOT)}: {n}"
        for p in _code(ROOT)
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    ]
    assert long == [], "split these into a package"


def _writes(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in WRITES:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    return found


@pytest.mark.parametrize("app", APPS)
def test_pages_and_the_api_write_only_through_services(app):
    folder = ROOT / app
    modules = [*folder.glob("views.py"), *folder.glob("views/*.py"), *folder.glob("api.py")]
    writes = [hit for path in modules for hit in _writes(path)]
    assert writes == [], "call a service instead"
