"""Sitemap of the visible news items and stories (registered in techniekkaart/sitemaps.py)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from news.models import NewsItem


class NewsSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):  # type: ignore[no-untyped-def]
        return NewsItem.objects.visible().only("slug", "kind", "updated").order_by("slug")

    def lastmod(self, item: NewsItem):  # type: ignore[no-untyped-def]
        return item.updated
