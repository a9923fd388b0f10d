"""The sitemap at /sitemap.xml: one section per kind of public page.

To add a section (e.g. STO regions or keuzevakken), write a Sitemap class in that app and add it to
SITEMAPS below, or from outside: ``SITEMAPS["sto-regios"] = RegionSitemap``. Each item needs
get_absolute_url(); give the class ``lastmod()`` if the model has an updated field.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from catalogue.models import Activity, Provider
from electives.sitemaps import ElectivesSitemap
from news.models import NewsItem
from pages.models import Page
from regions.sitemaps import RegionSitemap


class StaticSitemap(Sitemap):
    """The fixed entry pages: home, the catalogue and the news and story lists."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "public:home", "public:activities", "news:news", "news:stories", "newsletter:sign-up",
        ]  # fmt: skip

    def location(self, item: str) -> str:
        return reverse(item)


class ActivitySitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):  # type: ignore[no-untyped-def]
        return Activity.objects.public().only("slug", "updated").order_by("slug")

    def lastmod(self, item: Activity):  # type: ignore[no-untyped-def]
        return item.updated


class ProviderSitemap(Sitemap):
    """Only providers with something to show: a page without activities helps nobody."""

    changefreq = "weekly"

    def items(self):  # type: ignore[no-untyped-def]
        with_activities = Activity.objects.public().values("provider_id")
        return Provider.objects.filter(pk__in=with_activities).only("slug").order_by("slug")


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):  # type: ignore[no-untyped-def]
        return Page.objects.published().only("slug", "updated").order_by("slug")

    def lastmod(self, item: Page):  # type: ignore[no-untyped-def]
        return item.updated


class NewsSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):  # type: ignore[no-untyped-def]
        return NewsItem.objects.visible().only("slug", "kind", "updated").order_by("slug")

    def lastmod(self, item: NewsItem):  # type: ignore[no-untyped-def]
        return item.updated


SITEMAPS: dict[str, type[Sitemap]] = {
    "paginas": StaticSitemap,
    "activiteiten": ActivitySitemap,
    "aanbieders": ProviderSitemap,
    "over": PageSitemap,
    "nieuws": NewsSitemap,
    "sto-regios": RegionSitemap,
    "keuzevakken": ElectivesSitemap,
}
