"""Sitemap of the keuzevakken menu and its published modules (registered in techniekkaart/sitemaps.py)."""

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from electives.models import Module


class ElectivesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[object]:
        return ["menu", *Module.objects.published().order_by("slug")]

    def location(self, item: object) -> str:
        if item == "menu":
            return reverse("electives:menu")
        return item.get_absolute_url()  # type: ignore[attr-defined]

    def lastmod(self, item: object) -> datetime | None:
        return getattr(item, "updated", None)
