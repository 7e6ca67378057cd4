"""The one check of an uploaded file's kind and size, shared by the services and forms that take
files."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from coopnet.core.validators import check_upload

MB = 1024 * 1024


def test_a_picture_of_an_accepted_type_and_size_passes():
    check_upload(SimpleUploadedFile("Foto.JPG", b"x" * MB), max_bytes=MB, picture=True)


@pytest.mark.parametrize(
    ("name", "size", "picture", "reason"),
    [
        ("foto.gif", 10, True, "Una foto dev'essere JPEG, PNG o WebP."),
        ("foto", 10, True, "Una foto dev'essere JPEG, PNG o WebP."),
        ("verbale.pdf", 2 * MB + 1, False, "Il file supera i 2 MB."),
        ("foto.png", 2 * MB + 1, True, "Il file supera i 2 MB."),
    ],
)
def test_a_wrong_upload_is_refused_on_the_field_with_its_reason(name, size, picture, reason):
    upload = SimpleUploadedFile(name, b"x" * size)
    with pytest.raises(ValidationError) as error:
        check_upload(upload, max_bytes=2 * MB, picture=picture, field="upload")
    assert error.value.message_dict == {"upload": [reason]}


def test_without_a_field_the_reason_is_for_a_forms_clean_method():
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("a.pdf", b"x" * (5 * MB + 1)), max_bytes=5 * MB)
    assert error.value.messages == ["Il file supera i 5 MB."]
