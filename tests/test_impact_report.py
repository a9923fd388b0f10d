"""The quarterly impact report for funders (/cijfers/rapport/): one page per quarter on offer, the
dashboard's suppression kept (no group under 10 shown), the coordinator's text per quarter stored as
plain text and shown escaped, coordinators only, and what /cijfers/ says before the first quarter."""

# ruff: noqa: F811  (the tests take the imported "quarter" fixture as an argument)
from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from impact import figures
from impact.figures import Period
from impact.models import NOTE_MAX, QuarterNote
from quiz.models import Result
from tests import factories
from tests.test_impact import Q1, quarter, results  # noqa: F401  (quarter: the hand-made 2025-K1)

pytestmark = pytest.mark.django_db

REPORT = "/cijfers/rapport/"
CHILD_TABLES = {"trechter", "gemeenten", "sto-regios"}  # every cell counts children


@pytest.fixture
def coordinator(client, django_user_model):
    user = django_user_model.objects.create_user("c@pact.example", password="x", is_staff=True)
    client.force_login(user)
    return client


class Tables(HTMLParser):
    """Each report table's cells: {(quarter slug, table slug): [[cell text, ...], ...]}."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[tuple[str, str], list[list[str]]] = {}
        self.quarter = ""
        self.current: tuple[str, str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section" and (a.get("id") or "").startswith("kwartaal-"):
            self.quarter = (a["id"] or "").removeprefix("kwartaal-")
        if tag == "table":
            slug = re.search(r"report-table report-([a-z-]+)", a.get("class") or "")
            self.current = (self.quarter, slug.group(1)) if slug else None
            if self.current:
                self.tables[self.current] = []
        if self.current and tag == "tr":
            self.tables[self.current].append([])
        if self.current and tag in {"td", "th"}:
            self.cell = []

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self.current and tag in {"td", "th"} and self.cell is not None:
            self.tables[self.current][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        if tag == "table":
            self.current = None


def report_tables(html: str) -> dict[tuple[str, str], list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def test_one_section_per_quarter_on_offer_oldest_first(coordinator, quarter):
    offered = figures.periods_available()
    assert Q1 in offered and len(offered) >= 2
    page = coordinator.get(REPORT)
    assert page.status_code == 200
    html = page.content.decode()
    slugs = re.findall(r'<section class="report-page" id="kwartaal-([0-9]{4}-K[1-4])"', html)
    assert slugs == [p.slug for p in sorted(offered)]
    running = Period.containing(timezone.localdate())
    assert running.slug not in slugs
    tables = report_tables(html)
    assert {slug for (q, slug) in tables if q == Q1.slug} == CHILD_TABLES | {"tekort"}
    assert "1e kwartaal 2025" in html


def test_the_report_shows_exactly_what_the_dashboard_publishes(coordinator, quarter):
    offered = figures.periods_available()
    tables = report_tables(coordinator.get(REPORT).content.decode())
    publication = figures.dashboard(Q1, offered)
    for slug in CHILD_TABLES | {"tekort"}:
        table = publication.tables[slug]
        expected = [[label, *(cells[k].text for k, _l in table.columns)]
                    for _key, label, cells in table.rows]  # fmt: skip
        if table.total:
            expected.append([table.total[0], *(table.total[1][k].text for k, _l in table.columns)])
        rows = [row for row in tables[(Q1.slug, slug)] if row and row[0] != table.row_header]
        assert rows == expected, slug


def test_no_group_under_ten_children_is_shown_in_the_report(coordinator, quarter):
    """Dalfsen had 3 children in 2025-K1, Kampen's no-theme group 2: never printed as a number."""
    html = coordinator.get(REPORT).content.decode()
    tables = report_tables(html)
    shown_numbers = 0
    for (period, slug), rows in tables.items():
        columns = None
        for row in rows:
            if columns is None:
                columns = row  # the header row
                continue
            if len(row) == 1:
                continue  # "Nog niets in dit kwartaal."
            for header, cell in zip(columns[1:], row[1:], strict=True):
                if slug == "tekort" and header != "Kinderen met dit als sterkste thema":
                    continue  # activities and a ratio: no children counted
                if cell in {"< 10", "–"}:
                    continue
                number = int(cell.replace(".", ""))
                assert number >= 10, (period, slug, row)
                shown_numbers += 1
    assert shown_numbers > 5  # the check looked at real numbers
    dalfsen = next(r for r in tables[(Q1.slug, "gemeenten")] if r[0] == "Dalfsen")
    assert dalfsen[1:] == ["< 10", "< 10"]


