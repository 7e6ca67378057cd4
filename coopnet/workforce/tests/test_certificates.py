"""Certificates of disadvantage: uploaded in the vault, encrypted at rest, read only through
the vault with the access logged, re-encrypted by ``vault_rotate_keys``."""

import datetime as dt

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.core.management import call_command
from django.urls import reverse

from coopnet.workforce import certificates, vault
from coopnet.workforce.certificates import check_vault_keys
from coopnet.workforce.models import DisadvantagedStatus, SensitiveAccess

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nRossi Maria invalidita 74%\n%%EOF\n"
PURPOSE = "requisiti_381"


def upload(name="verbale Rossi.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def create(client, org, person, document):
    url = reverse("workforce:vault_create", kwargs={"org_slug": org.slug})
    data = {
        "purpose": PURPOSE,
        "person": person.pk,
        "category": "disabile_fisico",
        "certifying_body": "INPS",
        "valid_from": "2024-01-01",
        "document": document,
    }
    return client.post(url, data)


def download_url(org, status):
    kwargs = {"org_slug": org.slug, "pk": status.pk}
    return reverse("workforce:vault_document", kwargs=kwargs)


def test_an_uploaded_certificate_is_encrypted_on_disk(otp_login, org, hr_user, person, media):
    client = otp_login(hr_user)
    # when a certificate is uploaded with the status
    assert create(client, org, person, upload()).status_code == 302
    # then the file on disk holds neither the content nor the original name
    status = DisadvantagedStatus.objects.get()
    on_disk = (media / status.document.name).read_bytes()
    assert PDF not in on_disk
    assert b"Rossi" not in on_disk
    assert "Rossi" not in str(status.document.name)
    assert on_disk.startswith(b"gAAAA")  # a Fernet token


def test_a_certificate_is_read_through_the_vault_and_logged(otp_login, org, hr_user, person):
    client = otp_login(hr_user)
    create(client, org, person, upload())
    status = DisadvantagedStatus.objects.get()
    listing = client.get(
        reverse("workforce:vault", kwargs={"org_slug": org.slug}), {"purpose": PURPOSE}
    )
    assert f"{download_url(org, status)}?purpose={PURPOSE}" in listing.content.decode()
    # a purpose is asked first
    assert "finalità" in client.get(download_url(org, status)).content.decode().lower()
    response = client.get(download_url(org, status), {"purpose": PURPOSE})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="certificato-{status.pk}.pdf"'
    assert response.content == PDF
    read = SensitiveAccess.objects.filter(action="lettura", detail__startswith="certificato")
    assert read.get().person == person


def test_only_vault_readers_with_a_second_factor_download(
    client, otp_login, org, hr_user, coordinator, person
):
    verified = otp_login(hr_user)
    create(verified, org, person, upload())
    status = DisadvantagedStatus.objects.get()
    # the coordinator has no vault permission: 404, logged
    client.force_login(coordinator)
    assert client.get(download_url(org, status), {"purpose": PURPOSE}).status_code == 404
    # the HR tutor without the second factor in this session: sent to verify, logged
    client.force_login(hr_user)
    response = client.get(download_url(org, status), {"purpose": PURPOSE})
    assert response["Location"].startswith("/accounts/otp/verify/")
    assert SensitiveAccess.objects.filter(action="negato").count() == 2


@pytest.mark.parametrize(
    ("document", "complaint"),
    [
        (
            upload("certificato.pdf", b"<html>not a pdf</html>", "application/pdf"),
            "PDF, JPEG o PNG",
        ),
        (upload("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * (10 * 1024 * 1024)), "10 MB"),
    ],
    ids=["not-a-pdf", "too-large"],
)
def test_wrong_files_are_refused_on_the_field(otp_login, org, hr_user, person, document, complaint):
    client = otp_login(hr_user)
    response = create(client, org, person, document)
    assert response.status_code == 200
    assert complaint in response.content.decode()
    assert not DisadvantagedStatus.objects.exists()


def test_a_large_upload_never_touches_a_temporary_file(
    otp_login, org, hr_user, person, settings, monkeypatch
):
    # given Django would spill anything over 1 kB to a temporary file in clear
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    spilled = []
    original = TemporaryFileUploadHandler.new_file

    def spy(self, *args, **kwargs):
        spilled.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", spy)
    client = otp_login(hr_user)
    big = PDF + b"0" * 50_000
    # when a larger certificate is uploaded
    assert create(client, org, person, upload(content=big)).status_code == 302
    # then it stayed in memory and was stored whole
    assert spilled == []
    status = DisadvantagedStatus.objects.get()
    response = client.get(download_url(org, status), {"purpose": PURPOSE})
    assert response.content == big


def test_a_new_certificate_replaces_the_old_file(
    otp_login, org, hr_user, person, media, django_capture_on_commit_callbacks
):
    client = otp_login(hr_user)
    create(client, org, person, upload())
    status = DisadvantagedStatus.objects.get()
    old = media / status.document.name
    edit = reverse("workforce:vault_edit", kwargs={"org_slug": org.slug, "pk": status.pk})
    png = b"\x89PNG\r\n\x1a\n" + b"scan"
    data = {
        "purpose": PURPOSE,
        "category": "disabile_fisico",
        "certifying_body": "INPS",
        "valid_from": "2024-01-01",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, {**data, "document": upload("scan.png", png, "image/png")})
    assert response.status_code == 302
    assert not old.exists()
    status.refresh_from_db()
    download = client.get(download_url(org, status), {"purpose": PURPOSE})
    assert download["Content-Type"] == "image/png"
    changes = SensitiveAccess.objects.filter(action="modifica").values_list("detail", flat=True)
    assert "campi modificati: documento" in changes


def test_the_system_operator_imports_a_status_with_its_certificate(org, person, media):
    # given a status imported by the system operator (seed_demo, the import command)
    data = {
        "category": "disabile_fisico",
        "certifying_body": "INPS",
        "document_type": "",
        "valid_from": dt.date(2024, 1, 1),
        "valid_to": None,
    }
    assert vault.status_import(actor=None, organization=org, person=person, data=data) == "created"
    # when the same row comes again with its certificate
    outcome = vault.status_import(
        actor=None, organization=org, person=person, data=data, document=upload()
    )
    # then the certificate is added, encrypted like an upload, and the change is logged
    assert outcome == "updated"
    status = DisadvantagedStatus.objects.get()
    assert (media / status.document.name).read_bytes().startswith(b"gAAAA")
    assert certificates.decrypt(status.document) == PDF
    changes = SensitiveAccess.objects.filter(action="modifica").values_list("detail", flat=True)
    assert "campi modificati: documento" in changes
    # and a file that is no certificate is refused as on the form
    with pytest.raises(ValidationError) as refused:
        vault.status_import(
            actor=None, organization=org, person=person, data=data, document=upload(content=b"MZ")
        )
    assert "document" in refused.value.message_dict


def test_rotation_reencrypts_with_the_newest_key(otp_login, org, hr_user, person, settings, media):
    old_key = settings.COOPNET_VAULT_KEYS[0]
    client = otp_login(hr_user)
    create(client, org, person, upload())
    status = DisadvantagedStatus.objects.get()
    old_file = media / status.document.name
    # given a new key put first, the old one kept to decrypt
    new_key = Fernet.generate_key().decode()
    settings.COOPNET_VAULT_KEYS = [new_key, old_key]
    # when the rotation runs
    call_command("vault_rotate_keys")
    # then the file decrypts with the new key alone, and the old file is gone
    status.refresh_from_db()
    assert not old_file.exists()
    assert Fernet(new_key).decrypt((media / status.document.name).read_bytes()) == PDF
    settings.COOPNET_VAULT_KEYS = [new_key]
    response = client.get(download_url(org, status), {"purpose": PURPOSE})
    assert response.content == PDF
    # a second run has nothing to do
    call_command("vault_rotate_keys")
    status.refresh_from_db()
    assert (media / status.document.name).exists()


def test_the_system_check_names_a_bad_key(settings):
    settings.COOPNET_VAULT_KEYS = [Fernet.generate_key().decode(), "not-a-key"]
    errors = check_vault_keys()
    assert [e.id for e in errors] == ["workforce.E001"]
    assert "key number 2" in errors[0].msg
