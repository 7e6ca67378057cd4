"""URLs of the community app: the time bank under /o/<slug>/timebank/, the commons register
under /o/<slug>/commons/ (with its agreements and activity reports); the public pages of the
commons (no login) under /beni-comuni/ and /regioni/<code>/beni-comuni/."""

from django.urls import path

from . import views

app_name = "community"

P = "o/<slug:org_slug>/timebank/"
C = "o/<slug:org_slug>/commons/"
B = "beni-comuni/<slug:org_slug>/"

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
    path(B, views.commons_map, name="public_map"),
    path(f"{B}mappa.geojson", views.commons_geojson, name="public_geojson"),
    path(f"{B}<int:pk>/", views.asset_page, name="public_asset"),
    path(f"{B}foto/<int:pk>/", views.asset_picture, name="public_picture"),
    path("regioni/<str:code>/beni-comuni/", views.region_map, name="region_map"),
    path("regioni/<str:code>/beni-comuni.geojson", views.region_geojson, name="region_geojson"),
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
