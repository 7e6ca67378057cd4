"""URLs of the community app: the time bank under /o/<slug>/timebank/, the commons register
under /o/<slug>/commons/."""

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
]
