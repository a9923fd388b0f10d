"""Impact figures for the Techniekpact's funders: plain functions over querysets, aggregated in the database.

`period_counts()` runs a handful of GROUP BY queries for one quarter; `publish()` turns those counts into the
tables the dashboard and the CSV files show, with small cells hidden (see impact/suppression.py for why this
is safe). Supply figures describe the catalogue as it is now and are public anyway.

A quarter is only offered once its figures are final (`periods_available()`): it has ended, so no child is
added and no counter of its days grows; it lies entirely inside the quiz results' retention window, so
`manage.py delete_old_quiz_results` has removed none of its results yet; and an activity opened after the
quarter's end does not count for it. Two downloads of the same quarter, a day or a month apart, are therefore
the same, and subtracting them tells nothing (the differencing attack over time).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Min, Q, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from catalogue.models import Activity, DailyCount, Theme
from classroom.models import ClassSession
from impact import suppression
from quiz.models import DailyStart, Result
from regions.models import region_by_municipality

UNKNOWN = ""
MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
AGE_BUCKETS = (
    ("t/m 8", _("8 jaar of jonger (groep 5)")),
    ("9", _("9 jaar (groep 6)")),
    ("10", _("10 jaar (groep 7)")),
    ("11", _("11 jaar (groep 8)")),
    ("12+", _("12 jaar of ouder")),
    ("?", _("Leeftijd onbekend")),
)


def age_bucket(age: int | None) -> str:
    if age is None:
        return "?"
    if age <= 8:
        return "t/m 8"
    if age >= 12:
        return "12+"
    return str(age)


# Periods ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Period:
    """A calendar quarter, the only period offered (see impact/suppression.py)."""

    year: int
    quarter: int

    @classmethod
    def containing(cls, day: dt.date) -> Period:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def from_slug(cls, slug: str) -> Period | None:
        year, _sep, q = (slug or "").partition("-K")
        if not (year.isascii() and year.isdigit() and len(year) == 4 and q in {"1", "2", "3", "4"}):
            return None
        return cls(int(year), int(q))

    @property
    def slug(self) -> str:
        return f"{self.year}-K{self.quarter}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def next_first_day(self) -> dt.date:
        return self.next().first_day

    @property
    def label(self) -> str:
        first = MONTHS[3 * self.quarter - 3]
        last = MONTHS[3 * self.quarter - 1]
        return _("%(q)se kwartaal %(year)s (%(first)s–%(last)s)") % {
            "q": self.quarter,
            "year": self.year,
            "first": first,
            "last": last,
        }

    def next(self) -> Period:
        return Period(self.year + self.quarter // 4, self.quarter % 4 + 1)

    def previous(self) -> Period:
        return Period(self.year - (self.quarter == 1), (self.quarter - 2) % 4 + 1)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        zone = ZoneInfo(settings.TIME_ZONE)
        start = dt.datetime.combine(self.first_day, dt.time(), zone)
        return start, dt.datetime.combine(self.next_first_day, dt.time(), zone)

    def weeks(self) -> list[dt.date]:
        """The first day of each week inside the quarter: the quarter's first day, then every Monday."""
        days = [self.first_day]
        monday = self.first_day + dt.timedelta(days=(7 - self.first_day.weekday()) % 7 or 7)
        while monday < self.next_first_day:
            days.append(monday)
            monday += dt.timedelta(days=7)
        return days

    def week_of(self, day: dt.date) -> dt.date:
        return max(self.first_day, day - dt.timedelta(days=day.weekday()))


def retention_cutoff(now: dt.datetime) -> dt.datetime:
    """Results made before this moment may already be deleted: the rule of quiz.services.old_results, which
    `manage.py delete_old_quiz_results` applies (created < now - QUIZ_RESULT_RETENTION_DAYS, in exact days)."""
    return now - dt.timedelta(days=settings.QUIZ_RESULT_RETENTION_DAYS)


def is_final(period: Period, now: dt.datetime) -> bool:
    """True when nothing counted for the quarter can still change: it ended before today's quarter began,
    and its first moment is not before the retention cutoff (so no result of it can have been deleted)."""
    start, _end = period.bounds()
    return period < Period.containing(timezone.localdate(now)) and start >= retention_cutoff(now)


