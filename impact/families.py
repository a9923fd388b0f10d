"""The four suppression families of one quarter: which published cells are hidden (impact/suppression.py says
why this is safe).

F (finished quizzes) and O (of which an activity was opened afterwards) cover the same lines: the quarter's
total, and its parts per municipality, STO region, strongest theme, age and week; F also covers the interest
table (municipality x strongest theme). S (started quizzes) and K (sign-up clicks) are a single line each: per
week. Inside a family every cell is an edge between the two equations it takes part in ("the cells of this
line add up to its total"), GROUND when it takes part in one only; the quarter's total is the key
QUARTER_TOTAL and is not an edge (it is published, and every line adds up to it).

The cell keys and equation names below decide the order in which suppression.protect looks at cells, and so
which partners it picks: changing one changes what is published."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from impact import suppression
from impact.suppression import GROUND, Key, Node
from impact.units import AGE_BUCKETS, UNKNOWN, Period

if TYPE_CHECKING:
    from impact.figures import PeriodCounts

K = TypeVar("K", bound=Hashable)
G = TypeVar("G", bound=Hashable)

QUARTER_TOTAL: Key = ("F",)


def place_key(place: str) -> Key:
    return ("m", place)


def region_key(region: str) -> Key:
    return ("r", region)


def theme_key(theme: str) -> Key:
    return ("t", theme)


def age_key(bucket: str) -> Key:
    return ("a", bucket)


def week_key(week: dt.date) -> Key:
    return ("w", week)


def interest_key(place: str, theme: str) -> Key:
    """A cell of the interest table: children in `place` whose strongest theme is `theme`."""
    return ("mt", place, theme)


# The quarter's rows and columns --------------------------------------------------------------------------


@dataclass(frozen=True)
class QuarterShape:
    """The rows and columns of one quarter's tables, taken from that quarter's results only.

    A theme (or municipality) that no child of the quarter chose adds no line: a theme added to the site later
    must not add a column of zeros to an old quarter, which would move its hidden cells and so change what it
    publishes."""

    period: Period
    places: list[str]  # municipalities with a finished quiz; the unknown one last
    themes: list[str]  # strongest themes with a finished quiz: the site's order, then unknown ones
    region_of: dict[str, str]  # municipality -> STO region ('' for none)
    regions: list[str]  # the STO regions of `places`; '' (none or unknown) last
    weeks: list[dt.date]

    @classmethod
    def of(
        cls, counts: PeriodCounts, regions: dict[str, str], themes: list[tuple[str, str]]
    ) -> QuarterShape:
        finished = {key: pair[0] for key, pair in counts.by_place_theme.items()}
        places = sorted(
            {place for (place, _theme), n in finished.items() if n},
            key=lambda place: (place == UNKNOWN, place),
        )
        present = {theme for (_place, theme), n in finished.items() if n}
        ordered = [slug for slug, _name in themes if slug in present]
        ordered += sorted(present - set(ordered), key=lambda theme: (theme == "", theme))
        region_of = {place: regions.get(place, "") for place in places}
        return cls(
            period=counts.period,
            places=places,
            themes=ordered,
            region_of=region_of,
            regions=sorted(set(region_of.values()), key=lambda region: (region == "", region)),
            weeks=counts.period.weeks(),
        )


# One count along every line ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Margins:
    """One count (finished, or opened) for every cell of F's lines: the interest table and its sums."""

    by_place_theme: dict[tuple[str, str], int]
    by_place: dict[str, int]
    by_theme: dict[str, int]
    by_region: dict[str, int]
    by_age: dict[str, int]
    by_week: dict[dt.date, int]
    total: int

    @classmethod
    def of(cls, counts: PeriodCounts, shape: QuarterShape, *, opened: bool) -> Margins:
        """Finished quizzes (opened=False) or those after which an activity was opened (opened=True)."""
        pick = 1 if opened else 0
        cells = {key: pair[pick] for key, pair in counts.by_place_theme.items()}
        by_place = _summed(cells, lambda key: key[0])
        return cls(
            by_place_theme=cells,
            by_place=by_place,
            by_theme=_summed(cells, lambda key: key[1]),
            by_region=_summed(by_place, lambda place: shape.region_of[place]),
            by_age={bucket: counts.by_age.get(bucket, (0, 0))[pick] for bucket, _l in AGE_BUCKETS},
            by_week={week: counts.by_week.get(week, (0, 0))[pick] for week in shape.weeks},
            total=sum(cells.values()),
        )


