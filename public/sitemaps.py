"""Sitemap sections of the public catalogue: every public activity and every provider that has one
(registered in techniekkaart/sitemaps.py)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from catalogue.models import Activity, Provider


class ActivitySitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self) -> QuerySet[Activity]:
        return Activity.objects.public().only("slug", "updated").order_by("slug")

    def lastmod(self, item: Activity) -> datetime:
        return item.updated


class ProviderSitemap(Sitemap):
    """Only providers with something to show: a page without activities helps nobody."""

    changefreq = "weekly"

    def items(self) -> QuerySet[Provider]:
        with_activities = Activity.objects.public().values("provider_id")
        return Provider.objects.filter(pk__in=with_activities).only("slug").order_by("slug")
