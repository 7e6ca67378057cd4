"""Pages of the practices app (``views.x`` in urls.py)."""

from .asked import asked_detail, asked_list, asked_withdraw, my_detail, my_list, my_withdraw
from .calls import (
    call_assign,
    call_create,
    call_detail,
    call_edit,
    call_list,
    call_publish,
    call_ranking,
    call_release,
    received_detail,
    received_file,
)
from .catalogue import catalogue, practice_detail
from .map import catalogue_geojson, catalogue_map
from .mine import (
    mine,
    person_call,
    person_file,
    person_practice_revise,
    person_submission,
    platform_calls,
)
from .replication import replication_ask, replication_detail, replication_list
from .reviews import review_detail, review_file, review_list
from .revisions import curated_detail, curated_list, practice_revise, published_list
from .stories import story_create, story_edit, story_list, story_page, story_picture
from .submissions import home, open_call, own_file, submission_detail

__all__ = [
    "asked_detail",
    "asked_list",
    "asked_withdraw",
    "call_assign",
    "call_create",
    "call_detail",
    "call_edit",
    "call_list",
    "call_publish",
    "call_ranking",
    "call_release",
    "catalogue",
    "catalogue_geojson",
    "catalogue_map",
    "curated_detail",
    "curated_list",
    "home",
    "mine",
    "my_detail",
    "my_list",
    "my_withdraw",
    "open_call",
    "own_file",
    "person_call",
    "person_file",
    "person_practice_revise",
    "person_submission",
    "platform_calls",
    "practice_detail",
    "practice_revise",
    "published_list",
    "received_detail",
    "received_file",
    "replication_ask",
    "replication_detail",
    "replication_list",
    "review_detail",
    "review_file",
    "review_list",
    "story_create",
    "story_edit",
    "story_list",
    "story_page",
    "story_picture",
    "submission_detail",
]
