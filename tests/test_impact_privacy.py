"""An attack on everything the impact dashboard publishes: no hidden number about children can be worked out.

Hypothesis makes small random sets of quiz results, start counters and sign-up clicks over two quarters. The
test then asks the real dashboard (as a coordinator) for every quarter on offer and every municipality choice,
and writes each published number as a sum of atomic counts (municipality x theme x age x week x opened, and
the weekly counters). A hidden cell can be worked out exactly when its indicator vector lies in the row space
of the published equations; the test checks that with an orthonormal basis of that row space. Asserted for
every hidden cell whose true value is 1 or more (a worked-out 0 exposes no child), and for every "finished but
opened nothing" difference between 1 and 9. `test_the_attack_finds_leaks_without_partners` shows the attack
does find leaks when complementary suppression is switched off, so this test can fail.
"""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.models import DailyCount, Theme
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

groups = st.lists(
    st.tuples(
        st.sampled_from(PLACES),
        st.sampled_from(THEMES),
        st.sampled_from(AGES),
        st.sampled_from(DAYS),
        st.integers(1, 14),
        st.floats(0, 1),
    ),
    min_size=1,
    max_size=10,
)
counters = st.lists(st.tuples(st.sampled_from(DAYS), st.integers(0, 14)), max_size=6)


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


def _load(data, starts, clicks, activity) -> list[tuple]:
    Result.objects.all().delete()
    DailyStart.objects.all().delete()
    DailyCount.objects.all().delete()
    rows, atoms = [], []
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
            atoms.append((place, theme, age_bucket(age), day, i < opened))
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
    return atoms


class Quarter:
    """The unknowns of one quarter and the published equations over them."""

    def __init__(self, period: Period, theme_keys: list[str]):
        self.period = period
        self.weeks = period.weeks()
        self.themes = theme_keys
        self.index: dict[tuple, int] = {}
        for key in itertools.product(
            PLACES, theme_keys, [a for a, _l in AGE_BUCKETS], self.weeks, (False, True)
        ):
            self.index[("r", *key)] = len(self.index)
        for week in self.weeks:
            self.index[("s", week)] = len(self.index)
            self.index[("k", week)] = len(self.index)
        self.published: list[np.ndarray] = []
        self.hidden: list[tuple[str, np.ndarray]] = []
        self._columns: dict | None = None
        self._basis: np.ndarray | None = None

    def vector(self, family: str, **where) -> np.ndarray:
        """Indicator of the atoms a published number adds up (family: F, O, N, S or K)."""
        if self._columns is None:
            keys = list(self.index)
            self._columns = {
                "kind": np.array([k[0] for k in keys], dtype=object),
                "place": np.array([k[1] if k[0] == "r" else None for k in keys], dtype=object),
                "region": np.array(
                    [REGION[k[1]] if k[0] == "r" else None for k in keys], dtype=object
                ),
                "theme": np.array([k[2] if k[0] == "r" else None for k in keys], dtype=object),
                "age": np.array([k[3] if k[0] == "r" else None for k in keys], dtype=object),
                "week": np.array([k[4] if k[0] == "r" else k[1] for k in keys], dtype=object),
                "opened": np.array([k[0] == "r" and k[5] for k in keys], dtype=bool),
            }
        c = self._columns
        mask = c["kind"] == ("r" if family in "FON" else family.lower())
        if family == "O":
            mask &= c["opened"]
        if family == "N":
            mask &= ~c["opened"]
        for dim, value in where.items():
            mask &= c[dim] == value
        return mask.astype(float)

    def add(self, name: str, shown, vector: np.ndarray) -> None:
        if shown.value is None:
            self.hidden.append((name, vector))
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


def _equations(q: Quarter, pub: figures.Publication, chosen: list[dict]) -> None:
    t = pub.tables
    fam = {"afgemaakt": "F", "geopend": "O", "gestart": "S", "aangeklikt": "K"}
    for key, _label, cells in t["trechter"].rows:
        q.add(f"trechter {key}", cells["aantal"], q.vector(fam[key]))
    dims = {"gemeenten": "place", "sto-regios": "region", "leeftijd": "age", "themas": "theme"}
    for slug, dim in dims.items():
        shown_rows = set()
        for key, _label, cells in t[slug].rows:
            shown_rows.add(key)
            for col, shown in cells.items():
                q.add(f"{slug} {key} {col}", shown, q.vector(fam[col], **{dim: key}))
        for col, shown in t[slug].total[1].items():
            q.add(f"{slug} totaal {col}", shown, q.vector(fam[col]))
        universe = {"place": PLACES, "region": set(REGION.values())}.get(dim, ())
        for missing in set(universe) - shown_rows:  # a row left out says: 0
            q.published.append(q.vector("F", **{dim: missing}))
    for key, _label, cells in t["weken"].rows:
        week = dt.date.fromisoformat(key)
        for col, shown in cells.items():
            q.add(f"weken {key} {col}", shown, q.vector(fam[col], week=week))
    for key, _label, cells in t["interesse-gemeente"].rows:
        for theme, shown in cells.items():
            q.add(f"interesse {key} {theme}", shown, q.vector("F", place=key, theme=theme))
    for theme, shown in t["interesse-gemeente"].total[1].items():
        q.add(f"interesse totaal {theme}", shown, q.vector("F", theme=theme))
    for _key, _label, cells in t["tekort"].rows:
        assert cells["per"].value is None or cells["kinderen"].value is not None
    for panel in chosen:
        place = panel["name"]
        for col, shown in panel["funnel"].items():
            q.add(f"keuze {place} {col}", shown, q.vector(fam[col], place=place))
        columns = [key for key, _l in t["interesse-gemeente"].columns]
        for (label, shown), theme in zip(panel["themes"], columns, strict=True):
            q.add(f"keuze {place} {label}", shown, q.vector("F", place=place, theme=theme))


