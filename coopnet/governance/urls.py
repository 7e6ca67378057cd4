"""URLs of the governance app: meetings of an organization under /o/<slug>/meetings/."""

from django.urls import path

from . import views

app_name = "governance"

M = "o/<slug:org_slug>/meetings/"
MINE = M + "mine/<int:pk>/"
ONE = M + "<int:pk>/"
BALLOT = ONE + "ballots/<int:item_pk>/"

# route -> view; the URL is named after its view, or as RENAMED says
ROUTES = {
    M: views.register,
    M + "export.csv": views.export_csv,
    M + "statute/": views.statute,
    M + "new/": views.meeting_new,
    M + "bodies/": views.bodies,
    M + "bodies/<int:pk>/": views.body,
    M + "bodies/offices/<int:pk>/end/": views.office_end,
    M + "mine/": views.mine,
    MINE: views.mine_meeting,
    MINE + "checkin/": views.mine_checkin,
    MINE + "confirm/": views.mine_confirm,
    MINE + "proxy/": views.mine_proxy,
    MINE + "proxy/withdraw/": views.mine_proxy_withdraw,
    MINE + "vote/<int:ballot_pk>/": views.mine_vote,
    MINE + "documents/<int:doc_pk>/": views.mine_document,
    MINE + "minutes.pdf": views.mine_minutes,
    ONE: views.detail,
    ONE + "edit/": views.meeting_edit,
    ONE + "convene/": views.convene,
    ONE + "notices/": views.notices,
    ONE + "notices/resend/": views.notices_resend,
    ONE + "items/<int:item_pk>/": views.item,
    ONE + "items/<int:item_pk>/<slug:name>/": views.item_action,
    ONE + "documents/<int:doc_pk>/": views.document_file,
    ONE + "documents/<int:doc_pk>/delete/": views.document_delete,
    ONE + "minutes.pdf": views.minutes_file,
    ONE + "minutes/retry/": views.minutes_retry,
    ONE + "chair/": views.chair,
    ONE + "chair/quorum/": views.quorum,
    ONE + "chair/open/": views.open_session,
    ONE + "chair/checkin/": views.check_in,
    ONE + "chair/checkout/<int:participant_pk>/": views.check_out,
    ONE + "chair/proxies/": views.proxy_grant,
    ONE + "chair/proxies/<int:proxy_pk>/withdraw/": views.proxy_withdraw,
    ONE + "chair/minutes/": views.minutes_edit,
    ONE + "chair/close/": views.meeting_close,
    BALLOT: views.ballot,
    BALLOT + "open/": views.ballot_open,
    BALLOT + "vote/": views.ballot_vote,
    BALLOT + "hands/": views.ballot_hands,
    BALLOT + "close/": views.ballot_close,
    BALLOT + "voters.csv": views.ballot_voters_csv,
}
RENAMED = {
    "meeting_edit": "edit",
    "document_file": "document",
    "minutes_file": "minutes",
    "meeting_close": "close",
    "ballot_voters_csv": "ballot_voters",
}

urlpatterns = [
    path(route, view, name=RENAMED.get(view.__name__, view.__name__))
    for route, view in ROUTES.items()
]
