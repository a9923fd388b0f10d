"""RSS 2.0 and Atom feeds per kind, for feed readers and the Techniekpact's own site."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from news.models import NewsItem
from techniekkaart.feedtext import feed_html, feed_text

FEED_SIZE = 20


class NewsFeed(Feed):
    kind = NewsItem.Kind.NEWS
    title = _("Nieuws van de Techniekkaart")
    description = _("Nieuws van Techniekpact Regio Zwolle over techniek voor kinderen.")
    list_url = "news:news"

    def link(self) -> str:
        return reverse(self.list_url)

    def items(self) -> QuerySet[NewsItem]:
        return (
            NewsItem.objects.visible().filter(kind=self.kind).prefetch_related("tags")[:FEED_SIZE]
        )

    def item_title(self, item: NewsItem) -> str:
        return feed_text(item.title)

    def item_description(self, item: NewsItem) -> str:
        return feed_html(item.summary)  # readers show it as HTML: send it as text

    def item_pubdate(self, item: NewsItem) -> datetime:
        return item.publish_at

    def item_updateddate(self, item: NewsItem) -> datetime:
        return item.updated

    def item_categories(self, item: NewsItem) -> list[str]:
        return [feed_text(tag.name) for tag in item.tags.all()]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description


class StoryFeed(NewsFeed):
    kind = NewsItem.Kind.STORY
    title = _("Succesverhalen van de Techniekkaart")
    description = _(
        "Verhalen van kinderen, scholen en bedrijven in Regio Zwolle die techniek ontdekten."
    )
    list_url = "news:stories"


class StoryAtomFeed(StoryFeed):
    feed_type = Atom1Feed
    subtitle = StoryFeed.description
