"""sitemap.xml: home, the catalogue, every public activity and its provider, the pages, visible news."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree

import pytest
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Activity
from news.models import NewsItem
from pages.models import Page
from techniekkaart.sitemaps import SITEMAPS
from tests import factories
from tests.factories import first_pages

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own output
    return [loc.text.removeprefix("http://testserver") for loc in root.findall("s:url/s:loc", NS)]


def news(slug: str, days_ago: float, **fields) -> NewsItem:
    return NewsItem.objects.create(
        title=slug, slug=slug, summary="s", status=fields.pop("status", NewsItem.Status.PUBLISHED),
        publish_at=timezone.now() - dt.timedelta(days=days_ago), **fields,
    )  # fmt: skip


def test_the_sitemap_lists_what_is_public_and_nothing_else(client):
    first_pages()
    shown = factories.activity("Open dag", days=(3,))
    draft = factories.activity("Concept", days=(3,), status=Activity.Status.DRAFT)
    past = factories.activity("Voorbij", days=(-3,))
    lonely = factories.provider("Zonder activiteiten")
    story = news("verhaal-1", 1, kind=NewsItem.Kind.STORY)
    scheduled = news("later", -1)
    hidden_draft = news("concept", 1, status=NewsItem.Status.DRAFT)
    Page.objects.create(slug="verborgen", title="Verborgen", published=False)

    found = locations(client)
    for url in ("/", reverse("public:activities"), reverse("news:news"), reverse("news:stories"),
                shown.get_absolute_url(), shown.provider.get_absolute_url(),
                reverse("pages:about"), reverse("pages:privacy"), reverse("pages:accessibility"),
                "/over/partners/", story.get_absolute_url()):  # fmt: skip
        assert url in found, url
    for url in (draft.get_absolute_url(), past.get_absolute_url(), lonely.get_absolute_url(),
                scheduled.get_absolute_url(), hidden_draft.get_absolute_url(), "/over/verborgen/"):  # fmt: skip
        assert url not in found, url
    assert len(found) == len(set(found))


def test_every_address_in_the_sitemap_answers(client):
    factories.activity("Open dag", days=(3,))
    news("bericht", 1)
    for url in locations(client):
        assert client.get(url).status_code == 200, url


def test_a_scheduled_item_joins_the_sitemap_when_due(client):
    item = news("straks", -1)
    assert item.get_absolute_url() not in locations(client)
    NewsItem.objects.filter(pk=item.pk).update(publish_at=timezone.now() - dt.timedelta(seconds=1))
    assert item.get_absolute_url() in locations(client)


class Extra(Sitemap):
    def items(self) -> list[str]:
        return ["/sto-regios/"]

    def location(self, item: str) -> str:
        return item


def test_another_app_can_add_a_section(client, monkeypatch):
    monkeypatch.setitem(SITEMAPS, "sto-regios", Extra)
    assert "/sto-regios/" in locations(client)


def test_the_sitemap_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(5):
        factories.activity(f"Activiteit {n}", days=(n + 1,))
        news(f"bericht-{n}", n + 1)
    with django_assert_max_num_queries(10):  # eight sections; not one query per item
        locations(client)
