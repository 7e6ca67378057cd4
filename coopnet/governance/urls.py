"""URLs of the governance app: meetings of an organization under /o/<slug>/meetings/."""

from django.urls import path

from . import views

app_name = "governance"

M = "o/<slug:org_slug>/meetings/"
ONE = M + "<int:pk>/"
BALLOT = ONE + "ballots/<int:item_pk>/"

urlpatterns = [
    path(M, views.register, name="register"),
    path(M + "export.csv", views.export_csv, name="export_csv"),
    path(M + "statute/", views.statute, name="statute"),
    path(M + "new/", views.meeting_new, name="meeting_new"),
    path(M + "mine/", views.mine, name="mine"),
    path(M + "mine/<int:pk>/", views.mine_meeting, name="mine_meeting"),
    path(M + "mine/<int:pk>/checkin/", views.mine_checkin, name="mine_checkin"),
    path(M + "mine/<int:pk>/confirm/", views.mine_confirm, name="mine_confirm"),
    path(M + "mine/<int:pk>/proxy/", views.mine_proxy, name="mine_proxy"),
    path(
        M + "mine/<int:pk>/proxy/withdraw/",
        views.mine_proxy_withdraw,
        name="mine_proxy_withdraw",
    ),
    path(M + "mine/<int:pk>/vote/<int:ballot_pk>/", views.mine_vote, name="mine_vote"),
    path(
        M + "mine/<int:pk>/documents/<int:doc_pk>/",
        views.mine_document,
        name="mine_document",
    ),
    path(M + "mine/<int:pk>/minutes.pdf", views.mine_minutes, name="mine_minutes"),
    path(ONE, views.detail, name="detail"),
    path(ONE + "edit/", views.meeting_edit, name="edit"),
    path(ONE + "convene/", views.convene, name="convene"),
    path(ONE + "notices/", views.notices, name="notices"),
    path(ONE + "notices/resend/", views.notices_resend, name="notices_resend"),
    path(ONE + "items/<int:item_pk>/", views.item, name="item"),
    path(ONE + "items/<int:item_pk>/<slug:name>/", views.item_action, name="item_action"),
    path(ONE + "documents/<int:doc_pk>/", views.document_file, name="document"),
    path(ONE + "documents/<int:doc_pk>/delete/", views.document_delete, name="document_delete"),
    path(ONE + "minutes.pdf", views.minutes_file, name="minutes"),
    path(ONE + "minutes/retry/", views.minutes_retry, name="minutes_retry"),
    path(ONE + "chair/", views.chair, name="chair"),
    path(ONE + "chair/quorum/", views.quorum, name="quorum"),
    path(ONE + "chair/open/", views.open_session, name="open_session"),
    path(ONE + "chair/checkin/", views.check_in, name="check_in"),
    path(ONE + "chair/checkout/<int:participant_pk>/", views.check_out, name="check_out"),
    path(ONE + "chair/proxies/", views.proxy_grant, name="proxy_grant"),
    path(
        ONE + "chair/proxies/<int:proxy_pk>/withdraw/",
        views.proxy_withdraw,
        name="proxy_withdraw",
    ),
    path(ONE + "chair/minutes/", views.minutes_edit, name="minutes_edit"),
    path(ONE + "chair/close/", views.meeting_close, name="close"),
    path(BALLOT, views.ballot, name="ballot"),
    path(BALLOT + "open/", views.ballot_open, name="ballot_open"),
    path(BALLOT + "vote/", views.ballot_vote, name="ballot_vote"),
    path(BALLOT + "hands/", views.ballot_hands, name="ballot_hands"),
    path(BALLOT + "close/", views.ballot_close, name="ballot_close"),
    path(BALLOT + "voters.csv", views.ballot_voters_csv, name="ballot_voters"),
]
