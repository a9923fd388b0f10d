"""Sitemap of the published about pages (registered in techniekkaart/sitemaps.py)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from pages.models import Page


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Page]:
        return Page.objects.published().only("slug", "updated").order_by("slug")

    def lastmod(self, item: Page) -> datetime:
        return item.updated