def periods_available(now: dt.datetime | None = None) -> list[Period]:
    """The quarters whose figures are final (see `is_final`), from the first result on, newest first.

    Empty on a new deployment until its first quarter has ended. A quarter drops off once the retention
    window reaches it, before it could lose a single result: its figures never change while on offer."""
    now = now or timezone.now()
    first = Result.objects.aggregate(first=Min("created"))["first"]
    if first is None:
        return []
    current = Period.containing(timezone.localdate(now))
    periods = []
    period = Period.containing(timezone.localdate(first))
    while period < current:
        if is_final(period, now):
            periods.append(period)
        period = period.next()
    return periods[::-1]


def week_label(period: Period, first: dt.date) -> str:
    last = min(
        first + dt.timedelta(days=6 - first.weekday()), period.next_first_day - dt.timedelta(1)
    )
    return _("week %(week)s (%(first)s–%(last)s)") % {
        "week": first.isocalendar()[1],
        "first": f"{first.day} {MONTHS[first.month - 1]}",
        "last": f"{last.day} {MONTHS[last.month - 1]}",
    }


# Counting (in the database) -----------------------------------------------------------------------------


@dataclass
class PeriodCounts:
    """What the database says about one quarter: finished/opened per (municipality, theme), per age and per
    week; started and sign-up clicks per week."""

    period: Period
    by_place_theme: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    by_age: dict[str, tuple[int, int]] = field(default_factory=dict)
    by_week: dict[dt.date, tuple[int, int]] = field(default_factory=dict)
    started: dict[dt.date, int] = field(default_factory=dict)
    clicks: dict[dt.date, int] = field(default_factory=dict)


def results_in(period: Period):
    start, end = period.bounds()
    return Result.objects.filter(created__gte=start, created__lt=end)


def opened_in(period: Period) -> Q:
    """An opening counts for the quarter only when it happened before the quarter's end (`opened` is an
    hour, so the last hour of the quarter still counts): a later opening would change a published figure."""
    return Q(opened__lt=period.bounds()[1])


def period_counts(period: Period) -> PeriodCounts:
    """Five aggregate queries, whatever the number of results."""
    counts = PeriodCounts(period)
    results = results_in(period).order_by()
    opened = opened_in(period)
    for row in results.values("municipality", "top_theme").annotate(
        f=Count("pk"), o=Count("opened", filter=opened)
    ):
        counts.by_place_theme[(row["municipality"], row["top_theme"])] = (row["f"], row["o"])
    by_age: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in results.values("age").annotate(f=Count("pk"), o=Count("opened", filter=opened)):
        cell = by_age[age_bucket(row["age"])]
        cell[0] += row["f"]
        cell[1] += row["o"]
    counts.by_age = {key: (f, o) for key, (f, o) in by_age.items()}
    # Results keep only the hour they were made: grouping by that column is cheap on every database,
    # and turning hours into weeks happens here (a database date function per row is slow on SQLite).
    zone = ZoneInfo(settings.TIME_ZONE)
    by_week: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    for row in results.values("created").annotate(f=Count("pk"), o=Count("opened", filter=opened)):
        cell = by_week[period.week_of(row["created"].astimezone(zone).date())]
        cell[0] += row["f"]
        cell[1] += row["o"]
    counts.by_week = {key: (f, o) for key, (f, o) in by_week.items()}
    days = Q(date__gte=period.first_day, date__lt=period.next_first_day)
    for row in DailyStart.objects.filter(days).values("date", "count"):
        week = period.week_of(row["date"])
        counts.started[week] = counts.started.get(week, 0) + row["count"]
    for row in (
        DailyCount.objects.filter(days).order_by().values("date").annotate(k=Sum("signup_clicks"))
    ):
        week = period.week_of(row["date"])
        counts.clicks[week] = counts.clicks.get(week, 0) + (row["k"] or 0)
    return counts


def classes_per_municipality(period: Period) -> dict[str, int]:
    start, end = period.bounds()
    rows = (
        ClassSession.objects.filter(created__gte=start, created__lt=end)
        .order_by()
        .values("municipality")
        .annotate(n=Count("pk"))
    )
    return {row["municipality"]: row["n"] for row in rows}


@dataclass
class Supply:
    """The public catalogue now (not per quarter)."""

    by_theme: dict[str, int]
    by_municipality: dict[str, int]
    by_kind: dict[str, int]
    activities: int
    providers: int
    confirmed_recently: int
    published: int

    @property
    def confirmed_share(self) -> str:
        if not self.published:
            return "–"
        return f"{number_format(100 * self.confirmed_recently / self.published, 0)}%"


