"""Impact figures: periods, counts checked against hand-made fixtures, suppression rules, the dashboard page,
CSV export, access (coordinators only), the pinned number of queries, and the new quiz counters.

Which quarters are on offer (only ended ones, inside the retention window) is checked here against the
real deletion rule; that their figures then never change is attacked in tests/test_impact_privacy.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue.models import DailyCount
from classroom.models import ClassSession
from impact import figures, suppression
from impact.figures import Period
from quiz.models import DailyStart, Result, count_quiz_start
from quiz.services import old_results
from regions.models import MunicipalityRegion, STORegion
from tests import factories

pytestmark = pytest.mark.django_db

ZONE = ZoneInfo("Europe/Amsterdam")
Q1 = Period(2025, 1)


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), ZONE)


def results(n: int, *, day: str, place: str = "Zwolle", theme: str = "bouwen", age=9, opened=0):
    for i in range(n):
        Result.objects.create(
            profile={theme: 0.6, "water": 0.1} if theme else {},
            age=age,
            municipality=place,
            created=at(day),
            opened=at(day) if i < opened else None,
        )


@pytest.fixture
def quarter(db, settings):
    """Hand-made 2025-K1 plus one result just outside it on each side; results kept long enough that 2025-K1
    lies inside the retention window (and so is on offer) whatever today is."""
    settings.QUIZ_RESULT_RETENTION_DAYS = 20 * 365
    for slug in ("bouwen", "water", "maken"):
        factories.theme_named(slug)
    oost = STORegion.objects.create(name="STO Oost", slug="test-oost")
    west = STORegion.objects.create(name="STO West", slug="test-west")
    for place, region in (("Zwolle", oost), ("Kampen", west), ("Dalfsen", oost)):
        MunicipalityRegion.objects.update_or_create(municipality=place, defaults={"region": region})
    results(30, day="2025-01-06", place="Zwolle", theme="bouwen", age=9, opened=12)
    results(14, day="2025-01-08", place="Zwolle", theme="water", age=10, opened=0)
    results(20, day="2025-02-12", place="Kampen", theme="bouwen", age=11, opened=20)
    results(3, day="2025-03-31", place="Dalfsen", theme="maken", age=None, opened=1)
    results(2, day="2025-01-01", place="Kampen", theme="", age=7, opened=0)
    Result.objects.create(
        profile={"bouwen": 1}, municipality="Zwolle", created=at("2024-12-31", 23)
    )
    Result.objects.create(profile={"bouwen": 1}, municipality="Zwolle", created=at("2025-04-01", 0))
    DailyStart.objects.create(date=dt.date(2025, 1, 6), count=40)
    DailyStart.objects.create(date=dt.date(2025, 2, 12), count=25)
    DailyStart.objects.create(date=dt.date(2025, 4, 1), count=99)
    act = factories.activity(theme="bouwen")
    DailyCount.objects.create(activity=act, date=dt.date(2025, 1, 7), views=50, signup_clicks=11)
    DailyCount.objects.create(activity=act, date=dt.date(2025, 2, 13), views=9, signup_clicks=4)


def test_periods_are_aligned_quarters():
    assert Period.from_slug("2025-K3") == Period(2025, 3)
    for bad in ("", "2025", "2025-K5", "2025-K0", "25-K1", "２０２５-K1", "2025-Q1"):
        assert Period.from_slug(bad) is None
    assert Period(2025, 1).previous() == Period(2024, 4)
    assert Period(2024, 4).next() == Period(2025, 1)
    weeks = Q1.weeks()
    assert weeks[0] == dt.date(2025, 1, 1)  # a Wednesday: the first week is clipped to the quarter
    assert weeks[1] == dt.date(2025, 1, 6)
    assert weeks[-1] == dt.date(2025, 3, 31)
    assert all(w.weekday() == 0 for w in weeks[1:])
    assert Q1.week_of(dt.date(2025, 1, 3)) == dt.date(2025, 1, 1)
    assert Q1.week_of(dt.date(2025, 1, 12)) == dt.date(2025, 1, 6)


def now_at(day: str, hour: int = 12) -> dt.datetime:
    return at(day, hour)


def test_only_ended_quarters_inside_the_retention_window_are_offered(settings):
    settings.QUIZ_RESULT_RETENTION_DAYS = 365
    assert figures.periods_available(now_at("2025-05-01")) == []  # nothing yet
    Result.objects.create(profile={}, created=at("2024-02-10"))
    # The running quarter (2025-K2) is never offered; nor is 2024-K2, which starts before 2024-05-01 12:00
    # (365 days back), so results of its first month may already be deleted.
    offered = figures.periods_available(now_at("2025-05-01"))
    assert offered == [Period(2025, 1), Period(2024, 4), Period(2024, 3)]
    # On the first day of a quarter the one that just ended appears; at the first moment the retention
    # window reaches into 2024-K3 (00:00 is exactly its start, nothing before that is deleted) it goes.
    assert figures.periods_available(now_at("2025-06-30", 23))[0] == Period(2025, 1)
    assert figures.periods_available(now_at("2025-07-01", 0)) == [
        Period(2025, 2), Period(2025, 1), Period(2024, 4), Period(2024, 3)
    ]  # fmt: skip
    assert figures.periods_available(now_at("2025-07-01", 1))[-1] == Period(2024, 4)
    # A new deployment: results only in the running quarter, nothing to offer yet.
    Result.objects.all().delete()
    Result.objects.create(profile={}, created=at("2025-04-02"))
    assert figures.periods_available(now_at("2025-06-30")) == []


def test_no_offered_quarter_can_lose_a_result_to_the_retention_rule(settings, monkeypatch):
    """Checked against quiz.services.old_results (what delete_old_quiz_results deletes) at hundreds of moments,
    across summer and winter time: a result in the first hour of an offered quarter is never due for
    deletion, and a quarter that has ended is only left out once deletion can reach it."""
    settings.QUIZ_RESULT_RETENTION_DAYS = 200
    quarters = [Period(2024, 1)]
    while quarters[-1] < Period(2026, 1):
        quarters.append(quarters[-1].next())
    for period in quarters:
        Result.objects.create(profile={}, created=period.bounds()[0])
    days = dt.timedelta(days=settings.QUIZ_RESULT_RETENTION_DAYS)
    moments = set()
    moment = at("2024-04-01", 0)
    while moment < at("2026-01-10"):
        moments.add(moment)
        moment += dt.timedelta(hours=29)
    for (
        period
    ) in quarters:  # every hour around the moment deletion reaches a quarter, and around its end
        for edge in (period.bounds()[0] + days, period.bounds()[1]):
            moments |= {edge + dt.timedelta(hours=h) for h in range(-30, 30)}
    checked = dropped = 0
    for moment in sorted(moments):
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        offered = set(figures.periods_available())
        due = {
            Period.containing(timezone.localdate(r.created)) for r in old_results(older_than=days)
        }
        assert not offered & due, moment
        ended = {p for p in quarters if p < Period.containing(timezone.localdate(moment))}
        assert ended - offered == due & ended, moment  # never more cautious than needed
        checked += len(offered)
        dropped += len(ended - offered)
    assert checked > 1000 and dropped > 500


def test_an_opening_counts_only_before_the_quarter_ended(quarter):
    last_hour = at("2025-03-31", 23)
    Result.objects.create(profile={"water": 1}, municipality="Hattem", created=at("2025-03-30"),
                          age=9, opened=last_hour)  # fmt: skip
    Result.objects.create(profile={"water": 1}, municipality="Hattem", created=at("2025-03-30"),
                          age=9, opened=at("2025-04-01", 0))  # fmt: skip
    counts = figures.period_counts(Q1)
    assert counts.by_place_theme[("Hattem", "water")] == (2, 1)
    assert counts.by_week[dt.date(2025, 3, 24)] == (2, 1)
    assert counts.by_age["9"] == (32, 13)


def test_counts_match_the_hand_made_fixture(quarter):
    counts = figures.period_counts(Q1)
    assert counts.by_place_theme == {
        ("Zwolle", "bouwen"): (30, 12),
        ("Zwolle", "water"): (14, 0),
        ("Kampen", "bouwen"): (20, 20),
        ("Dalfsen", "maken"): (3, 1),
        ("Kampen", ""): (2, 0),
    }
    assert counts.by_age == {
        "9": (30, 12),
        "10": (14, 0),
        "11": (20, 20),
        "?": (3, 1),
        "t/m 8": (2, 0),
    }
    assert counts.by_week == {
        dt.date(2025, 1, 1): (2, 0),
        dt.date(2025, 1, 6): (44, 12),
        dt.date(2025, 2, 10): (20, 20),
        dt.date(2025, 3, 31): (3, 1),
    }
    assert counts.started == {dt.date(2025, 1, 6): 40, dt.date(2025, 2, 10): 25}
    assert counts.clicks == {dt.date(2025, 1, 6): 11, dt.date(2025, 2, 10): 4}


def test_published_tables_hide_small_cells_and_give_them_partners(quarter):
    pub = figures.dashboard(Q1)
    t = pub.tables
    funnel = {key: cells["aantal"].text for key, _l, cells in t["trechter"].rows}
    assert funnel == {"gestart": "65", "afgemaakt": "69", "geopend": "33", "aangeklikt": "15"}
    places = {key: (c["afgemaakt"].text, c["geopend"].text) for key, _l, c in t["gemeenten"].rows}
    # Dalfsen (3) is small. It shares STO Oost (47, shown) with Zwolle only, so Zwolle is its partner.
    assert places["Dalfsen"] == ("< 10", "< 10")
    assert places["Zwolle"] == ("< 10", "< 10")
    # Kampen: 22 finished, 20 opened: "2 opened nothing" must not follow, so 20 is hidden.
    assert places["Kampen"] == ("22", "< 10")
    regions = {key: c["afgemaakt"].text for key, _l, c in t["sto-regios"].rows}
    assert regions == {"STO Oost": "47", "STO West": "22"}
    interest = {key: c for key, _l, c in t["interesse-gemeente"].rows}
    # Dalfsen has no "bouwen" child: that 0 would follow from the column if Kampen's 20 were shown.
    assert interest["Dalfsen"]["bouwen"].text == "< 10"
    assert interest["Kampen"]["bouwen"].text == "< 10"
    assert interest["Zwolle"]["bouwen"].text == "30"
    ages = {key: c["afgemaakt"].text for key, _l, c in t["leeftijd"].rows}
    assert ages["9"] == "30" and ages["10"] == "14" and ages["11"] == "20"
    assert sum(v == "< 10" for v in ages.values()) >= 2
    assert pub.hidden > 0


def test_numbers_are_written_the_dutch_way(settings):
    assert figures.Shown(12345).text == "12.345"
    assert figures.Shown(None).text == "< 10"
    assert figures.Shown(None).csv == ""
    assert figures.Shown(25, tenths=True).text == "2,5"


def test_a_lone_hidden_cell_in_a_line_is_a_bridge_until_it_has_a_partner():
    values = {"a": 3, "b": 50, "c": 20}
    edges = suppression.line_edges(values, "line")
    assert suppression.protect(values, edges, {"a"}) == {"a", "c"}
    assert suppression.protect(values, edges, set()) == set()
    # Two-way: a 2x2 table with margins needs a rectangle of four.
    values = {("x", 1): 3, ("x", 2): 40, ("y", 1): 30, ("y", 2): 50}
    edges = {k: (("row", k[0]), ("col", k[1])) for k in values}
    values |= {"rx": 43, "ry": 80, "c1": 33, "c2": 90}
    edges |= {"rx": (("row", "x"), "rows"), "ry": (("row", "y"), "rows")}
    edges |= {"c1": (("col", 1), "cols"), "c2": (("col", 2), "cols")}
    hidden = suppression.protect(values, edges, {("x", 1)})
    assert ("x", 1) in hidden and len(hidden) >= 4


def test_dashboard_shows_charts_tables_and_the_chosen_municipality(
    client, django_user_model, quarter
):
    staff = django_user_model.objects.create_user("c@pact.example", password="x", is_staff=True)
    client.force_login(staff)
    page = client.get("/cijfers/", {"periode": "2025-K1", "gemeente": "Zwolle"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "1e kwartaal 2025" in html
    assert html.count("<svg") >= 10
    assert html.count("<caption>") >= html.count('class="chart"')
    assert 'scope="row"' in html and 'scope="col"' in html
    assert "Gemeente Zwolle" in html
    assert "&lt; 10" in html
    # The newest offered quarter by default; an unknown municipality shows the whole region.
    assert client.get("/cijfers/").context["period"] == figures.periods_available()[0]
    assert client.get("/cijfers/", {"gemeente": "Nergens"}).context["place"] == ""
    # A quarter that is not on offer is refused in Dutch, never swapped for another one.
    running = Period.containing(timezone.localdate()).slug
    for asked in (running, "1999-K1", "2024-K3", "<script>", "2025-K9", "２０２５-K1"):
        refused = client.get("/cijfers/", {"periode": asked, "gemeente": "Zwolle"})
        assert refused.status_code == 404, asked
        text = refused.content.decode()
        assert "Voor dit kwartaal tonen we geen cijfers" in text
        assert "Per gemeente" not in text and "Gemeente Zwolle" not in text
        assert "Activiteiten per thema (nu)" in text  # the supply is still there
        assert client.get("/cijfers/csv/gemeenten/", {"periode": asked}).status_code == 404


def test_before_the_first_quarter_has_ended_only_the_supply_shows(client, django_user_model):
    factories.activity(theme="bouwen")
    Result.objects.create(profile={"bouwen": 1})  # this hour: in the running quarter
    staff = django_user_model.objects.create_user("c@pact.example", password="x", is_staff=True)
    client.force_login(staff)
    page = client.get("/cijfers/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "De eerste cijfers verschijnen na afloop van het eerste kwartaal" in html
    assert "Activiteiten per thema (nu)" in html and "Quiz afgemaakt" not in html
    assert 'name="periode"' not in html
    supply = client.get("/cijfers/csv/aanbod-soort/")
    assert supply.status_code == 200
    assert f"-{timezone.localdate():%Y-%m-%d}.csv" in supply["Content-Disposition"]
    assert client.get("/cijfers/csv/gemeenten/").status_code == 404


def test_every_table_downloads_as_csv_with_hidden_cells_empty(client, django_user_model, quarter):
    staff = django_user_model.objects.create_user("c@pact.example", password="x", is_staff=True)
    client.force_login(staff)
    pub = figures.dashboard(Q1, figures.periods_available())
    assert "verloop" in pub.tables
    for slug, table in pub.tables.items():
        response = client.get(f"/cijfers/csv/{slug}/", {"periode": "2025-K1"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert f"techniekkaart-{slug}-2025-K1.csv" in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert rows[0][0] == table.row_header
        body = rows[1 : 1 + len(table.rows)]
        for (_key, label, cells), row in zip(table.rows, body, strict=True):
            assert row[0] == label
            assert row[1:] == [cells[k].csv for k, _l in table.columns]
        assert "< 10" not in response.content.decode()
    places = list(csv.reader(io.StringIO(client.get("/cijfers/csv/gemeenten/", {"periode": "2025-K1"})
                                          .content.decode("utf-8-sig")), delimiter=";"))  # fmt: skip
    assert ["Dalfsen", "", ""] in places
    assert client.get("/cijfers/csv/bestaat-niet/").status_code == 404


def test_only_coordinators_see_the_figures(client, django_user_model, quarter):
    for url in ("/cijfers/", "/cijfers/csv/gemeenten/"):
        anonymous = client.get(url)
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith("/portaal/inloggen/")
        provider = django_user_model.objects.create_user(f"p{len(url)}@a.example", password="x")
        client.force_login(provider)
        assert client.get(url).status_code == 403
        client.logout()


def test_staff_need_their_second_step_on_the_figures_too(client, django_user_model, settings):
    settings.TWO_FACTOR_FOR_STAFF = True
    staff = django_user_model.objects.create_user("c@pact.example", password="x", is_staff=True)
    client.force_login(staff)
    response = client.get("/cijfers/")
    assert response.status_code == 302
    assert "/portaal/tweestaps/" in response["Location"]


def test_the_dashboard_uses_a_fixed_number_of_queries(client, django_user_model, quarter):
    staff = django_user_model.objects.create_user("c@pact.example", password="x", is_staff=True)
    client.force_login(staff)
    client.get("/cijfers/", {"periode": "2025-K1"})
    with CaptureQueriesContext(connection) as few:
        client.get("/cijfers/", {"periode": "2025-K1"})
    results(15, day="2025-03-03", place="Hattem", theme="water")
    ClassSession.objects.create(
        school="De Brug", groep=6, place="Zwolle", municipality="Zwolle", expires=timezone.now()
    )
    with CaptureQueriesContext(connection) as more:
        client.get("/cijfers/", {"periode": "2025-K1", "gemeente": "Hattem"})
    assert (len(few), len(more)) == (23, 23)  # 4 of them: the class visits (impact/visits.py)


def test_starting_the_quiz_is_counted_per_day_without_a_cookie(client):
    factories.quiz(
        ("Wat bouw je?", "dit-of-dat", [("Een hut", {"bouwen": 1}), ("Een dijk", {"water": 1})])
    )
    response = client.post("/quiz/", {"stap": "start"})
    assert response.status_code == 200
    client.post("/quiz/", {"stap": "start"})
    assert DailyStart.objects.get(date=timezone.localdate()).count == 2
    assert not response.cookies
    client.post("/quiz/", {"stap": "0"})  # answering without an answer is not a start
    assert DailyStart.objects.get().count == 2


def test_opening_an_activity_from_the_result_is_noted_once(client):
    act = factories.activity(theme="bouwen")
    result = Result.objects.create(profile={"bouwen": 1.0})
    assert result.top_theme == "bouwen"
    url = f"/quiz/uitslag/{result.code}/open/{act.slug}/"
    response = client.post(url)  # the result page's button; a GET counts nothing
    assert response.status_code == 303
    assert response["Location"] == f"/activiteiten/{act.slug}/" or act.slug in response["Location"]
    assert response["Referrer-Policy"] == "no-referrer"
    result.refresh_from_db()
    first = result.opened
    assert first is not None and first.minute == 0 and first.second == 0
    Result.objects.filter(pk=result.pk).update(opened=first - dt.timedelta(hours=5))
    client.post(url)
    result.refresh_from_db()
    assert result.opened == first - dt.timedelta(hours=5)  # only the first opening counts
    assert client.get(f"/quiz/uitslag/{result.code}/open/bestaat-niet/").status_code == 404
    other = Result.objects.create(profile={})
    assert other.top_theme == ""
    assert client.get(f"/quiz/uitslag/onbekend/open/{act.slug}/").status_code == 302
    act.status = act.Status.DRAFT
    act.save()
    assert client.post(url).status_code == 404  # no longer public: no way to it from a result


@pytest.mark.django_db(transaction=True)
def test_starts_at_the_same_moment_are_all_counted_on_the_days_first_start_too():
    """Race: six start buttons at once, on a day without a row yet, ten times each. The one
    statement (INSERT ... ON CONFLICT DO UPDATE) makes the row or adds one, so none is lost and none
    fails. Real concurrency needs PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time; the race needs PostgreSQL")
    barrier = threading.Barrier(6)
    failures: list[Exception] = []

    def start_ten():
        from django.db import connection as own

        barrier.wait()
        try:
            for _ in range(10):
                count_quiz_start()
        except Exception as error:  # reported by the assertion below
            failures.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=start_ten) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert DailyStart.objects.get(date=timezone.localdate()).count == 60
