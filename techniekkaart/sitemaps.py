"""The sitemap at /sitemap.xml: one section per kind of public page.

Site wiring, like urls.py: each app keeps its own Sitemap class in its sitemaps.py, and this module
puts them together. To add a section, write the class in that app and add it to SITEMAPS below.
Each item needs get_absolute_url(); give the class ``lastmod()`` if the model has an updated field.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from electives.sitemaps import ElectivesSitemap
from news.sitemaps import NewsSitemap
from pages.sitemaps import PageSitemap
from public.sitemaps import ActivitySitemap, ProviderSitemap
from regions.sitemaps import RegionSitemap
from techniekkaart import languages


class StaticSitemap(Sitemap):
    """The fixed entry pages: home, the catalogue and the news and story lists."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "public:home", "public:activities", "news:news", "news:stories", "newsletter:sign-up",
        ]  # fmt: skip

    def location(self, item: str) -> str:
        return reverse(item)


def in_languages(section: type[Sitemap], codes: tuple[str, ...]) -> type[Sitemap]:
    """The section once per language (/en/…, /ar/…), each address with its alternates (issue 18)."""
    extra = {"i18n": True, "alternates": True, "x_default": True, "languages": list(codes)}
    return type(section.__name__, (section,), extra)


SITEMAPS: dict[str, type[Sitemap]] = {
    "paginas": in_languages(StaticSitemap, languages.ALL),  # home and the list: family pages
    "activiteiten": in_languages(ActivitySitemap, languages.ALL),
    "aanbieders": in_languages(ProviderSitemap, languages.ALL),
    "over": in_languages(PageSitemap, languages.ALL),
    "nieuws": in_languages(NewsSitemap, languages.EVERYWHERE),
    "sto-regios": in_languages(RegionSitemap, languages.EVERYWHERE),
    "keuzevakken": in_languages(ElectivesSitemap, languages.EVERYWHERE),
}
