"""Publishing one quarter: the tables the dashboard and the CSV files show, with the hidden cells of
impact/families.py shown as "< 10". Pure: the counts come in from impact/figures.py.

`publish()` reads top-down: the quarter's shape, its suppressed families, the quarter's own tables, then the
tables beside them (the previous quarter, the gap between children and supply, the supply, the classes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from catalogue.models import Activity
from impact.families import (
    QUARTER_TOTAL,
    Family,
    QuarterFamilies,
    QuarterShape,
    age_key,
    interest_key,
    place_key,
    region_key,
    suppress_quarter,
    theme_key,
    week_key,
)
from impact.suppression import Key
from impact.units import AGE_BUCKETS, Period, week_label

if TYPE_CHECKING:
    from impact.figures import PeriodCounts, Supply


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


# A row: its key, its label and its cells by column key (in the columns' order).
Cells = dict[str, Shown]
Row = tuple[str, str, Cells]


def plain(value: int | None) -> Shown:
    """A number that is never hidden: it counts activities or classes, not children."""
    return Shown(value, suppressed=False)


def shown(family: Family, key: Key) -> Shown:
    return Shown(None) if key in family.hidden else Shown(family.values[key])


@dataclass
class Table:
    slug: str
    title: str
    row_header: str
    columns: list[tuple[str, str]]
    rows: list[Row]
    chart: str = ""  # the column drawn as bars
    note: str = ""
    total: tuple[str, Cells] | None = None

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
    shape = QuarterShape.of(counts, regions, themes)
    tables = quarter_tables(shape, suppress_quarter(counts, shape), themes)
    if previous is not None:
        earlier = publish(previous, regions, themes).tables["themas"]
        tables["verloop"] = trend_table(tables["themas"], earlier, counts.period, previous.period)
    if supply_ is not None:
        tables["tekort"] = gap_table(tables["themas"], supply_)
        tables |= supply_tables(supply_, themes)
    if classes is not None:
        tables["klassen"] = classes_table(classes)
    return Publication(
        period=counts.period, tables=tables, hidden=hidden_cells(tables), supply=supply_
    )


def hidden_cells(tables: dict[str, Table]) -> int:
    """This quarter's own hidden cells: not those of the previous quarter beside it."""
    return sum(
        1
        for table in tables.values()
        if table.slug != "verloop"
        for _k, _l, cells in table.rows
        for cell in cells.values()
        if cell.value is None and cell.suppressed
    )


# The quarter's own tables --------------------------------------------------------------------------------


def quarter_tables(
    shape: QuarterShape, families: QuarterFamilies, themes: list[tuple[str, str]]
) -> dict[str, Table]:
    theme_names = dict(themes) | {"": _("Geen voorkeur")}
    return {
        "trechter": funnel_table(families),
        "gemeenten": places_table(shape, families),
        "sto-regios": regions_table(shape, families),
        "leeftijd": ages_table(families),
        "themas": themes_table(shape, families, theme_names),
        "weken": weeks_table(shape, families),
        "interesse-gemeente": interest_table(shape, families, theme_names),
    }


def funnel_columns() -> list[tuple[str, str]]:
    return [
        ("afgemaakt", _("Quiz afgemaakt")),
        ("geopend", _("Daarna een activiteit geopend")),
    ]


def funnel_cells(families: QuarterFamilies, key: Key) -> Cells:
    """Finished and opened for one line's cell."""
    return {"afgemaakt": shown(families.finished, key), "geopend": shown(families.opened, key)}


def place_label(place: str) -> str:
    return place or _("Onbekend")


def funnel_table(families: QuarterFamilies) -> Table:
    def step(family: Family) -> Cells:
        return {"aantal": shown(family, QUARTER_TOTAL)}

    return Table(
        "trechter",
        _("Van quiz naar aanmelding"),
        _("Stap"),
        [("aantal", _("Aantal"))],
        [
            ("gestart", _("Quiz gestart"), step(families.started)),
            ("afgemaakt", _("Quiz afgemaakt"), step(families.finished)),
            ("geopend", _("Daarna een activiteit geopend"), step(families.opened)),
            ("aangeklikt", _("Aanmeldlink aangeklikt"), step(families.clicks)),
        ],
        chart="aantal",
        note=_("Aanmeldklikken tellen alle bezoekers van de activiteitpagina's, niet alleen kinderen "
               "die de quiz deden."),
    )  # fmt: skip


def places_table(shape: QuarterShape, families: QuarterFamilies) -> Table:
    return Table(
        "gemeenten",
        _("Per gemeente"),
        _("Gemeente"),
        funnel_columns(),
        [(m, place_label(m), funnel_cells(families, place_key(m))) for m in shape.places],
        chart="afgemaakt",
        total=(_("Totaal"), funnel_cells(families, QUARTER_TOTAL)),
    )


def regions_table(shape: QuarterShape, families: QuarterFamilies) -> Table:
    return Table(
        "sto-regios",
        _("Per STO-regio"),
        _("STO-regio"),
        funnel_columns(),
        [
            (r, r or _("Geen STO-regio of onbekend"), funnel_cells(families, region_key(r)))
            for r in shape.regions
        ],
        chart="afgemaakt",
        total=(_("Totaal"), funnel_cells(families, QUARTER_TOTAL)),
    )


