"""The catalogue's RSS and Atom feeds: new public practices and stories, the newest first."""

from __future__ import annotations

import datetime as dt
from itertools import chain

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Practice, Story

ITEMS = 30

Item = Practice | Story


class CatalogueFeed(Feed):
    title = _("Buone pratiche di innovazione sociale")
    description = _("Le nuove buone pratiche del catalogo e le notizie di chi lo cura.")

    def link(self) -> str:
        return reverse("practices:catalogue")

    def items(self) -> list[Item]:
        practices = selectors.catalogue().order_by("-published_on", "-pk")[:ITEMS]
        stories = selectors.public_stories()[:ITEMS]
        rows: list[Item] = sorted(
            chain(practices, stories), key=lambda r: (r.published_on, r.pk), reverse=True
        )
        return rows[:ITEMS]

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        # Plain text: the feed escapes it, so HTML typed by a user stays text.
        return item.summary if isinstance(item, Practice) else item.text[:500]

    def item_link(self, item: Item) -> str:
        name = "practices:practice" if isinstance(item, Practice) else "practices:story"
        return reverse(name, args=[item.pk])

    def item_guid(self, item: Item) -> str:
        return self.item_link(item)

    def item_pubdate(self, item: Item) -> dt.datetime:
        midnight = dt.datetime.combine(item.published_on, dt.time())
        return timezone.make_aware(midnight)

    def item_author_name(self, item: Item) -> str:
        if isinstance(item, Practice):
            return item.proposed_by
        return item.organizer_name


class CatalogueAtomFeed(CatalogueFeed):
    feed_type = Atom1Feed
    subtitle = CatalogueFeed.description
