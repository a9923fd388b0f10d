"""Sitemap of the visible news items and stories (registered in techniekkaart/sitemaps.py)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from news.models import NewsItem


class NewsSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[NewsItem]:
        return NewsItem.objects.visible().only("slug", "kind", "updated").order_by("slug")

    def lastmod(self, item: NewsItem) -> datetime:
        return item.updated