def supply(today: dt.date | None = None) -> Supply:
    """The public catalogue now: activities per main theme, municipality (venue, else provider) and kind."""
    today = today or timezone.localdate()
    by_theme: dict[str, int] = defaultdict(int)
    by_place: dict[str, int] = defaultdict(int)
    by_kind: dict[str, int] = defaultdict(int)
    providers = set()
    rows = Activity.objects.public().values(
        "main_theme__slug", "kind", "venue__municipality", "provider__municipality", "provider_id"
    )
    total = 0
    for row in rows:
        total += 1
        by_theme[row["main_theme__slug"]] += 1
        by_place[row["venue__municipality"] or row["provider__municipality"] or UNKNOWN] += 1
        by_kind[row["kind"]] += 1
        providers.add(row["provider_id"])
    cutoff = today - dt.timedelta(days=settings.CONFIRM_EVERY_DAYS)
    confirmed = Activity.objects.filter(status=Activity.Status.PUBLISHED).aggregate(
        published=Count("pk"), recent=Count("pk", filter=Q(last_confirmed__gte=cutoff))
    )
    return Supply(
        by_theme=dict(by_theme),
        by_municipality=dict(by_place),
        by_kind=dict(by_kind),
        activities=total,
        providers=len(providers),
        confirmed_recently=confirmed["recent"],
        published=confirmed["published"],
    )


# Publishing (pure) --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """One published number: None when hidden."""

    value: int | None
    suppressed: bool = True
    tenths: bool = False  # value is in tenths (a ratio with one decimal)

    @property
    def text(self) -> str:
        if self.value is None:
            return "< 10" if self.suppressed else "–"
        if self.tenths:
            return number_format(self.value / 10, 1)
        return number_format(self.value, 0, force_grouping=True)

    @property
    def csv(self) -> str:
        if self.value is None:
            return ""
        return f"{self.value / 10:.1f}" if self.tenths else str(self.value)


def plain(value: int | None) -> Shown:
    return Shown(value, suppressed=False)


@dataclass
class Table:
    slug: str
    title: str
    row_header: str
    columns: list[tuple[str, str]]
    rows: list[tuple[str, str, dict[str, Shown]]]
    chart: str = ""  # the column drawn as bars
    note: str = ""
    total: tuple[str, dict[str, Shown]] | None = None

    def chart_bars(self) -> list[tuple[str, Shown]]:
        return [(label, cells[self.chart]) for _key, label, cells in self.rows]


@dataclass
class Publication:
    period: Period
    tables: dict[str, Table]
    hidden: int  # how many cells are shown as "< 10"
    supply: Supply | None = None

    def municipalities(self) -> list[tuple[str, str]]:
        return [(key, label) for key, label, _cells in self.tables["gemeenten"].rows if key]


def _family(values: dict, edges: dict, extra_hidden: set, total_key) -> set:
    """Hidden cells of one family (F, O, S or K): everything when its total is small, else complemented."""
    hidden = suppression.primary(values) | extra_hidden
    if total_key in hidden:
        return set(values)
    graph = {k: v for k, v in values.items() if k != total_key}
    return suppression.protect(graph, edges, hidden & set(graph)) | (hidden & {total_key})


