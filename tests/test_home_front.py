"""The home page's highlights, count and news are kept per content version until the clock could
change them (pages.highlights.front, issue 17): a kept render is the same, byte for byte, as a
fresh one; an edit shows on the next render; a date that begins, a day that ends and a news item
that becomes due show without any edit."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import caches
from django.utils import timezone

from catalogue.models import Activity
from news.models import NewsItem
from techniekkaart import pagecache
from tests import factories

pytestmark = pytest.mark.django_db

LEAD = re.compile(r'<p class="lead">(.*?)</p>', re.DOTALL)
HIGHLIGHTS = re.compile(r'<ul class="cards highlight-grid">(.*?)</ul>', re.DOTALL)


@pytest.fixture
def catalogue():
    soon = factories.activity("Robots bouwen", theme="robots-code", days=(2,))
    later = factories.activity("Bruggen van spaghetti", theme="bouwen", days=(5, 9))
    later.title_en = "Spaghetti bridges"
    later.save()
    factories.activity("Altijd open lab", theme="maken", days=(),
                       availability=Activity.Availability.ALWAYS,
                       last_confirmed=timezone.localdate())  # fmt: skip
    NewsItem.objects.create(title="Oud nieuws", slug="oud", summary="s",
                            status=NewsItem.Status.PUBLISHED,
                            publish_at=timezone.now() - dt.timedelta(days=1))  # fmt: skip
    return {"soon": soon, "later": later}


def page(client, url: str = "/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def forget_all() -> None:
    """Nothing kept: neither the rows (pagecache's memos) nor the cards and blocks (fragments)."""
    pagecache._memos.clear()
    caches["fragments"].clear()


def lead(html: str) -> str:
    found = LEAD.search(html)
    assert found
    return found.group(1)


def highlights(html: str) -> str:
    found = HIGHLIGHTS.search(html)
    return found.group(1) if found else ""


@pytest.mark.parametrize("url", ["/", "/en/"])
def test_a_kept_home_page_is_the_same_as_a_fresh_render(client, catalogue, url):
    forget_all()
    fresh = page(client, url)
    kept = page(client, url)  # rows, cards and blocks all kept
    assert kept == fresh
    forget_all()
    assert page(client, url) == fresh
    assert "3" in lead(fresh)
    assert ("Spaghetti bridges" if url == "/en/" else "Bruggen van spaghetti") in fresh


def test_the_english_page_is_english_after_the_dutch_one_was_kept(client, catalogue):
    forget_all()
    dutch = page(client, "/")
    english = page(client, "/en/")
    assert "Bruggen van spaghetti" in highlights(dutch)
    assert "Spaghetti bridges" in highlights(english)
    assert '<html lang="en"' in english
    assert lead(english) != lead(dutch)


def test_an_edit_shows_on_the_next_render(client, catalogue):
    page(client, "/")
    later = catalogue["later"]
    later.title = "Bruggen van macaroni"
    later.save()
    assert "Bruggen van macaroni" in highlights(page(client, "/"))

    factories.activity("Zonneboot", theme="energie", days=(1,))
    html = page(client, "/")
    assert "4" in lead(html) and "Zonneboot" in highlights(html)

    NewsItem.objects.create(title="Vers nieuws", slug="vers", summary="s",
                            status=NewsItem.Status.PUBLISHED,
                            publish_at=timezone.now() - dt.timedelta(hours=1))  # fmt: skip
    assert "Vers nieuws" in page(client, "/")


def test_a_date_that_begins_drops_off_and_is_no_longer_counted(client, catalogue, monkeypatch):
    start = catalogue["soon"].occurrences.get().start
    monkeypatch.setattr(timezone, "now", lambda: start - dt.timedelta(seconds=20))
    before = page(client, "/")
    assert "Robots bouwen" in highlights(before) and "3" in lead(before)
    monkeypatch.setattr(timezone, "now", lambda: start + dt.timedelta(seconds=1))
    after = page(client, "/")  # within the memo's minute, under the same content version
    assert "Robots bouwen" not in highlights(after)
    assert "2" in lead(after)
    forget_all()
    assert page(client, "/") == after


def test_an_offer_no_longer_confirmed_drops_off_when_the_day_ends(client, catalogue, monkeypatch):
    from django.conf import settings

    lab = Activity.objects.get(title="Altijd open lab")
    Activity.objects.filter(pk=lab.pk).update(  # confirmed the last day it counts
        last_confirmed=timezone.localdate() - dt.timedelta(days=settings.CONFIRM_EVERY_DAYS)
    )
    pagecache.bump()
    zone = timezone.get_current_timezone()
    today = timezone.localdate()
    evening = dt.datetime.combine(today, dt.time(23, 59, 50), zone)
    monkeypatch.setattr(timezone, "now", lambda: evening)
    assert "3" in lead(page(client, "/"))
    monkeypatch.setattr(timezone, "now", lambda: evening + dt.timedelta(seconds=20))
    assert "2" in lead(page(client, "/"))


def test_a_scheduled_news_item_shows_when_it_is_due(client, catalogue, monkeypatch):
    due = timezone.now() + dt.timedelta(minutes=5)
    NewsItem.objects.create(title="Gepland nieuws", slug="gepland", summary="s",
                            status=NewsItem.Status.PUBLISHED, publish_at=due)  # fmt: skip
    monkeypatch.setattr(timezone, "now", lambda: due - dt.timedelta(seconds=10))
    assert "Gepland nieuws" not in page(client, "/")
    monkeypatch.setattr(timezone, "now", lambda: due + dt.timedelta(seconds=1))
    assert "Gepland nieuws" in page(client, "/")
