"""Pages of the practices app (``views.x`` in urls.py)."""

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
from .reviews import review_detail, review_file, review_list
from .submissions import home, open_call, own_file, submission_detail

__all__ = [
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
    "home",
    "open_call",
    "own_file",
    "practice_detail",
    "received_detail",
    "received_file",
    "review_detail",
    "review_file",
    "review_list",
    "submission_detail",
]