def publish(
    counts: PeriodCounts,
    regions: dict[str, str],
    themes: list[tuple[str, str]],
    previous: PeriodCounts | None = None,
    supply_: Supply | None = None,
    classes: dict[str, int] | None = None,
) -> Publication:
    """The tables for one quarter, with every number under 10 hidden and its partners hidden with it.

    regions: municipality -> STO region name ('' for none); themes: (slug, name) in display order."""
    period = counts.period
    f_mt = {k: v[0] for k, v in counts.by_place_theme.items()}
    o_mt = {k: v[1] for k, v in counts.by_place_theme.items()}
    places = sorted({m for m, _t in f_mt if f_mt[(m, _t)]}, key=lambda m: (m == UNKNOWN, m))
    # Themes come from the quarter's results, like places: a theme added to the site later must not add a
    # column of zeros to an old quarter, which would move its hidden cells and so change what it publishes.
    present = {t for (_m, t), f in f_mt.items() if f}
    theme_keys = [slug for slug, _name in themes if slug in present]
    theme_keys += sorted(present - set(theme_keys), key=lambda t: (t == "", t))
    region_of = {m: regions.get(m, "") for m in places}
    region_keys = sorted(set(region_of.values()), key=lambda r: (r == "", r))
    weeks = period.weeks()

    def sums(source: dict, key_of) -> dict:
        out: dict = defaultdict(int)
        for k, v in source.items():
            out[key_of(k)] += v
        return out

    f_m, o_m = sums(f_mt, lambda k: k[0]), sums(o_mt, lambda k: k[0])
    f_t, o_t = sums(f_mt, lambda k: k[1]), sums(o_mt, lambda k: k[1])
    f_r = sums(f_m, lambda m: region_of[m])
    o_r = sums(o_m, lambda m: region_of[m])
    total_f, total_o = sum(f_mt.values()), sum(o_mt.values())
    f_a = {a: counts.by_age.get(a, (0, 0))[0] for a, _l in AGE_BUCKETS}
    o_a = {a: counts.by_age.get(a, (0, 0))[1] for a, _l in AGE_BUCKETS}
    f_w = {w: counts.by_week.get(w, (0, 0))[0] for w in weeks}
    o_w = {w: counts.by_week.get(w, (0, 0))[1] for w in weeks}

    # Family F: the interest table with its margins, regions, ages and weeks.
    fv: dict = {("F",): total_f}
    fe: dict = {}
    for m in places:
        for t in theme_keys:
            fv[("mt", m, t)] = f_mt.get((m, t), 0)
            fe[("mt", m, t)] = (("row", m), ("col", t))
        fv[("m", m)] = f_m[m]
        fe[("m", m)] = (("row", m), ("reg", region_of[m]))
    for t in theme_keys:
        fv[("t", t)] = f_t.get(t, 0)
        fe[("t", t)] = (("col", t), ("themes",))
    for r in region_keys:
        fv[("r", r)] = f_r[r]
        fe[("r", r)] = (("reg", r), ("regions",))
    for a, _l in AGE_BUCKETS:
        fv[("a", a)] = f_a[a]
        fe[("a", a)] = (("ages",), suppression.GROUND)
    for w in weeks:
        fv[("w", w)] = f_w[w]
        fe[("w", w)] = (("weeks",), suppression.GROUND)
    f_hidden = _family(fv, fe, set(), ("F",))

    # Family O: the same lines without the interest table; hidden also when F - O is small.
    ov: dict = {("F",): total_o}
    oe: dict = {}
    twin = {("F",): total_f}
    for m in places:
        ov[("m", m)], twin[("m", m)] = o_m[m], f_m[m]
        oe[("m", m)] = (("reg", region_of[m]), suppression.GROUND)
    for r in region_keys:
        ov[("r", r)], twin[("r", r)] = o_r[r], f_r[r]
        oe[("r", r)] = (("reg", r), ("regions",))
    for t in theme_keys:
        ov[("t", t)], twin[("t", t)] = o_t.get(t, 0), f_t.get(t, 0)
        oe[("t", t)] = (("themes",), suppression.GROUND)
    for a, _l in AGE_BUCKETS:
        ov[("a", a)], twin[("a", a)] = o_a[a], f_a[a]
        oe[("a", a)] = (("ages",), suppression.GROUND)
    for w in weeks:
        ov[("w", w)], twin[("w", w)] = o_w[w], f_w[w]
        oe[("w", w)] = (("weeks",), suppression.GROUND)
    small_gap = {k for k, v in ov.items() if 0 < twin[k] - v < suppression.THRESHOLD}
    o_hidden = _family(ov, oe, small_gap, ("F",))

    # Families S and K: started quizzes and sign-up clicks per week.
    sv = {("w", w): counts.started.get(w, 0) for w in weeks} | {
        ("F",): sum(counts.started.values())
    }
    s_hidden = _family(
        sv, suppression.line_edges([("w", w) for w in weeks], "weeks"), set(), ("F",)
    )
    kv = {("w", w): counts.clicks.get(w, 0) for w in weeks} | {("F",): sum(counts.clicks.values())}
    k_hidden = _family(
        kv, suppression.line_edges([("w", w) for w in weeks], "weeks"), set(), ("F",)
    )

    def show(values: dict, hidden: set, key) -> Shown:
        return Shown(None) if key in hidden else Shown(values[key])

    def fo(key) -> dict[str, Shown]:
        return {"afgemaakt": show(fv, f_hidden, key), "geopend": show(ov, o_hidden, key)}

    fo_columns = [
        ("afgemaakt", _("Quiz afgemaakt")),
        ("geopend", _("Daarna een activiteit geopend")),
    ]
    theme_names = dict(themes) | {"": _("Geen voorkeur")}
    place_label = {m: m or _("Onbekend") for m in places}
    tables: dict[str, Table] = {}
    tables["trechter"] = Table(
        "trechter",
        _("Van quiz naar aanmelding"),
        _("Stap"),
        [("aantal", _("Aantal"))],
        [
            ("gestart", _("Quiz gestart"), {"aantal": show(sv, s_hidden, ("F",))}),
            ("afgemaakt", _("Quiz afgemaakt"), {"aantal": show(fv, f_hidden, ("F",))}),
            ("geopend", _("Daarna een activiteit geopend"), {"aantal": show(ov, o_hidden, ("F",))}),
            ("aangeklikt", _("Aanmeldlink aangeklikt"), {"aantal": show(kv, k_hidden, ("F",))}),
        ],
        chart="aantal",
        note=_("Aanmeldklikken tellen alle bezoekers van de activiteitpagina's, niet alleen kinderen "
               "die de quiz deden."),
    )  # fmt: skip
    tables["gemeenten"] = Table(
        "gemeenten",
        _("Per gemeente"),
        _("Gemeente"),
        fo_columns,
        [(m, place_label[m], fo(("m", m))) for m in places],
        chart="afgemaakt",
        total=(_("Totaal"), fo(("F",))),
    )
    tables["sto-regios"] = Table(
        "sto-regios",
        _("Per STO-regio"),
        _("STO-regio"),
        fo_columns,
        [(r, r or _("Geen STO-regio of onbekend"), fo(("r", r))) for r in region_keys],
        chart="afgemaakt",
        total=(_("Totaal"), fo(("F",))),
    )
    tables["leeftijd"] = Table(
        "leeftijd",
        _("Per leeftijd"),
        _("Leeftijd"),
        fo_columns,
        [(a, str(label), fo(("a", a))) for a, label in AGE_BUCKETS],
        chart="afgemaakt",
        note=_("In de klas telt de leeftijd die bij de groep hoort."),
        total=(_("Totaal"), fo(("F",))),
    )
    tables["themas"] = Table(
        "themas",
        _("Per sterkste thema"),
        _("Thema"),
        fo_columns,
        [(t, theme_names.get(t, t), fo(("t", t))) for t in theme_keys],
        chart="afgemaakt",
        total=(_("Totaal"), fo(("F",))),
    )
    tables["weken"] = Table(
        "weken",
        _("Per week"),
        _("Week"),
        [("gestart", _("Quiz gestart")), *fo_columns, ("aangeklikt", _("Aanmeldlink aangeklikt"))],
        [
            (
                w.isoformat(),
                week_label(period, w),
                {
                    "gestart": show(sv, s_hidden, ("w", w)),
                    **fo(("w", w)),
                    "aangeklikt": show(kv, k_hidden, ("w", w)),
                },
            )
            for w in weeks
        ],
        chart="afgemaakt",
        total=(
            _("Totaal"),
            {
                "gestart": show(sv, s_hidden, ("F",)),
                **fo(("F",)),
                "aangeklikt": show(kv, k_hidden, ("F",)),
            },
        ),
    )
    tables["interesse-gemeente"] = Table(
        "interesse-gemeente",
        _("Sterkste thema per gemeente"),
        _("Gemeente"),
        [(t, theme_names.get(t, t)) for t in theme_keys],
        [
            (m, place_label[m], {t: show(fv, f_hidden, ("mt", m, t)) for t in theme_keys})
            for m in places
        ],
        total=(_("Totaal"), {t: show(fv, f_hidden, ("t", t)) for t in theme_keys}),
    )
    if previous is not None:
        before = publish(previous, regions, themes).tables["themas"]
        earlier = {key: cells["afgemaakt"] for key, _label, cells in before.rows}
        tables["verloop"] = Table(
            "verloop",
            _("Sterkste thema: dit kwartaal en het vorige"),
            _("Thema"),
            [("nu", period.label), ("vorig", previous.period.label)],
            [
                (key, label, {"nu": cells["afgemaakt"], "vorig": earlier.get(key, Shown(None))})
                for key, label, cells in tables["themas"].rows
            ],
            chart="nu",
            note=_("De grafiek toont dit kwartaal; de tabel zet het vorige kwartaal ernaast."),
        )
    if supply_ is not None:
        tables["tekort"] = _gap_table(tables["themas"], supply_)
        tables |= supply_tables(supply_, themes)
    if classes is not None:
        tables["klassen"] = _count_table(
            "klassen", _("Klassen die de quiz deden, per gemeente"), _("Gemeente"),
            [(m, m or _("Onbekend")) for m in sorted(classes)], classes,
            note=_("Dit telt klassen, geen kinderen; daarom is niets afgeschermd."),
        )  # fmt: skip
    hidden = sum(  # this quarter's own cells: not those of the previous quarter beside it
        1
        for table in tables.values()
        if table.slug != "verloop"
        for _k, _l, cells in table.rows
        for shown in cells.values()
        if shown.value is None and shown.suppressed
    )
    return Publication(period=period, tables=tables, hidden=hidden, supply=supply_)


