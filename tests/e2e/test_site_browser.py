"""Home, news, a story and the about pages in real Chromium: axe finds nothing, nothing leaves
localhost, no cookies; a child reaches the quiz from the home page with the keyboard."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from news.models import NewsItem, Tag
from tests import factories
from tests.factories import first_pages
from tests.xss_payloads import payloads

pytestmark = pytest.mark.django_db(transaction=True)


def news_item(
    title: str, kind: str, days_ago: int, body: str = "", tags: tuple[str, ...] = ()
) -> NewsItem:
    item = NewsItem.objects.create(
        title=title, slug=f"bericht-{days_ago}", kind=kind, summary=f"Samenvatting van {title}.",
        body=body or "<h2>Kop</h2><p>Tekst met <a href=\"/activiteiten/\">een link</a>.</p>"
        "<ul><li>een</li><li>twee</li></ul><blockquote>Een citaat.</blockquote>",
        status=NewsItem.Status.PUBLISHED, publish_at=timezone.now() - dt.timedelta(days=days_ago),
    )  # fmt: skip
    item.tags.set(
        [Tag.objects.get_or_create(slug=t, defaults={"name": t.title()})[0] for t in tags]
    )
    return item


@pytest.fixture
def site():
    first_pages()
    factories.activity("Bouw een brug", theme="bouwen", place="Kampen", days=(2,))
    factories.activity("Robotclub", theme="robots-code", place="Zwolle", days=(3,))
    news_item("De Techniekkaart is online", NewsItem.Kind.NEWS, 1, tags=("techniekpact",))
    news_item("Open dagen in het voorjaar", NewsItem.Kind.NEWS, 5, tags=("bedrijven",))
    return news_item("Groep 6 bouwt een brug", NewsItem.Kind.STORY, 2, tags=("bouwen", "scholen"))


def check(page, outside_requests) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert outside_requests == []
    assert page.context.cookies() == []


@pytest.mark.parametrize("width", [390, 1366])
def test_home_news_story_and_about_pages_pass_axe(live_server, page, outside_requests, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("/", "/nieuws/", "/verhalen/", site.get_absolute_url(), "/privacy/", "/over/",
                 "/toegankelijkheid/", "/nieuws/?onderwerp=bedrijven"):  # fmt: skip
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        check(page, outside_requests)
    expect(page.locator("h1")).to_contain_text("Nieuws")


def test_a_child_reaches_the_quiz_from_home_with_the_keyboard(
    live_server, page, outside_requests, site
):
    page.goto(f"{live_server.url}/")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Doe de quiz!":
            break
    else:
        raise AssertionError("Doe de quiz! is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/quiz/")
    assert outside_requests == []


def test_a_story_shows_read_also_and_the_news_links_work(live_server, page, outside_requests, site):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Groep 6 bouwt een brug").click()
    expect(page.locator("h1")).to_have_text("Groep 6 bouwt een brug")
    expect(page.locator("#lees-ook + .news-list li")).to_have_count(2)
    expect(page.locator('meta[property="og:title"]')).to_have_attribute(
        "content", "Groep 6 bouwt een brug"
    )
    page.get_by_role("link", name="Scholen").click()
    expect(page.locator("h1")).to_have_text("Succesverhalen: Scholen")


def test_xss_in_a_story_does_not_run(live_server, page, outside_requests):
    first_pages()
    body = "".join(payloads())
    item = news_item("Verhaal", NewsItem.Kind.STORY, 1, body=body)
    NewsItem.objects.filter(pk=item.pk).update(body=body)  # bypass cleaning on save: render cleans
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{live_server.url}{item.get_absolute_url()}")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.evaluate("window.__xss") is None
    assert page.url.endswith(item.get_absolute_url())
