"""The Django admin speaks Italian: site headers and the labels of coopnet's fields."""

from html import unescape

import pytest

from coopnet.core.models import ApiToken, Organization, Role, RoleAssignment
from coopnet.core.services import api_token_create

pytestmark = pytest.mark.django_db


def test_admin_headers_are_italian(client, otp_login, platform_admin):
    otp_login(platform_admin)
    page = unescape(client.get("/admin/").content.decode())
    assert "<title>Amministrazione della piattaforma | coopnet: amministrazione</title>" in page
    assert "Amministrazione di coopnet" in page


def test_admin_lists_show_italian_column_labels(client, otp_login, org, platform_admin, admin_user):
    api_token_create(user=admin_user, organization=org, role=Role.COOP_ADMIN, name="Gestionale")
    otp_login(platform_admin)
    page = client.get("/admin/core/apitoken/").content.decode()
    for label in ("Prefisso", "Organizzazione", "Utente", "Creato il", "Revocato il"):
        assert f">{label}</a>" in page


@pytest.mark.parametrize(
    ("model", "field", "label"),
    [
        (Organization, "created_at", "registrata il"),
        (RoleAssignment, "user", "utente"),
        (ApiToken, "token_hash", "impronta del segreto"),
    ],
)
def test_fields_have_italian_verbose_names(model, field, label):
    assert str(model._meta.get_field(field).verbose_name) == label