def attack(client) -> list[str]:
    """Everything the dashboard publishes, per quarter; the names of hidden cells that can be worked out."""
    leaks = []
    offered = figures.periods_available()
    theme_keys = [*Theme.objects.values_list("slug", flat=True), ""]
    published = {}
    for period in offered:
        response = client.get("/cijfers/", {"periode": period.slug})
        assert response.status_code == 200
        pub = response.context["publication"]
        chosen = []
        for place, _label in pub.municipalities():
            again = client.get("/cijfers/", {"periode": period.slug, "gemeente": place})
            chosen.append(again.context["chosen"])
        published[period] = pub
        keys = [key for key, _l, _c in pub.tables["themas"].rows]
        assert keys in (theme_keys, theme_keys[:-1])
        q = Quarter(period, theme_keys)
        _equations(q, pub, chosen)
        truth = _truth(period)
        for name, vector in q.hidden:
            if vector @ truth >= 1 and q.determined(vector):
                leaks.append(f"{period.slug}: {name} = {int(vector @ truth)}")
        for key, _l, _cells in pub.tables["gemeenten"].rows:  # "finished, opened nothing"
            n = q.vector("N", place=key)
            if 1 <= n @ truth < suppression.THRESHOLD and q.determined(n):
                leaks.append(f"{period.slug}: niet geopend {key} = {int(n @ truth)}")
    for (
        period,
        pub,
    ) in published.items():  # the previous quarter's column repeats what that quarter shows
        before = published.get(period.previous())
        if before is None or "verloop" not in pub.tables:
            continue
        earlier = {k: c["afgemaakt"].value for k, _l, c in before.tables["themas"].rows}
        for key, _l, cells in pub.tables["verloop"].rows:
            assert cells["vorig"].value == earlier.get(key)
    return leaks


_TRUTH: dict = {}


def _truth(period: Period) -> np.ndarray:
    return _TRUTH[period]


def _set_truth(atoms, starts, clicks, theme_keys) -> None:
    _TRUTH.clear()
    for period in (Q0, Q1, CURRENT, *figures.periods_available()):
        q = Quarter(period, theme_keys)
        v = np.zeros(len(q.index))
        for place, theme, age, day, opened in atoms:
            if Period.containing(day) == period:
                v[q.index[("r", place, theme, age, period.week_of(day), opened)]] += 1
        for family, pairs in (("s", starts), ("k", clicks)):
            for day, n in pairs:
                if Period.containing(day) == period:
                    v[q.index[(family, period.week_of(day))]] += n
        _TRUTH[period] = v


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=groups, starts=counters, clicks=counters)
def test_no_hidden_cell_can_be_worked_out(client, world, data, starts, clicks):
    client.force_login(world["staff"])
    atoms = _load(data, starts, clicks, world["activity"])
    _set_truth(atoms, starts, clicks, [*Theme.objects.values_list("slug", flat=True), ""])
    assert attack(client) == []


def test_the_attack_finds_leaks_without_partners(client, world, monkeypatch):
    """With complementary suppression switched off, the same attack recovers small numbers."""
    client.force_login(world["staff"])
    day = DAYS[3]
    data = [("Zwolle", "bouwen", 9, day, 30, 0.5), ("Dalfsen", "water", 10, day, 4, 0.0),
            ("Kampen", "bouwen", 10, day, 25, 1.0)]  # fmt: skip
    atoms = _load(data, [], [], world["activity"])
    _set_truth(atoms, [], [], [*Theme.objects.values_list("slug", flat=True), ""])
    assert attack(client) == []
    monkeypatch.setattr(suppression, "protect", lambda values, edges, hidden: set(hidden))
    leaks = attack(client)
    assert any("gemeenten Dalfsen afgemaakt = 4" in leak for leak in leaks), leaks
