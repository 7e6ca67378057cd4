"""URLs of the practices app: the applicant's pages under /o/<slug>/practices/ (a person's
own, without an organization, under /practices/mie/), the
organizer's under /o/<slug>/practices/calls/, the reviewer's under /o/<slug>/practices/reviews/,
the public catalogue, its stories and feeds under /practices/, and a person's own replication
requests in the account area, /accounts/practices/replications/."""

from django.urls import path

from . import views
from .feeds import CatalogueAtomFeed, CatalogueFeed

app_name = "practices"

P = "o/<slug:org_slug>/practices/"

urlpatterns = [
    path("practices/", views.catalogue, name="catalogue"),
    path("practices/<int:pk>/", views.practice_detail, name="practice"),
    path("practices/<int:pk>/replica/", views.replication_ask, name="replication_ask"),
    path("accounts/practices/replications/", views.my_list, name="my_replications"),
    path("accounts/practices/replications/<int:pk>/", views.my_detail, name="my_replication"),
    path(
        "accounts/practices/replications/<int:pk>/withdraw/",
        views.my_withdraw,
        name="my_replication_withdraw",
    ),
    path("practices/notizie/<int:pk>/", views.story_page, name="story"),
    path("practices/notizie/<int:pk>/foto/", views.story_picture, name="story_picture"),
    path("practices/feed/rss/", CatalogueFeed(), name="feed_rss"),
    path("practices/feed/atom/", CatalogueAtomFeed(), name="feed_atom"),
    path("practices/mappa/", views.catalogue_map, name="map"),
    path("practices/mappa.geojson", views.catalogue_geojson, name="geojson"),
    path("practices/mie/", views.mine, name="mine"),
    path("practices/mie/bandi/<int:pk>/", views.person_call, name="person_call"),
    path("practices/mie/<int:pk>/", views.person_submission, name="person_submission"),
    path("practices/mie/file/<int:pk>/", views.person_file, name="person_file"),
    path("practices/mie/pratiche/<int:pk>/", views.person_practice_revise, name="person_practice"),
    path("practices/piattaforma/", views.platform_calls, name="platform_calls"),
    path(P, views.home, name="home"),
    path(f"{P}open/<int:pk>/", views.open_call, name="open_call"),
    path(f"{P}submissions/<int:pk>/", views.submission_detail, name="submission"),
    path(f"{P}files/<int:pk>/", views.own_file, name="own_file"),
    path(f"{P}calls/", views.call_list, name="calls"),
    path(f"{P}calls/new/", views.call_create, name="call_create"),
    path(f"{P}calls/<int:pk>/", views.call_detail, name="call"),
    path(f"{P}calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    path(f"{P}calls/<int:pk>/publish/", views.call_publish, name="call_publish"),
    path(f"{P}calls/<int:pk>/assign/", views.call_assign, name="call_assign"),
    path(f"{P}calls/<int:pk>/ranking/", views.call_ranking, name="ranking"),
    path(f"{P}calls/<int:pk>/release/", views.call_release, name="call_release"),
    path(f"{P}received/<int:pk>/", views.received_detail, name="received"),
    path(f"{P}received/files/<int:pk>/", views.received_file, name="received_file"),
    path(f"{P}published/", views.published_list, name="published_list"),
    path(f"{P}published/<int:pk>/", views.practice_revise, name="published"),
    path(f"{P}catalogue/", views.curated_list, name="curated_list"),
    path(f"{P}catalogue/<int:pk>/", views.curated_detail, name="curated"),
    path(f"{P}replications/", views.replication_list, name="replications"),
    path(f"{P}replications/<int:pk>/", views.replication_detail, name="replication"),
    path(f"{P}replications/asked/", views.asked_list, name="asked_replications"),
    path(f"{P}replications/asked/<int:pk>/", views.asked_detail, name="asked_replication"),
    path(
        f"{P}replications/asked/<int:pk>/withdraw/",
        views.asked_withdraw,
        name="asked_replication_withdraw",
    ),
    path(f"{P}stories/", views.story_list, name="stories"),
    path(f"{P}stories/new/", views.story_create, name="story_create"),
    path(f"{P}stories/<int:pk>/", views.story_edit, name="story_edit"),
    path(f"{P}reviews/", views.review_list, name="reviews"),
    path(f"{P}reviews/<int:pk>/", views.review_detail, name="review"),
    path(f"{P}reviews/files/<int:pk>/", views.review_file, name="review_file"),
]
