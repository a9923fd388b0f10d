"""An attack on everything the impact dashboard publishes: no hidden number about children can be worked out,
not from one page, and not by comparing what was published at different moments.

Hypothesis makes small random sets of quiz results, start counters and sign-up clicks. The test then asks the
real dashboard (as a coordinator) for every quarter on offer and every municipality choice, and writes each
published number as a sum of atomic counts (municipality x theme x age x week x opened, and the weekly
counters). A hidden cell can be worked out exactly when its indicator vector lies in the row space of the
published equations; the test checks that with an orthonormal basis of that row space. Asserted for every
hidden cell whose true value is 1 or more (a worked-out 0 exposes no child), and for every "finished but
opened nothing" difference between 1 and 9.

Time passing (`test_nothing_published_changes_as_time_passes`): the dashboard is read at two moments, months
apart. In between children finish quizzes (in the quarter that was running and the next), activities are
opened late, counters grow, a theme is added and `manage.py delete_old_quiz_results` deletes old results.
Every quarter offered at both moments must publish identical tables, and the attack runs over everything
published at both moments at once: each moment has its own unknowns, and "a cell went from 23 to 24" (a
change between 1 and 9 that can be worked out) counts as a leak. `test_the_attack_finds_leaks_without_partners`
and `test_the_attack_sees_figures_that_change` show the attack finds leaks when complementary suppression is
off, or when a running quarter, a quarter beyond the retention window, or late openings are published.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from catalogue.models import DailyCount, Theme
from classroom.models import ClassSession
from impact import figures, suppression
from impact.figures import AGE_BUCKETS, Period, age_bucket
from quiz.models import DailyStart, Result
from regions.models import MunicipalityRegion, STORegion
from tests import factories

pytestmark = pytest.mark.django_db

ZONE = ZoneInfo("Europe/Amsterdam")
PLACES = ("Zwolle", "Dalfsen", "Kampen", "")
REGION = {"Zwolle": "Test Noord", "Dalfsen": "Test Noord", "Kampen": "Test Zuid", "": ""}
THEMES = ("bouwen", "water", "maken", "")
AGES = (7, 9, 10, None)
CURRENT = Period.containing(dt.datetime.now(ZONE).date())
Q1 = CURRENT.previous()
Q0 = Q1.previous()
DAYS = tuple(p.first_day + dt.timedelta(days=d) for p in (Q0, Q1) for d in (0, 10, 40))
# Data in the running quarter too: it must not be offered.
NOW_DAYS = (*DAYS, min(CURRENT.first_day + dt.timedelta(days=3), dt.datetime.now(ZONE).date()))

groups = st.lists(
    st.tuples(
        st.sampled_from(PLACES),
        st.sampled_from(THEMES),
        st.sampled_from(AGES),
        st.sampled_from(NOW_DAYS),
        st.integers(1, 14),
        st.floats(0, 1),
    ),
    min_size=1,
    max_size=10,
)
counters = st.lists(st.tuples(st.sampled_from(NOW_DAYS), st.integers(0, 14)), max_size=6)

# A fixed calendar for time passing (the clock is set, so it does not matter when the test runs). Results are
# kept RETENTION days: at T1 (in P2) P0 and P1 are on offer; at T2 (in P3) P0 has started losing results and
# is gone, P1 is still offered, and P2 has ended and is offered for the first time.
P0, P1, P2, P3 = Period(2025, 2), Period(2025, 3), Period(2025, 4), Period(2026, 1)
RETENTION = 240
T1 = dt.datetime(2025, 10, 31, 12, tzinfo=ZONE)
T2 = dt.datetime(2026, 1, 21, 12, tzinfo=ZONE)
EARLY = tuple(p.first_day + dt.timedelta(days=d) for p, ds in ((P0, (0, 10, 60)), (P1, (0, 10, 40)),
                                                                (P2, (0, 10, 25))) for d in ds)  # fmt: skip
LATE = (P2.first_day + dt.timedelta(days=40), P2.next_first_day - dt.timedelta(days=1),
        P3.first_day + dt.timedelta(days=5))  # fmt: skip
OPENED_LATE = (dt.datetime(2025, 11, 4, 9, tzinfo=ZONE), dt.datetime(2025, 12, 31, 23, tzinfo=ZONE),
               dt.datetime(2026, 1, 1, 0, tzinfo=ZONE), dt.datetime(2026, 1, 20, 15, tzinfo=ZONE))  # fmt: skip


def _groups(days, max_size=10, min_size=1):
    return st.lists(
        st.tuples(
            st.sampled_from(PLACES), st.sampled_from(THEMES), st.sampled_from(AGES),
            st.sampled_from(days), st.integers(1, 14), st.floats(0, 1),
        ),
        min_size=min_size,
        max_size=max_size,
    )  # fmt: skip


def _counters(days):
    return st.lists(st.tuples(st.sampled_from(days), st.integers(0, 14)), max_size=5)


late_openings = st.lists(
    st.tuples(st.integers(0, 40), st.integers(1, 14), st.sampled_from(OPENED_LATE)), max_size=4
)


@pytest.fixture
def world(django_user_model):
    for slug in THEMES[:-1]:
        factories.theme_named(slug)
    Theme.objects.exclude(
        slug__in=THEMES
    ).delete()  # fewer unknowns: a faster attack, the same rules
    noord = STORegion.objects.create(name="Test Noord", slug="test-noord")
    zuid = STORegion.objects.create(name="Test Zuid", slug="test-zuid")
    for place, region in (("Zwolle", noord), ("Dalfsen", noord), ("Kampen", zuid)):
        MunicipalityRegion.objects.update_or_create(municipality=place, defaults={"region": region})
    staff = django_user_model.objects.create_user("c@pact.example", password="x", is_staff=True)
    return {"staff": staff, "activity": factories.activity(theme="bouwen")}


def _add(data, starts, clicks, activity) -> None:
    """Results made at 10:00 on their day (opened then too, for a share of them), and daily counters."""
    rows = []
    for place, theme, age, day, n, share in data:
        created = dt.datetime.combine(day, dt.time(10), ZONE)
        opened = round(n * share)
        for i in range(n):
            rows.append(
                Result(
                    profile={theme: 1.0} if theme else {},
                    top_theme=theme,
                    age=age,
                    municipality=place,
                    created=created,
                    opened=created if i < opened else None,
                )
            )
    Result.objects.bulk_create(rows)
    for model, pairs in ((DailyStart, starts), (DailyCount, clicks)):
        per_day: dict[dt.date, int] = {}
        for day, n in pairs:
            per_day[day] = per_day.get(day, 0) + n
        for day, n in per_day.items():
            if model is DailyStart:
                DailyStart.objects.create(date=day, count=n)
            else:
                DailyCount.objects.create(activity=activity, date=day, signup_clicks=n)


def _load(data, starts, clicks, activity) -> None:
    Result.objects.all().delete()
    DailyStart.objects.all().delete()
    DailyCount.objects.all().delete()
    ClassSession.objects.all().delete()
    _add(data, starts, clicks, activity)


class Quarter:
    """The unknowns of one quarter and the published equations over them. Published at several moments, each
    moment has unknowns of its own (the data may have changed in between)."""

    def __init__(self, period: Period, theme_keys: list[str], moments: int = 1):
        self.period = period
        self.weeks = period.weeks()
        self.themes = theme_keys
        self.index: dict[tuple, int] = {}
        for m in range(moments):
            for key in itertools.product(
                PLACES, theme_keys, [a for a, _l in AGE_BUCKETS], self.weeks, (False, True)
            ):
                self.index[(m, "r", *key)] = len(self.index)
            for week in self.weeks:
                self.index[(m, "s", week)] = len(self.index)
                self.index[(m, "k", week)] = len(self.index)
        self.published: list[np.ndarray] = []
        self.hidden: list[tuple[str, np.ndarray]] = []
        self.cells: dict[
            tuple[int, str], np.ndarray
        ] = {}  # (moment, name) -> vector, hidden or not
        self._columns: dict | None = None
        self._basis: np.ndarray | None = None

    def vector(self, family: str, moment: int = 0, **where) -> np.ndarray:
        """Indicator of the atoms a published number adds up (family: F, O, N, S or K)."""
        if self._columns is None:
            keys = list(self.index)
            r = [k[1] == "r" for k in keys]
            self._columns = {
                "moment": np.array([k[0] for k in keys]),
                "kind": np.array([k[1] for k in keys], dtype=object),
                "place": np.array(
                    [k[2] if x else None for k, x in zip(keys, r, strict=True)], dtype=object
                ),
                "region": np.array(
                    [REGION[k[2]] if x else None for k, x in zip(keys, r, strict=True)],
                    dtype=object,
                ),
                "theme": np.array(
                    [k[3] if x else None for k, x in zip(keys, r, strict=True)], dtype=object
                ),
                "age": np.array(
                    [k[4] if x else None for k, x in zip(keys, r, strict=True)], dtype=object
                ),
                "week": np.array(
                    [k[5] if x else k[2] for k, x in zip(keys, r, strict=True)], dtype=object
                ),
                "opened": np.array([x and k[6] for k, x in zip(keys, r, strict=True)], dtype=bool),
            }
        c = self._columns
        mask = (c["kind"] == ("r" if family in "FON" else family.lower())) & (c["moment"] == moment)
        if family == "O":
            mask &= c["opened"]
        if family == "N":
            mask &= ~c["opened"]
        for dim, value in where.items():
            mask &= c[dim] == value
        return mask.astype(float)

    def add(self, name: str, shown, vector: np.ndarray, moment: int = 0) -> None:
        self.cells[(moment, name)] = vector
        if shown.value is None:
            self.hidden.append((f"{name} (moment {moment + 1})", vector))
        else:
            self.published.append(vector)

    def determined(self, vector: np.ndarray) -> bool:
        if not self.published:
            return False
        if self._basis is None:  # all equations are in by the time the first question is asked
            _u, s, vt = np.linalg.svd(np.array(self.published), full_matrices=False)
            self._basis = vt[s > 1e-9 * s.max()]
        basis = self._basis
        residual = vector - basis.T @ (basis @ vector)
        return float(np.linalg.norm(residual)) < 1e-6


def _equations(q: Quarter, pub: figures.Publication, chosen: list[dict], m: int) -> None:
    t = pub.tables
    fam = {"afgemaakt": "F", "geopend": "O", "gestart": "S", "aangeklikt": "K"}
    for key, _label, cells in t["trechter"].rows:
        q.add(f"trechter {key}", cells["aantal"], q.vector(fam[key], m), m)
    dims = {"gemeenten": "place", "sto-regios": "region", "leeftijd": "age", "themas": "theme"}
    for slug, dim in dims.items():
        shown_rows = set()
        for key, _label, cells in t[slug].rows:
            shown_rows.add(key)
            for col, shown in cells.items():
                q.add(f"{slug} {key} {col}", shown, q.vector(fam[col], m, **{dim: key}), m)
        for col, shown in t[slug].total[1].items():
            q.add(f"{slug} totaal {col}", shown, q.vector(fam[col], m), m)
        universe = {"place": PLACES, "region": set(REGION.values()), "theme": q.themes}.get(dim, ())
        for missing in set(universe) - shown_rows:  # a row left out says: 0
            q.published.append(q.vector("F", m, **{dim: missing}))
    for key, _label, cells in t["weken"].rows:
        week = dt.date.fromisoformat(key)
        for col, shown in cells.items():
            q.add(f"weken {key} {col}", shown, q.vector(fam[col], m, week=week), m)
    for key, _label, cells in t["interesse-gemeente"].rows:
        for theme, shown in cells.items():
            q.add(f"interesse {key} {theme}", shown, q.vector("F", m, place=key, theme=theme), m)
    for theme, shown in t["interesse-gemeente"].total[1].items():
        q.add(f"interesse totaal {theme}", shown, q.vector("F", m, theme=theme), m)
    for _key, _label, cells in t["tekort"].rows:
        assert cells["per"].value is None or cells["kinderen"].value is not None
    for panel in chosen:
        place = panel["name"]
        for col, shown in panel["funnel"].items():
            q.add(f"keuze {place} {col}", shown, q.vector(fam[col], m, place=place), m)
        columns = [key for key, _l in t["interesse-gemeente"].columns]
        for (label, shown), theme in zip(panel["themes"], columns, strict=True):
            q.add(f"keuze {place} {label}", shown, q.vector("F", m, place=place, theme=theme), m)


def _atoms(period: Period) -> dict[tuple, int]:
    """What the database holds for the quarter at this moment, by atom (without the moment). Openings
    count as the dashboard defines them (figures.opened_in): the attack asks about what is published."""
    start, end = period.bounds()
    rows = Result.objects.filter(created__gte=start, created__lt=end)
    opened = set(rows.filter(figures.opened_in(period)).values_list("pk", flat=True))
    atoms: dict[tuple, int] = {}
    for r in rows.values("pk", "municipality", "top_theme", "age", "created"):
        week = period.week_of(r["created"].astimezone(ZONE).date())
        key = (
            "r",
            r["municipality"],
            r["top_theme"],
            age_bucket(r["age"]),
            week,
            r["pk"] in opened,
        )
        atoms[key] = atoms.get(key, 0) + 1
    days = Q(date__gte=period.first_day, date__lt=period.next_first_day)
    for kind, pairs in (
        ("s", DailyStart.objects.filter(days).values_list("date", "count")),
        ("k", DailyCount.objects.filter(days).values_list("date", "signup_clicks")),
    ):
        for day, n in pairs:
            key = (kind, period.week_of(day))
            atoms[key] = atoms.get(key, 0) + n
    return atoms


def read_dashboard(client) -> dict[Period, tuple]:
    """Everything on offer now: each quarter's page, every municipality choice, and the truth behind them.
    The running quarter is refused."""
    seen = {}
    for period in figures.periods_available():
        response = client.get("/cijfers/", {"periode": period.slug})
        assert response.status_code == 200
        pub = response.context["publication"]
        chosen = []
        for place, _label in pub.municipalities():
            again = client.get("/cijfers/", {"periode": period.slug, "gemeente": place})
            chosen.append(again.context["chosen"])
        seen[period] = (pub, chosen, _atoms(period))
    running = Period.containing(timezone.localdate())
    if running not in seen:
        assert client.get("/cijfers/", {"periode": running.slug}).status_code == 404
    return seen


def attack(moments: list[dict]) -> list[str]:
    """The hidden cells (and changes between moments) that can be worked out from everything published."""
    leaks = []
    theme_keys = [*Theme.objects.values_list("slug", flat=True), ""]
    for period in sorted(set().union(*moments)):
        seen = [moment for moment in moments if period in moment]
        q = Quarter(period, theme_keys, len(seen))
        truth = np.zeros(len(q.index))
        for m, moment in enumerate(seen):
            pub, chosen, atoms = moment[period]
            keys = [key for key, _l, _c in pub.tables["themas"].rows]
            assert set(keys) <= set(theme_keys)
            _equations(q, pub, chosen, m)
            for key, n in atoms.items():
                truth[q.index[(m, *key)]] += n
        for name, vector in q.hidden:
            if vector @ truth >= 1 and q.determined(vector):
                leaks.append(f"{period.slug}: {name} = {int(vector @ truth)}")
        for m, moment in enumerate(seen):  # "finished, opened nothing"
            for key, _l, _cells in moment[period][0].tables["gemeenten"].rows:
                n = q.vector("N", m, place=key)
                if 1 <= n @ truth < suppression.THRESHOLD and q.determined(n):
                    leaks.append(f"{period.slug}: niet geopend {key} = {int(n @ truth)}")
        for (
            m,
            name,
        ), vector in q.cells.items():  # a cell that changed a little between two moments
            before = q.cells.get((m - 1, name))
            if m == 0 or before is None:
                continue
            change = vector - before
            step = round(float(change @ truth))
            if 1 <= abs(step) < suppression.THRESHOLD and q.determined(change):
                leaks.append(f"{period.slug}: {name} changed by {step}")
    for moment in moments:  # the previous quarter's column repeats what that quarter shows
        for period, (pub, *_rest) in moment.items():
            before = moment.get(period.previous())
            if before is None:
                assert "verloop" not in pub.tables  # not final, so not shown beside this one
                continue
            earlier = {k: c["afgemaakt"].value for k, _l, c in before[0].tables["themas"].rows}
            now = {k: c["afgemaakt"] for k, _l, c in pub.tables["themas"].rows}
            for key, _l, cells in pub.tables["verloop"].rows:
                assert cells["vorig"].value == earlier.get(key)
                assert cells["nu"] == now[key]
    return leaks


def _numbers(pub: figures.Publication, chosen: list[dict]) -> dict:
    """Every number a quarter publishes about children, classes and counters (not the catalogue now)."""

    def cells(row: dict) -> dict:
        return {col: (shown.value, shown.suppressed) for col, shown in row.items()}

    out: dict = {"hidden": pub.hidden}
    for slug, table in pub.tables.items():
        # The catalogue now; and the table beside the previous quarter, which repeats this quarter's themes
        # (checked in attack()) and that quarter's own figures, gone once that quarter is no longer final.
        if slug in ("tekort", "verloop") or slug.startswith("aanbod-"):
            continue
        out[slug] = (
            [(key, cells(row)) for key, _label, row in table.rows],
            cells(table.total[1]) if table.total else None,
        )
    out["keuze"] = [
        (
            panel["name"],
            cells(panel["funnel"]),
            [(label, shown.value) for label, shown in panel["themes"]],
        )
        for panel in chosen
    ]
    return out


def changed(moments: list[dict]) -> list[str]:
    """The quarters offered at two moments whose published numbers differ."""
    out = []
    for earlier, later in itertools.pairwise(moments):
        for period in sorted(set(earlier) & set(later)):
            if _numbers(*earlier[period][:2]) != _numbers(*later[period][:2]):
                out.append(period.slug)
    return out


def _clock(monkeypatch, moment: dt.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(dt.UTC))


def time_passes(
    client, world, monkeypatch, early, late, opens, counted, counted_late
) -> list[dict]:
    """Publish at T1; then children finish quizzes, open activities late, counters grow, a theme is added,
    class sessions expire and old results are deleted; publish again at T2."""
    from django.conf import settings as django_settings

    monkeypatch.setattr(django_settings, "QUIZ_RESULT_RETENTION_DAYS", RETENTION)
    Theme.objects.filter(slug="licht-test").delete()
    _clock(monkeypatch, T1)
    client.force_login(world["staff"])
    _load(early, *counted, world["activity"])
    ClassSession.objects.create(school="De Brug", groep=6, place="Zwolle", municipality="Zwolle",
                                expires=T1 + dt.timedelta(days=14))  # fmt: skip
    first = read_dashboard(client)

    _add(late, *counted_late, world["activity"])
    for offset, k, when in opens:
        waiting = Result.objects.filter(opened__isnull=True, created__lt=when).order_by("pk")
        ids = list(waiting.values_list("pk", flat=True)[offset : offset + k])
        Result.objects.filter(pk__in=ids).update(opened=when)
    _clock(monkeypatch, T2)
    Theme.objects.create(slug="licht-test", name="Licht en geluid")
    ClassSession.objects.create(school="De Es", groep=7, place="Kampen", municipality="Kampen",
                                expires=T2 + dt.timedelta(days=14))  # fmt: skip
    call_command("expire_class_sessions", stdout=io.StringIO())
    call_command("delete_old_quiz_results", stdout=io.StringIO())
    client.force_login(world["staff"])
    second = read_dashboard(client)
    return [first, second]


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=groups, starts=counters, clicks=counters)
def test_no_hidden_cell_can_be_worked_out(client, world, data, starts, clicks):
    client.force_login(world["staff"])
    _load(data, starts, clicks, world["activity"])
    moment = read_dashboard(client)
    assert CURRENT not in moment
    assert attack([moment]) == []


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    early=_groups(EARLY),
    late=_groups(LATE, max_size=5, min_size=0),
    opens=late_openings,
    counted=st.tuples(_counters(EARLY), _counters(EARLY)),
    counted_late=st.tuples(_counters(LATE), _counters(LATE)),
)
def test_nothing_published_changes_as_time_passes(
    client, world, monkeypatch, early, late, opens, counted, counted_late
):
    moments = time_passes(client, world, monkeypatch, early, late, opens, counted, counted_late)
    assert P2 not in moments[0] and P0 not in moments[1]  # running at T1; losing results at T2
    event(f"offered at both moments: {len(set(moments[0]) & set(moments[1]))}")
    assert changed(moments) == []
    assert attack(moments) == []


def test_the_attack_finds_leaks_without_partners(client, world, monkeypatch):
    """With complementary suppression switched off, the same attack recovers small numbers."""
    client.force_login(world["staff"])
    day = DAYS[3]
    data = [("Zwolle", "bouwen", 9, day, 30, 0.5), ("Dalfsen", "water", 10, day, 4, 0.0),
            ("Kampen", "bouwen", 10, day, 25, 1.0)]  # fmt: skip
    _load(data, [], [], world["activity"])
    assert attack([read_dashboard(client)]) == []
    monkeypatch.setattr(suppression, "protect", lambda values, edges, hidden: set(hidden))
    leaks = attack([read_dashboard(client)])
    assert any("gemeenten Dalfsen afgemaakt (moment 1) = 4" in leak for leak in leaks), leaks


def _day(period: Period, days: int) -> dt.date:
    return period.first_day + dt.timedelta(days=days)


LOOSENED = {
    # Kampen had 25 in the running quarter at T1, one more child later: "it went from 25 to 26".
    "running quarter offered": (
        [
            ("Kampen", "water", 10, _day(P2, 10), 25, 0.0),
            ("Zwolle", "bouwen", 9, _day(P2, 10), 30, 0.0),
        ],
        [("Kampen", "water", 10, LATE[0], 1, 0.0)],
        [],
        "2025-K4: gemeenten Kampen afgemaakt changed by 1",
    ),
    # Three results of P0's second week are deleted by age at T2.
    "retention ignored": (
        [
            ("Zwolle", "bouwen", 9, _day(P0, 60), 30, 0.0),
            ("Zwolle", "bouwen", 9, _day(P0, 10), 3, 0.0),
        ],
        [],
        [],
        "2025-K2: gemeenten Zwolle afgemaakt changed by -3",
    ),
    # Two children of P1 open an activity in January.
    "late openings counted": (
        [("Zwolle", "bouwen", 9, _day(P1, 10), 30, 0.5)],
        [],
        [(0, 2, OPENED_LATE[3])],
        "2025-K3: gemeenten Zwolle geopend changed by 2",
    ),
}


@pytest.mark.parametrize("loosened", list(LOOSENED))
def test_the_attack_sees_figures_that_change(client, world, monkeypatch, loosened):
    """The time-passing checks fail when a rule that keeps published figures final is taken away."""
    early, late, opens, expected = LOOSENED[loosened]
    nothing = ([], [])
    moments = time_passes(client, world, monkeypatch, early, late, opens, nothing, nothing)
    assert changed(moments) == [] and attack(moments) == []
    if loosened == "running quarter offered":
        offered = figures.periods_available
        monkeypatch.setattr(figures, "periods_available", lambda now=None: [
            Period.containing(timezone.localdate(now)), *offered(now)
        ])  # fmt: skip
    elif loosened == "retention ignored":
        monkeypatch.setattr(figures, "retention_cutoff", lambda now: now - dt.timedelta(days=9999))
    else:
        monkeypatch.setattr(figures, "opened_in", lambda period: Q(opened__isnull=False))
    moments = time_passes(client, world, monkeypatch, early, late, opens, nothing, nothing)
    assert changed(moments) == [expected.split(":")[0]]
    leaks = attack(moments)
    assert expected in leaks, leaks