def _summed(counts: dict[K, int], group_of: Callable[[K], G]) -> dict[G, int]:
    sums: dict[G, int] = defaultdict(int)
    for key, count in counts.items():
        sums[group_of(key)] += count
    return dict(sums)


# A family and its suppression ----------------------------------------------------------------------------


@dataclass
class Family:
    """Published cells tied together by equations: each cell's count and its two equations; `hidden` are the
    cells shown as "< 10" once `suppress` has run."""

    values: dict[Key, int]
    edges: dict[Key, tuple[Node, Node]] = field(default_factory=dict)
    hidden: set[Key] = field(default_factory=set)

    def add(self, key: Key, value: int, line: Node, other_line: Node = GROUND) -> None:
        self.values[key] = value
        self.edges[key] = (line, other_line)

    def suppress(self, also_hidden: Iterable[Key] = ()) -> Family:
        """Hide every cell under 10 (and `also_hidden`) and, through suppression.protect, their partners;
        hide the whole family when its total would be hidden (tied to every line at once)."""
        small = suppression.primary(self.values) | set(also_hidden)
        if QUARTER_TOTAL in small:
            self.hidden = set(self.values)
            return self
        cells = {key: value for key, value in self.values.items() if key != QUARTER_TOTAL}
        self.hidden = suppression.protect(cells, self.edges, small & set(cells))
        return self


def finished_family(shape: QuarterShape, finished: Margins) -> Family:
    """F: the interest table with its row and column sums, the region, age and week lines."""
    family = Family({QUARTER_TOTAL: finished.total})
    for place in shape.places:
        for theme in shape.themes:
            count = finished.by_place_theme.get((place, theme), 0)
            family.add(interest_key(place, theme), count, ("row", place), ("col", theme))
        its_region = ("reg", shape.region_of[place])
        family.add(place_key(place), finished.by_place.get(place, 0), ("row", place), its_region)
    for theme in shape.themes:
        family.add(theme_key(theme), finished.by_theme.get(theme, 0), ("col", theme), ("themes",))
    for region in shape.regions:
        count = finished.by_region.get(region, 0)
        family.add(region_key(region), count, ("reg", region), ("regions",))
    for bucket, _label in AGE_BUCKETS:
        family.add(age_key(bucket), finished.by_age[bucket], ("ages",))
    for week in shape.weeks:
        family.add(week_key(week), finished.by_week[week], ("weeks",))
    return family.suppress()


def opened_family(shape: QuarterShape, opened: Margins, finished: Family) -> Family:
    """O: F's lines without the interest table. A cell is hidden too when F - O is small, or "finished but
    opened nothing" could be read by subtraction."""
    family = Family({QUARTER_TOTAL: opened.total})
    for place in shape.places:
        count = opened.by_place.get(place, 0)
        family.add(place_key(place), count, ("reg", shape.region_of[place]))
    for region in shape.regions:
        count = opened.by_region.get(region, 0)
        family.add(region_key(region), count, ("reg", region), ("regions",))
    for theme in shape.themes:
        family.add(theme_key(theme), opened.by_theme.get(theme, 0), ("themes",))
    for bucket, _label in AGE_BUCKETS:
        family.add(age_key(bucket), opened.by_age[bucket], ("ages",))
    for week in shape.weeks:
        family.add(week_key(week), opened.by_week[week], ("weeks",))
    small_gap = {
        key
        for key, count in family.values.items()
        if 0 < finished.values[key] - count < suppression.THRESHOLD
    }
    return family.suppress(small_gap)


def weekly_family(shape: QuarterShape, per_week: dict[dt.date, int]) -> Family:
    """S or K: one count per week and their total (started quizzes, or sign-up clicks)."""
    keys = [week_key(week) for week in shape.weeks]
    values = {week_key(week): per_week.get(week, 0) for week in shape.weeks}
    values[QUARTER_TOTAL] = sum(per_week.values())
    return Family(values, suppression.line_edges(keys, "weeks")).suppress()


@dataclass(frozen=True)
class QuarterFamilies:
    finished: Family  # F
    opened: Family  # O
    started: Family  # S
    clicks: Family  # K


def suppress_quarter(counts: PeriodCounts, shape: QuarterShape) -> QuarterFamilies:
    """Every family of the quarter with its hidden cells."""
    finished = finished_family(shape, Margins.of(counts, shape, opened=False))
    return QuarterFamilies(
        finished=finished,
        opened=opened_family(shape, Margins.of(counts, shape, opened=True), finished),
        started=weekly_family(shape, counts.started),
        clicks=weekly_family(shape, counts.clicks),
    )
