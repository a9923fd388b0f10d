"""Class visits in the figures (/cijfers/): requests, agreed visits and visits that happened, per
municipality of the school, STO region, main theme of the activity and kind of provider.

The same rules as every other figure (impact/suppression.py):

- only a quarter on offer (impact.figures.periods_available: ended, final) is shown;
- a request counts for the quarter it was made (and confirmed) in; an agreed visit and a visit that
  happened count for the quarter of the agreed date, and only with what was known before the quarter's
  end (agreed before it; "Is het doorgegaan?" answered before it, visits.services.happened_by), so a
  later answer never changes a published figure; theme and kind of provider are kept on the request as
  they were when it was made;
- three families (R requests, A agreed, H happened), each with the lines "municipalities add up to their
  region", "regions", "themes" and "kinds" adding up to the quarter's total; every cell under 10 is
  hidden with its partners (suppression.protect), the whole family when its total is under 10; an A
  cell is also hidden when R - A is 1..9, an H cell when A - H is 1..9 (as O against F).

A visit is a class, and a class is a small group of children at one school: so, unlike the count of
class sessions, these are suppressed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.models import Provider, Theme
from impact import suppression
from impact.families import QUARTER_TOTAL, Family, place_key, region_key, theme_key
from impact.publication import Cells, Shown, Table, place_label, shown
from impact.suppression import Key
from impact.units import Period
from regions.models import region_by_municipality
from visits.models import VisitRequest
from visits.services import happened_by

MEASURES = (
    ("r", gettext_lazy("Aanvragen")),
    ("a", gettext_lazy("Afgesproken")),
    ("h", gettext_lazy("Doorgegaan")),
)


def kind_key(kind: str) -> Key:
    return ("k", kind)


@dataclass(frozen=True)
class Row:
    """One request as the figures see it."""

    municipality: str
    region: str
    theme: str
    kind: str


@dataclass
class VisitCounts:
    period: Period
    requested: list[Row]
    agreed: list[Row]
    happened: list[Row]


def visit_counts(period: Period) -> VisitCounts:
    """Three queries over the quarter's requests; what was known at the quarter's end only."""
    start, end = period.bounds()
    regions = {m: (r.name if r else "") for m, r in region_by_municipality().items()}

    def row(v: VisitRequest) -> Row:
        return Row(v.municipality, regions.get(v.municipality, ""), v.theme, v.provider_kind)

    requested = VisitRequest.objects.filter(
        created__gte=start, created__lt=end, email_confirmed__lt=end
    )
    dated = VisitRequest.objects.filter(
        date__gte=period.first_day, date__lt=period.next_first_day, agreed__lt=end
    )
    agreed = list(dated)
    return VisitCounts(
        period,
        requested=[row(v) for v in requested],
        agreed=[row(v) for v in agreed],
        happened=[row(v) for v in agreed if happened_by(v, end)],
    )


@dataclass(frozen=True)
class Shape:
    places: list[str]
    regions: list[str]
    region_of: dict[str, str]
    themes: list[str]
    kinds: list[str]

    @classmethod
    def of(cls, counts: VisitCounts, theme_order: list[str]) -> Shape:
        rows = counts.requested + counts.agreed
        places = sorted({r.municipality for r in rows}, key=lambda p: (p == "", p))
        region_of = {r.municipality: r.region for r in rows}
        present = {r.theme for r in rows}
        themes = [t for t in theme_order if t in present]
        themes += sorted(present - set(themes))
        kinds = [k for k, _l in Provider.Kind.choices if k in {r.kind for r in rows}]
        kinds += sorted({r.kind for r in rows} - set(kinds))
        return cls(
            places=places,
            regions=sorted(set(region_of.values()), key=lambda r: (r == "", r)),
            region_of=region_of,
            themes=themes,
            kinds=kinds,
        )


def family(shape: Shape, rows: list[Row], bigger: Family | None = None) -> Family:
    by_place = Counter(r.municipality for r in rows)
    by_region = Counter(r.region for r in rows)
    by_theme = Counter(r.theme for r in rows)
    by_kind = Counter(r.kind for r in rows)
    fam = Family({QUARTER_TOTAL: len(rows)})
    for place in shape.places:
        fam.add(place_key(place), by_place[place], ("reg", shape.region_of[place]))
    for region in shape.regions:
        fam.add(region_key(region), by_region[region], ("reg", region), ("regions",))
    for theme in shape.themes:
        fam.add(theme_key(theme), by_theme[theme], ("themes",))
    for kind in shape.kinds:
        fam.add(kind_key(kind), by_kind[kind], ("kinds",))
    small_gap: set[Key] = set()
    if bigger is not None:
        small_gap = {
            key
            for key, count in fam.values.items()
            if 0 < bigger.values[key] - count < suppression.THRESHOLD
        }
    return fam.suppress(small_gap)


def visit_tables(counts: VisitCounts, themes: list[tuple[str, str]]) -> list[Table]:
    """The quarter's visit tables, every small cell hidden."""
    shape = Shape.of(counts, [slug for slug, _n in themes])
    requested = family(shape, counts.requested)
    agreed = family(shape, counts.agreed, requested)
    happened = family(shape, counts.happened, agreed)
    families = {"r": requested, "a": agreed, "h": happened}
    columns = [(key, str(label)) for key, label in MEASURES]

    def cells(key: Key) -> Cells:
        return {m: shown(fam, key) for m, fam in families.items()}

    total = (_("Totaal"), cells(QUARTER_TOTAL))
    theme_names = dict(themes)
    kind_names = dict(Provider.Kind.choices)
    lines = [
        ("bezoeken-gemeente", _("Klasbezoeken per gemeente van de school"), _("Gemeente"),
         [(p, place_label(p), cells(place_key(p))) for p in shape.places]),
        ("bezoeken-sto-regio", _("Klasbezoeken per STO-regio"), _("STO-regio"),
         [(r, r or _("Geen STO-regio of onbekend"), cells(region_key(r))) for r in shape.regions]),
        ("bezoeken-thema", _("Klasbezoeken per thema van de activiteit"), _("Thema"),
         [(t, theme_names.get(t, t or _("Onbekend")), cells(theme_key(t))) for t in shape.themes]),
        ("bezoeken-soort", _("Klasbezoeken per soort aanbieder"), _("Soort aanbieder"),
         [(k, str(kind_names.get(k, k)), cells(kind_key(k))) for k in shape.kinds]),
    ]  # fmt: skip
    return [
        Table(slug, title, header, columns, rows, chart="h", total=total)
        for slug, title, header, rows in lines
    ]


def totals(tables: list[Table]) -> Cells:
    if not tables or tables[0].total is None:
        return {key: Shown(None) for key, _l in MEASURES}
    return tables[0].total[1]


def quarter_visits(period: Period) -> list[Table]:
    themes = [(t.slug, t.name) for t in Theme.objects.all()]
    return visit_tables(visit_counts(period), themes)
