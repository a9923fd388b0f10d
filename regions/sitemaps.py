"""Sitemap of the STO region pages (registered in techniekkaart/sitemaps.py)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from regions.models import STORegion


class RegionSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[object]:
        return ["list", *STORegion.objects.order_by("slug")]

    def location(self, item: object) -> str:
        if item == "list":
            return reverse("regions:list")
        return item.get_absolute_url()  # type: ignore[attr-defined]
