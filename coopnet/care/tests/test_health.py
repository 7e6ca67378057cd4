"""Health notes: permission, second factor, purpose, the access log (R-GDPR-3/4)."""

import pytest
from django.core.exceptions import ValidationError

from coopnet.care import health
from coopnet.care.models import HealthNote
from coopnet.care.services import health as health_notes
from coopnet.core.models import AuditEntry
from coopnet.workforce.models import SensitiveAccess

from .factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def beneficiary(org):
    return BeneficiaryFactory.create(organization=org)


def test_a_coordinator_with_a_second_factor_reads_and_the_read_is_logged(coordinator, beneficiary):
    note = health_notes.note_add(
        actor=coordinator,
        beneficiary=beneficiary,
        verified=True,
        purpose="assistenza",
        text="Allergia al lattice",
    )
    notes = health.notes_read(
        actor=coordinator, beneficiary=beneficiary, verified=True, purpose="assistenza"
    )
    assert notes == [note]
    actions = list(
        SensitiveAccess.objects.order_by("id").values_list("action", "purpose", "person_id")
    )
    person = beneficiary.person_id
    assert actions == [("modifica", "assistenza", person), ("lettura", "assistenza", person)]
    # the general audit log says a note was written, never what it says
    entry = AuditEntry.objects.get(action="care.health_note.create")
    assert "lattice" not in str(entry.after) + entry.object_repr


def test_a_carer_or_member_is_refused_and_the_attempt_logged(carer_user, member_user, beneficiary):
    for user in (carer_user, member_user):
        with pytest.raises(health.HealthAccessDenied):
            health.notes_read(
                actor=user, beneficiary=beneficiary, verified=True, purpose="assistenza"
            )
    denied = SensitiveAccess.objects.filter(action="negato")
    assert denied.count() == 2
    assert all("care.health:read" in entry.detail for entry in denied)


def test_without_a_second_factor_the_read_is_refused_and_logged(coordinator, beneficiary):
    with pytest.raises(health.SecondFactorRequired):
        health.notes_read(
            actor=coordinator, beneficiary=beneficiary, verified=False, purpose="assistenza"
        )
    assert "secondo fattore" in SensitiveAccess.objects.get().detail


def test_the_purpose_is_mandatory(coordinator, beneficiary):
    with pytest.raises(ValidationError):
        health.notes_read(
            actor=coordinator, beneficiary=beneficiary, verified=True, purpose="curiosità"
        )
    with pytest.raises(ValidationError):
        health_notes.note_add(
            actor=coordinator,
            beneficiary=beneficiary,
            verified=True,
            purpose="assistenza",
            text=" ",
        )
    assert not HealthNote.objects.exists()
    assert not SensitiveAccess.objects.exclude(action="negato").exists()


def test_an_outsider_is_refused(outsider, beneficiary):
    with pytest.raises(health.HealthAccessDenied):
        health.notes_read(
            actor=outsider, beneficiary=beneficiary, verified=True, purpose="assistenza"
        )