def supply_tables(supply_: Supply, themes: list[tuple[str, str]]) -> dict[str, Table]:
    """The public catalogue now, per theme, municipality and kind: activities, not children, so unhidden."""
    return {
        "aanbod-thema": _count_table(
            "aanbod-thema", _("Activiteiten per thema (nu)"), _("Thema"),
            [(t, name) for t, name in themes if t]
            + [(t, t) for t in sorted(supply_.by_theme) if t not in dict(themes)],
            supply_.by_theme,
        ),
        "aanbod-gemeente": _count_table(
            "aanbod-gemeente", _("Activiteiten per gemeente (nu)"), _("Gemeente"),
            [(m, m or _("Onbekend")) for m in sorted(supply_.by_municipality)], supply_.by_municipality,
        ),
        "aanbod-soort": _count_table(
            "aanbod-soort", _("Activiteiten per soort (nu)"), _("Soort"),
            [(k, str(label)) for k, label in Activity.Kind.choices], supply_.by_kind,
        ),
    }  # fmt: skip


def _count_table(slug, title, header, rows, counts, note="") -> Table:
    return Table(
        slug,
        title,
        header,
        [("aantal", _("Aantal"))],
        [(key, label, {"aantal": plain(counts.get(key, 0))}) for key, label in rows],
        chart="aantal",
        note=note,
        total=(_("Totaal"), {"aantal": plain(sum(counts.get(k, 0) for k, _l in rows))}),
    )


