"""Sitemap of the published about pages (registered in techniekkaart/sitemaps.py)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from pages.models import Page


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):  # type: ignore[no-untyped-def]
        return Page.objects.published().only("slug", "updated").order_by("slug")

    def lastmod(self, item: Page):  # type: ignore[no-untyped-def]
        return item.updated
