"""Writes of the governance app, one module per stage of a meeting; import from here."""

from .attendance import (
    meeting_open,
    participant_check_in,
    participant_check_out,
    participant_confirm,
    proxy_cap,
    proxy_grant,
    proxy_withdraw,
)
from .ballots import ballot_open, ballot_record_show_of_hands, ballot_vote
from .bodies import body_create, office_appoint, office_end
from .meetings import (
    build_roll,
    convene_check,
    document_attach,
    document_delete,
    item_add,
    item_delete,
    item_move,
    item_update,
    late_notice_message,
    meeting_convene,
    meeting_create,
    meeting_update,
    notices_resend,
)
from .minutes import meeting_close, minutes_archive, minutes_pdf, minutes_update
from .notices import notices_send
from .results import ballot_close, close_due_ballots, tally
from .statute import statute_governance_update

__all__ = [
    "ballot_close",
    "ballot_open",
    "ballot_record_show_of_hands",
    "ballot_vote",
    "body_create",
    "build_roll",
    "close_due_ballots",
    "convene_check",
    "document_attach",
    "document_delete",
    "item_add",
    "item_delete",
    "item_move",
    "item_update",
    "late_notice_message",
    "meeting_close",
    "meeting_convene",
    "meeting_create",
    "meeting_open",
    "meeting_update",
    "minutes_archive",
    "minutes_pdf",
    "minutes_update",
    "notices_resend",
    "notices_send",
    "office_appoint",
    "office_end",
    "participant_check_in",
    "participant_check_out",
    "participant_confirm",
    "proxy_cap",
    "proxy_grant",
    "proxy_withdraw",
    "statute_governance_update",
    "tally",
]
