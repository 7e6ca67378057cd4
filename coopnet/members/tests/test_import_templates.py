"""Every import page offers a CSV and an XLSX template (header + one example row) and
explains the accepted values; the template as downloaded passes the import's check."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coopnet.core.models import Role
from coopnet.core.tests.factories import RoleAssignmentFactory
from coopnet.members.imports import register_columns
from coopnet.members.services import import_register
from coopnet.workforce.imports import COLUMNS as WORKFORCE_COLUMNS
from coopnet.workforce.imports import run_import, template_columns

pytestmark = pytest.mark.django_db

PAGES = [("members", register_columns), ("workforce", template_columns)]


@pytest.fixture
def hr_user(org):
    return RoleAssignmentFactory(organization=org, role=Role.HR_TUTOR).user


def _page_user(app, admin_user, hr_user):
    return admin_user if app == "members" else hr_user


@pytest.mark.parametrize(("app", "columns"), PAGES)
def test_the_import_page_links_both_templates_and_explains_each_column(
    client, org, admin_user, hr_user, app, columns
):
    client.force_login(_page_user(app, admin_user, hr_user))
    page = client.get(reverse(f"{app}:import", args=[org.slug])).content.decode()
    for fmt in ("csv", "xlsx"):
        assert reverse(f"{app}:import_template", args=[org.slug, fmt]) in page
    for column in columns():
        assert f"<code>{column.name}</code>" in page
    assert "lavoratore, fruitore, volontario" in page or "dipendente_indeterminato" in page


@pytest.mark.parametrize(("app", "columns"), PAGES)
def test_the_xlsx_template_has_the_header_and_one_example_row(
    client, org, admin_user, hr_user, app, columns
):
    client.force_login(_page_user(app, admin_user, hr_user))
    response = client.get(reverse(f"{app}:import_template", args=[org.slug, "xlsx"]))
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [c.name for c in columns()]
    assert len(rows) == 2


def test_the_members_csv_template_passes_the_import_check(client, org, admin_user, tmp_path):
    client.force_login(admin_user)
    response = client.get(reverse("members:import_template", args=[org.slug, "csv"]))
    assert response["Content-Disposition"].startswith('attachment; filename="modello-libro-soci')
    path = tmp_path / "modello.csv"
    path.write_bytes(response.content)
    report = import_register(organization=org, path=path, actor=None, dry_run=True)
    assert (report.errors, report.rows, report.created) == ([], 1, 1)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_workforce_template_passes_the_import_check(client, org, hr_user, fmt):
    client.force_login(hr_user)
    response = client.get(reverse("workforce:import_template", args=[org.slug, fmt]))
    report = run_import(
        organization=org,
        content=response.content,
        filename=f"modello.{fmt}",
        actor=None,
        dry_run=True,
        sensitive_allowed=False,
    )
    assert (report.errors, report.rows, report.created) == ([], 1, 1)
    assert tuple(c.name for c in template_columns()) == WORKFORCE_COLUMNS


@pytest.mark.parametrize("app", ["members", "workforce"])
def test_outsiders_and_unknown_formats_get_404(client, org, outsider, admin_user, hr_user, app):
    client.force_login(outsider)
    assert client.get(reverse(f"{app}:import_template", args=[org.slug, "csv"])).status_code == 404
    client.force_login(_page_user(app, admin_user, hr_user))
    assert client.get(reverse(f"{app}:import_template", args=[org.slug, "pdf"])).status_code == 404