def ages_table(families: QuarterFamilies) -> Table:
    return Table(
        "leeftijd",
        _("Per leeftijd"),
        _("Leeftijd"),
        funnel_columns(),
        [(a, str(label), funnel_cells(families, age_key(a))) for a, label in AGE_BUCKETS],
        chart="afgemaakt",
        note=_("In de klas telt de leeftijd die bij de groep hoort."),
        total=(_("Totaal"), funnel_cells(families, QUARTER_TOTAL)),
    )


def themes_table(
    shape: QuarterShape, families: QuarterFamilies, theme_names: dict[str, str]
) -> Table:
    return Table(
        "themas",
        _("Per sterkste thema"),
        _("Thema"),
        funnel_columns(),
        [(t, theme_names.get(t, t), funnel_cells(families, theme_key(t))) for t in shape.themes],
        chart="afgemaakt",
        total=(_("Totaal"), funnel_cells(families, QUARTER_TOTAL)),
    )


def weeks_table(shape: QuarterShape, families: QuarterFamilies) -> Table:
    def week_cells(key: Key) -> Cells:
        return {
            "gestart": shown(families.started, key),
            **funnel_cells(families, key),
            "aangeklikt": shown(families.clicks, key),
        }

    return Table(
        "weken",
        _("Per week"),
        _("Week"),
        [("gestart", _("Quiz gestart")), *funnel_columns(), ("aangeklikt", _("Aanmeldlink aangeklikt"))],
        [(w.isoformat(), week_label(shape.period, w), week_cells(week_key(w))) for w in shape.weeks],
        chart="afgemaakt",
        total=(_("Totaal"), week_cells(QUARTER_TOTAL)),
    )  # fmt: skip


def interest_table(
    shape: QuarterShape, families: QuarterFamilies, theme_names: dict[str, str]
) -> Table:
    """Finished quizzes per municipality and strongest theme."""
    finished = families.finished
    return Table(
        "interesse-gemeente",
        _("Sterkste thema per gemeente"),
        _("Gemeente"),
        [(t, theme_names.get(t, t)) for t in shape.themes],
        [
            (m, place_label(m), {t: shown(finished, interest_key(m, t)) for t in shape.themes})
            for m in shape.places
        ],
        total=(_("Totaal"), {t: shown(finished, theme_key(t)) for t in shape.themes}),
    )


# Tables beside the quarter's own -------------------------------------------------------------------------


def trend_table(now: Table, before: Table, period: Period, previous: Period) -> Table:
    """The strongest themes of this quarter beside those of the previous one (its own published cells)."""
    earlier = {key: cells["afgemaakt"] for key, _label, cells in before.rows}
    return Table(
        "verloop",
        _("Sterkste thema: dit kwartaal en het vorige"),
        _("Thema"),
        [("nu", period.label), ("vorig", previous.label)],
        [
            (key, label, {"nu": cells["afgemaakt"], "vorig": earlier.get(key, Shown(None))})
            for key, label, cells in now.rows
        ],
        chart="nu",
        note=_("De grafiek toont dit kwartaal; de tabel zet het vorige kwartaal ernaast."),
    )


def gap_table(themes: Table, supply_: Supply) -> Table:
    """Children whose strongest theme it is, per public activity: high means too little on offer."""
    rows = [
        (key, label, gap_cells(cells["afgemaakt"], supply_.by_theme.get(key, 0)))
        for key, label, cells in themes.rows
        if key
    ]
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


def gap_cells(children: Shown, offered: int) -> Cells:
    """Children per activity, in tenths; none when the children are hidden or nothing is on offer."""
    ratio = None
    if children.value is not None and offered:
        ratio = round(children.value * 10 / offered)
    return {
        "kinderen": children,
        "aanbod": plain(offered),
        "per": Shown(ratio, suppressed=False, tenths=True),
    }


def supply_tables(supply_: Supply, themes: list[tuple[str, str]]) -> dict[str, Table]:
    """The public catalogue now, per theme, municipality and kind: activities, not children, so unhidden."""
    return {
        "aanbod-thema": count_table(
            "aanbod-thema", _("Activiteiten per thema (nu)"), _("Thema"),
            [(t, name) for t, name in themes if t]
            + [(t, t) for t in sorted(supply_.by_theme) if t not in dict(themes)],
            supply_.by_theme,
        ),
        "aanbod-gemeente": count_table(
            "aanbod-gemeente", _("Activiteiten per gemeente (nu)"), _("Gemeente"),
            [(m, place_label(m)) for m in sorted(supply_.by_municipality)], supply_.by_municipality,
        ),
        "aanbod-soort": count_table(
            "aanbod-soort", _("Activiteiten per soort (nu)"), _("Soort"),
            [(k, str(label)) for k, label in Activity.Kind.choices], supply_.by_kind,
        ),
    }  # fmt: skip


def classes_table(classes: dict[str, int]) -> Table:
    return count_table(
        "klassen", _("Klassen die de quiz deden, per gemeente"), _("Gemeente"),
        [(m, place_label(m)) for m in sorted(classes)], classes,
        note=_("Dit telt klassen, geen kinderen; daarom is niets afgeschermd."),
    )  # fmt: skip


def count_table(
    slug: str,
    title: str,
    header: str,
    rows: list[tuple[str, str]],
    counts: dict[str, int],
    note: str = "",
) -> Table:
    """A one-column table of unhidden counts with their total."""
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