def _gap_table(themes: Table, supply_: Supply) -> Table:
    """Children whose strongest theme it is, per public activity: high means too little on offer."""
    rows = []
    for key, label, cells in themes.rows:
        if not key:
            continue
        kids = cells["afgemaakt"]
        offered = supply_.by_theme.get(key, 0)
        ratio = None
        if kids.value is not None:
            ratio = round(kids.value * 10 / offered) if offered else None
        rows.append(
            (
                key,
                label,
                {
                    "kinderen": kids,
                    "aanbod": plain(offered),
                    "per": Shown(ratio, suppressed=False, tenths=True),
                },
            )
        )
    rows.sort(key=lambda row: -(row[2]["per"].value or -1))
    return Table(
        "tekort",
        _("Waar is te weinig aanbod?"),
        _("Thema"),
        [
            ("kinderen", _("Kinderen met dit als sterkste thema")),
            ("aanbod", _("Activiteiten nu")),
            ("per", _("Kinderen per activiteit")),
        ],
        rows,
        chart="per",
        note=_("Bovenaan staan de thema's met de meeste kinderen per activiteit: daar is aanbod "
               "het hardst nodig. Zonder activiteiten of bij minder dan 10 kinderen staat er –."),
    )  # fmt: skip


def themes_in_order() -> list[tuple[str, str]]:
    return [(t.slug, t.name) for t in Theme.objects.all()]


def dashboard(
    period: Period, offered: list[Period] | None = None, today: dt.date | None = None
) -> Publication:
    """Everything the dashboard shows for one quarter. The table beside the previous quarter only when that
    quarter is on offer too (`offered`): one beyond the retention window is no longer final."""
    regions = {m: (r.name if r else "") for m, r in region_by_municipality().items()}
    themes = themes_in_order()
    before = period.previous()
    return publish(
        period_counts(period),
        regions,
        themes,
        previous=period_counts(before) if offered is not None and before in offered else None,
        supply_=supply(today),
        classes=classes_per_municipality(period),
    )


def supply_only(today: dt.date | None = None) -> tuple[Supply, dict[str, Table]]:
    """The supply part alone, for when no quarter is on offer yet."""
    supply_ = supply(today)
    return supply_, supply_tables(supply_, themes_in_order())
