"""URLs of the community app: the time bank under /o/<slug>/timebank/, the commons register
under /o/<slug>/commons/ (with its agreements and activity reports)."""

from django.urls import path

from . import views

app_name = "community"

P = "o/<slug:org_slug>/timebank/"
C = "o/<slug:org_slug>/commons/"

urlpatterns = [
    path(P, views.board, name="board"),
    path(f"{P}offers/new/", views.offer_create, name="offer_create"),
    path(f"{P}offers/<int:pk>/", views.offer_detail, name="offer"),
    path(f"{P}offers/<int:pk>/close/", views.offer_close, name="offer_close"),
    path(f"{P}me/", views.mine, name="mine"),
    path(f"{P}me/data/", views.own_data, name="own_data"),
    path(f"{P}accounts/", views.account_list, name="accounts"),
    path(f"{P}accounts/new/", views.account_open, name="account_open"),
    path(f"{P}accounts/<int:pk>/", views.account_detail, name="account"),
    path(f"{P}transfers/", views.transfer_list, name="transfers"),
    path(f"{P}transfers/new/", views.transfer_create, name="transfer_create"),
    path(f"{P}transfers/import/", views.transfer_import, name="transfer_import"),
    path(f"{P}transfers/<int:pk>/", views.transfer_detail, name="transfer"),
    path(f"{P}allies/", views.allies, name="allies"),
    path(f"{P}allies/exchange/", views.interbank, name="interbank"),
    path(f"{P}settings/", views.bank_settings, name="settings"),
    path(f"{P}reports/", views.reports, name="reports"),
    path(C, views.asset_list, name="assets"),
    path(f"{C}new/", views.asset_create, name="asset_create"),
    path(f"{C}<int:pk>/", views.asset_detail, name="asset"),
    path(f"{C}<int:pk>/edit/", views.asset_edit, name="asset_edit"),
    path(f"{C}files/<int:pk>/", views.asset_file, name="asset_file"),
    path(f"{C}<int:pk>/agreements/new/", views.agreement_create, name="agreement_create"),
    path(f"{C}agreements/", views.agreement_list, name="agreements"),
    path(f"{C}agreements/<int:pk>/", views.agreement_detail, name="agreement"),
    path(f"{C}agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path(f"{C}agreements/<int:pk>/renew/", views.agreement_renew, name="agreement_renew"),
    path(f"{C}agreements/<int:pk>/reports/new/", views.report_create, name="report_create"),
    path(f"{C}reports/<int:pk>/", views.report_detail, name="report"),
    path(f"{C}reports/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path(f"{C}reports/pictures/<int:pk>/", views.report_picture, name="report_picture"),
]
