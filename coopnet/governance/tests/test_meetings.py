"""Preparing and convening meetings: calls, agenda, the notice's term (R-CC-2366/2369) and
the notices sent by e-mail and PEC with the calendar file, once per member and channel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from icalendar import Calendar

from coopnet.core.models import AuditEntry
from coopnet.governance import selectors, services, tasks
from coopnet.governance.models import (
    AgendaItem,
    ItemKind,
    MeetingKind,
    MeetingStatus,
    NoticeDelivery,
    NoticeStatus,
)
from coopnet.members.tests.factories import PersonFactory, member

from .factories import FIRST_CALL, IN_TIME, MEETING_DAY, ROME, meeting, members, statute


def test_the_second_call_is_not_on_the_same_day(org):
    with pytest.raises(ValidationError) as error:
        meeting(org, second_call_at=FIRST_CALL + dt.timedelta(hours=2))
    assert "R-CC-2369" in error.value.message_dict["second_call_at"][0]
    with pytest.raises(ValidationError, match="seguire la prima"):
        meeting(org, second_call_at=FIRST_CALL - dt.timedelta(days=1))


@pytest.mark.parametrize(("days", "warned"), [(30, False), (31, True)])
def test_a_far_second_call_is_only_a_warning(org, days, warned):
    far = meeting(org, second_call_at=FIRST_CALL + dt.timedelta(days=days))
    assert bool(selectors.second_call_warning(far)) is warned
    assert far.pk  # saved all the same


def test_a_meeting_needs_a_place_or_a_link(org):
    with pytest.raises(ValidationError) as error:
        meeting(org, place="")
    assert "place" in error.value.message_dict
    assert meeting(org, place="", online_url="https://meet.example.org/assemblea").online_url


def test_meetings_are_numbered_per_organization(org, other_org):
    assert [meeting(org).number, meeting(org).number, meeting(other_org).number] == [1, 2, 1]


def test_statute_changes_belong_to_the_extraordinary_assembly(org):
    ordinary = meeting(org, items=())
    with pytest.raises(ValidationError) as error:
        services.item_add(
            actor=None, meeting=ordinary, data={"kind": ItemKind.STATUTE_CHANGE, "title": "Art. 3"}
        )
    assert "straordinaria" in error.value.message_dict["kind"][0]
    extraordinary = meeting(org, kind=MeetingKind.EXTRAORDINARY, items=())
    assert (
        services.item_add(
            actor=None,
            meeting=extraordinary,
            data={"kind": ItemKind.STATUTE_CHANGE, "title": "Art. 3"},
        ).kind
        == ItemKind.STATUTE_CHANGE
    )


def test_an_appeal_item_needs_a_pending_appeal(org):
    someone = member(org)
    assembly = meeting(org, items=())
    with pytest.raises(ValidationError) as error:
        services.item_add(
            actor=None,
            meeting=assembly,
            data={"kind": ItemKind.ADMISSION_APPEAL, "title": "Ricorso", "membership": someone},
        )
    assert "R-CC-2528" in error.value.message_dict["membership"][0]


def test_agenda_points_move_and_go(org):
    assembly = meeting(org, items=(("Uno", "altro"), ("Due", "altro"), ("Tre", "altro")))
    three = AgendaItem.objects.get(meeting=assembly, title="Tre")
    services.item_move(actor=None, item=three, up=True)
    titles = list(
        AgendaItem.objects.filter(meeting=assembly)
        .order_by("position")
        .values_list("title", flat=True)
    )
    assert titles == ["Uno", "Tre", "Due"]
    services.item_delete(actor=None, item=AgendaItem.objects.get(meeting=assembly, title="Uno"))
    assert AgendaItem.objects.filter(meeting=assembly).count() == 2


def test_documents_are_attached_to_points(org, admin_user):
    assembly = meeting(org)
    point = AgendaItem.objects.get(meeting=assembly)
    document = services.document_attach(
        actor=admin_user,
        item=point,
        title="Bilancio 2025",
        file=SimpleUploadedFile("bilancio.pdf", b"%PDF-1.4 x"),
    )
    assert (document.file.name or "").startswith(f"governance/{org.pk}/meetings/{assembly.pk}/")
    assert document.file.read() == b"%PDF-1.4 x"
    document.file.close()


# --- the notice's term (R-CC-2366) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "days_before", "late"),
    [
        ("pubblicazione", 15, False),
        ("pubblicazione", 14, True),
        ("ricevuta", 8, False),
        ("ricevuta", 7, True),
    ],
)
def test_a_notice_later_than_the_statute_allows_is_refused(org, channel, days_before, late):
    statute(org, notice_channel=channel)
    assembly = meeting(org)
    given_on = MEETING_DAY - dt.timedelta(days=days_before)
    if not late:
        services.meeting_convene(actor=None, meeting=assembly, notice_given_on=given_on)
        return
    with pytest.raises(ValidationError) as error:
        services.meeting_convene(actor=None, meeting=assembly, notice_given_on=given_on)
    message = error.value.message_dict["notice_given_on"][0]
    assert "R-CC-2366" in message
    assert "art. 2366" in message
    assert assembly.__class__.objects.get(pk=assembly.pk).status == MeetingStatus.DRAFT


def test_a_late_notice_accepted_knowingly_keeps_the_warning(org):
    assembly = meeting(org)
    convened = services.meeting_convene(
        actor=None,
        meeting=assembly,
        notice_given_on=MEETING_DAY - dt.timedelta(days=3),
        accept_late=True,
    )
    assert convened.notice_late
    assert "R-CC-2366" in convened.notice_note
    assert AuditEntry.objects.filter(action="governance.meeting.convene").exists()


def test_an_empty_agenda_cannot_be_convened(org):
    with pytest.raises(ValidationError, match="ordine del giorno"):
        services.meeting_convene(
            actor=None, meeting=meeting(org, items=()), notice_given_on=IN_TIME
        )


# --- notices -------------------------------------------------------------------------------


def test_convening_sends_the_notice_with_a_calendar_file(org, django_capture_on_commit_callbacks):
    # given a member with e-mail and PEC, one with e-mail only, one without any address
    both = member(
        org,
        person=PersonFactory(
            organization=org, email="anna@example.org", pec="anna@pec.example.org"
        ),
    )
    member(org, person=PersonFactory(organization=org, email="bruno@example.org"))
    member(org, person=PersonFactory(organization=org, email=""))
    assembly = meeting(org, online_url="https://meet.example.org/a")
    # when the assembly is convened
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(
            actor=None, meeting=assembly, notice_given_on=IN_TIME, base_url="https://coop.example/"
        )
    # then three messages leave, one per address, each with the ICS file
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@example.org",
        "anna@pec.example.org",
        "bruno@example.org",
    ]
    message = mail.outbox[0]
    assert "Convocazione" in message.subject
    assert "Bilancio 2025" in message.body
    assert f"https://coop.example/o/{org.slug}/meetings/mine/" in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("convocazione.ics", "text/calendar")
    events = Calendar.from_ical(content).walk("VEVENT")
    starts = sorted(e.decoded("dtstart").astimezone(ROME) for e in events)
    assert starts == [FIRST_CALL, FIRST_CALL + dt.timedelta(days=1)]
    # and the log says what went to whom
    log = NoticeDelivery.objects.filter(meeting=assembly)
    assert log.filter(status=NoticeStatus.SENT).count() == 3
    assert log.filter(status=NoticeStatus.NO_ADDRESS).count() == 1
    assert log.get(participant__membership=both, channel="pec").sent_at is not None


def test_sending_again_sends_nothing_twice(org, django_capture_on_commit_callbacks):
    members(org, 3)
    assembly = meeting(org)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(actor=None, meeting=assembly, notice_given_on=IN_TIME)
    assert len(mail.outbox) == 3
    # when the task runs again (a retry, or a second worker)
    tasks.send_meeting_notices.call(assembly.pk, "")
    with django_capture_on_commit_callbacks(execute=True):
        services.notices_resend(actor=None, meeting=assembly)
    # then nobody receives it twice
    assert len(mail.outbox) == 3
    assert NoticeDelivery.objects.filter(meeting=assembly).count() == 3


def test_a_failed_send_is_logged_and_retried(org, monkeypatch, django_capture_on_commit_callbacks):
    member(org)
    assembly = meeting(org)

    def broken(self, fail_silently=False):
        raise OSError("server SMTP non raggiungibile")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(actor=None, meeting=assembly, notice_given_on=IN_TIME)
    failed = NoticeDelivery.objects.get(meeting=assembly)
    assert (failed.status, failed.sent_at) == (NoticeStatus.FAILED, None)
    assert "SMTP" in failed.error
    monkeypatch.undo()
    assert tasks.send_meeting_notices.call(assembly.pk, "") == {"sent": 1, "failed": 0}
    assert NoticeDelivery.objects.get(meeting=assembly).status == NoticeStatus.SENT