def test_a_quarter_with_only_small_groups_shows_no_number_of_children(coordinator, settings):
    settings.QUIZ_RESULT_RETENTION_DAYS = 20 * 365
    factories.theme_named("bouwen")
    results(7, day="2025-05-06", place="Zwolle", theme="bouwen", opened=3)
    results(4, day="2025-05-07", place="Kampen", theme="bouwen", opened=2)
    tables = report_tables(coordinator.get(REPORT, {"periode": "2025-K2"}).content.decode())
    for (_q, slug), rows in tables.items():
        if slug in CHILD_TABLES:
            for row in rows[1:]:
                for cell in row[1:]:
                    assert cell == "< 10" or int(cell) >= 10, (slug, row)
    places = {r[0]: r[1:] for r in tables[("2025-K2", "gemeenten")][1:]}
    assert places["Zwolle"] == ["< 10", "< 10"] and places["Kampen"] == ["< 10", "< 10"]


def test_new_activities_and_providers_of_the_quarter_are_listed(coordinator, quarter):
    maker = factories.provider("Makerspace Kampen", place="Kampen")
    act = factories.activity("Solderen voor beginners", owner=maker)
    start, _end = Q1.bounds()
    type(act).objects.filter(pk=act.pk).update(created=start + dt.timedelta(days=10))
    type(maker).objects.filter(pk=maker.pk).update(created=start + dt.timedelta(days=9))
    html = coordinator.get(REPORT, {"periode": Q1.slug}).content.decode()
    assert "Solderen voor beginners" in html and "Makerspace Kampen" in html
    assert "1 nieuwe activiteit" in html and "1 nieuwe aanbieder" in html


# --- the coordinator's text --------------------------------------------------------------------


def test_the_coordinator_writes_a_text_per_quarter_and_it_is_shown_escaped(coordinator, quarter):
    url = f"/cijfers/rapport/{Q1.slug}/tekst/"
    assert coordinator.get(url).status_code == 200
    evil = "Goed kwartaal!\r\n\r\n<script>alert(1)</script><img src=x onerror=alert(1)> <b>vet</b>\x1b\x07"
    response = coordinator.post(url, {"text": evil})
    assert response.status_code == 302
    assert response["Location"] == f"{REPORT}#kwartaal-{Q1.slug}"
    note = QuarterNote.objects.get(period=Q1.slug)
    assert "\x07" not in note.text and "\x1b" not in note.text and "\r" not in note.text
    html = coordinator.get(REPORT).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>vet" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<p>Goed kwartaal!</p>" in html  # a blank line starts a paragraph
    # the edit form shows the saved text again
    assert "Goed kwartaal!" in coordinator.get(url).content.decode()


def test_a_too_long_text_is_refused_in_dutch_and_kept_in_the_form(coordinator, quarter):
    url = f"/cijfers/rapport/{Q1.slug}/tekst/"
    response = coordinator.post(url, {"text": "x" * (NOTE_MAX + 5)})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Maak de tekst korter" in body and "x" * 50 in body
    assert not QuarterNote.objects.exists()


def test_texts_only_for_quarters_on_offer(coordinator, quarter):
    running = Period.containing(timezone.localdate()).slug
    for slug in (running, "1999-K1", "2025-K9", "onzin"):
        assert coordinator.get(f"/cijfers/rapport/{slug}/tekst/").status_code == 404
        assert coordinator.post(f"/cijfers/rapport/{slug}/tekst/", {"text": "x"}).status_code == 404
        assert coordinator.get(REPORT, {"periode": slug}).status_code == 404
    assert not QuarterNote.objects.exists()


def test_only_coordinators_see_the_report_and_write_its_text(client, django_user_model, quarter):
    urls = [REPORT, f"/cijfers/rapport/{Q1.slug}/tekst/"]
    for url in urls:
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(
            "/portaal/inloggen/"
        )
    assert client.post(urls[1], {"text": "Hack"}).status_code == 302
    provider = django_user_model.objects.create_user("p@a.example", password="x")
    client.force_login(provider)
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(urls[1], {"text": "Hack"}).status_code == 403
    assert not QuarterNote.objects.exists()


def test_writing_the_text_needs_the_csrf_token(django_user_model, quarter):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    user = django_user_model.objects.create_user("c2@pact.example", password="x", is_staff=True)
    strict.force_login(user)
    assert strict.post(f"/cijfers/rapport/{Q1.slug}/tekst/", {"text": "x"}).status_code == 403
    assert not QuarterNote.objects.exists()


# --- before the first quarter ------------------------------------------------------------------


def test_before_the_first_quarter_ends_the_figures_page_says_what_comes_and_when(coordinator):
    factories.activity(theme="bouwen")
    Result.objects.create(profile={"bouwen": 1})  # in the running quarter
    running = Period.containing(timezone.localdate())
    day = date_format(running.next_first_day, "j F Y")
    html = coordinator.get("/cijfers/").content.decode()
    assert f"Vanaf {day} staan hier de cijfers over het {running.label}" in html
    assert "kwartaalrapport voor financiers" in html
    report = coordinator.get(REPORT)
    assert report.status_code == 200
    text = report.content.decode()
    assert f"staat hier vanaf {day}" in text and 'class="report-page"' not in text


def test_the_figures_page_links_to_the_report_once_a_quarter_is_on_offer(coordinator, quarter):
    html = coordinator.get("/cijfers/").content.decode()
    assert f'href="{REPORT}"' in html
