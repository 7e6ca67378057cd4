"""Every tenant row says whose it is, and pages, the API and selectors read it in scope.

``TenantModel`` gives the ``organization`` key (what a distributed PostgreSQL would shard on);
``TenantQuerySet`` gives ``for_org``/``for_orgs``/``visible_to``/``of_user``. A view, API or
selector module that starts a read of a tenant model anywhere else fails here, with its line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from coopnet.core.models import Organization, TenantModel, TenantQuerySet

# Rows no single organization owns, and why.
NOT_TENANT = {
    "core.Region": "territory shared by every organization",
    "core.Province": "territory shared by every organization",
    "core.Comune": "territory shared by every organization",
    "core.Organization": "the tenant itself",
    "core.User": "one account may hold roles in several organizations",
    "core.UserSession": "a user's own logins, whatever the organization",
    "core.Parameter": "national rules with their dates, the same for everyone",
    "core.AuditEntry": "also platform entries with no organization; read with for_org",
}
SCOPES = {"for_org", "for_orgs", "visible_to", "of_user"}
# Apps whose views, API and selectors are checked (all of them once each has moved over).
SCOPED_APPS = [
    "core",
    "contracts",
]
ROOT = Path(__file__).resolve().parents[2]


def _coopnet_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("coopnet.")]


def _tenant_models() -> dict[str, type[models.Model]]:
    return {m.__name__: m for m in _coopnet_models() if m._meta.label not in NOT_TENANT}


@pytest.mark.parametrize(
    "label", sorted(m._meta.label for m in _coopnet_models() if m._meta.app_label in SCOPED_APPS)
)
def test_every_tenant_table_carries_its_organization(label):
    model = apps.get_model(label)
    if label in NOT_TENANT:
        assert not issubclass(model, TenantModel), f"{label} is listed as not a tenant's"
        return
    assert issubclass(model, TenantModel), f"{label} must extend core.models.TenantModel"
    field = model._meta.get_field("organization")
    assert isinstance(field, models.ForeignKey)
    assert field.related_model is Organization
    assert not field.null
    assert field.column == "organization_id"
    assert isinstance(model._default_manager.all(), TenantQuerySet)


def _read_modules(app: str) -> list[Path]:
    folder = ROOT / app
    found = [*folder.glob("views*.py"), *folder.glob("views/*.py"), *folder.glob("api.py")]
    found += [*folder.glob("selectors.py"), *folder.glob("selectors/*.py")]
    return sorted(found)


def _unscoped_reads(
    path: Path, tenant: dict[str, type[models.Model]], root: Path = ROOT
) -> list[str]:
    """``Model.objects.<not a scope>`` or ``get_object_or_404(Model, ...)`` on a tenant model."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr in {"objects", "_default_manager"}
            and isinstance(node.value.value, ast.Name)
            and node.value.value.id in tenant
            and node.attr not in SCOPES
        ):
            found.append(f"{path.relative_to(root)}:{node.lineno} {node.value.value.id}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"get_object_or_404", "get_list_or_404"}
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in tenant
        ):
            found.append(f"{path.relative_to(root)}:{node.lineno} {node.args[0].id}")
    return found


@pytest.mark.parametrize("app", SCOPED_APPS)
def test_pages_api_and_selectors_read_tenant_rows_in_scope(app):
    tenant = _tenant_models()
    unscoped = [hit for path in _read_modules(app) for hit in _unscoped_reads(path, tenant)]
    assert unscoped == [], "read out of scope:\n" + "\n".join(unscoped)


def test_the_scan_finds_an_unscoped_read(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text("Visit.objects.filter(pk=1)\nVisit.objects.for_org(org).get(pk=1)\n")
    tenant: dict[str, type[models.Model]] = {"Visit": TenantModel}
    assert [h.rsplit(":", 1)[1] for h in _unscoped_reads(sample, tenant, tmp_path)] == ["1 Visit"]
