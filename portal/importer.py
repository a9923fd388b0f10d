"""Spreadsheet import of activities: read a CSV or Excel file, check every row, save the good rows as drafts.

Rows are checked with the models' own rules (Activity, Schedule and Venue full_clean), so the form
and the import cannot disagree. A row is matched on the provider's own reference (`kenmerk`, stored
as Activity.external_ref), only among that provider's activities: importing the same file again
updates instead of duplicating. Rows that did not change are left alone, so re-importing a whole
offer does not send every published activity back to review. Plain logic; the web side is
portal/import_views.py.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import datetime as dt
import functools
import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, cast

import openpyxl
import openpyxl.styles
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Field, Model
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl.worksheet.worksheet import Worksheet

from catalogue.models import Activity, Provider, Schedule, Theme, Venue
from catalogue.places import POSTCODE_RE, Place, find_place, lookup, normalise
from moderation.services import activities_import
from moderation.snapshots import field_value

MAX_BYTES, MAX_ROWS, BATCH, SHOWN_ERRORS = 5 * 1024 * 1024, 10_000, 500, 300
XLSX_MAX_UNPACKED = 50 * 1024 * 1024
# A file full of cells costs time to read however small it is zipped (1.2 million cells in 143 KB
# held a worker for 30 s). A real offer has at most MAX_ROWS rows of the 28 COLUMNS (280,000 cells):
# more cells, rows (declared or found) or columns are refused before and while reading.
MAX_CELLS, MAX_COLUMNS = 300_000, 100
XML_TAIL = 32  # longer than any tag counted below, so a tag split between two chunks counts once
XML_TAGS = ("c", "row", "si")  # a cell, a row, a shared string
XML_PREFIXED = {name: re.compile(rb"<\w{1,10}:" + name.encode() + rb"[\s/>]") for name in XML_TAGS}
COLUMNS = (
    "kenmerk", "titel", "korte_uitleg", "beschrijving", "thema", "andere_themas", "soort",
    "leeftijd_vanaf", "leeftijd_tot", "voor_wie", "prijs", "rolstoel", "aanmelden", "aanmeldlink",
    "aanmeld_email", "aanmeld_telefoon", "waar", "locatie_naam", "locatie_adres", "locatie_postcode",
    "locatie_plaats", "wanneer", "beschikbaarheid",
    "datum", "begintijd", "eindtijd", "herhaling", "tot_en_met",
)  # fmt: skip
ACTIVITY_FIELDS = {
    "titel": "title", "korte_uitleg": "summary", "beschrijving": "description", "soort": "kind",
    "leeftijd_vanaf": "min_age", "leeftijd_tot": "max_age", "voor_wie": "audience",
    "prijs": "price", "rolstoel": "wheelchair_accessible", "aanmelden": "signup_method",
    "aanmeldlink": "signup_url", "aanmeld_email": "signup_email", "aanmeld_telefoon": "signup_phone",
    "waar": "location_type", "wanneer": "availability", "beschikbaarheid": "availability_text",
}  # fmt: skip
SCHEDULE_FIELDS = {
    "datum": "start_date", "begintijd": "start_time", "eindtijd": "end_time",
    "herhaling": "frequency", "tot_en_met": "until",
}  # fmt: skip
# Where a model's error belongs in the spreadsheet.
ERROR_COLUMN = {
    **{f: c for c, f in (ACTIVITY_FIELDS | SCHEDULE_FIELDS).items()},
    "external_ref": "kenmerk", "main_theme": "thema", "themes": "andere_themas",
    "venue": "locatie_naam", "name": "locatie_naam", "address": "locatie_adres",
    "postcode": "locatie_postcode", "place": "locatie_plaats", NON_FIELD_ERRORS: "",
}  # fmt: skip
SAVED_FIELDS = [*ACTIVITY_FIELDS.values(), "main_theme", "venue", "external_ref"]
DATE_NL = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]0?0:00(?::00)?)?$")  # Excel's midnight
TIME_RE = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?::00)?\s*(?:uur|u)?$")
YES = {"ja", "j", "yes", "y", "x", "1", "waar", "true"}
NO = {"nee", "n", "no", "0", "onwaar", "false"}


class FileRefused(Exception):
    """The whole file is refused (too big, not a CSV, no `kenmerk` column); the message is Dutch."""


class CellError(ValueError):
    """One cell cannot be read; the message is Dutch."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("rij %(row)s, %(column)s: %(message)s") % vars(self)
        return _("rij %(row)s: %(message)s") % vars(self)


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def shown_errors(self) -> list[RowError]:
        """A page with ten thousand messages helps nobody; the first few hundred say enough."""
        return self.errors[:SHOWN_ERRORS]

    @property
    def more_errors(self) -> int:
        return max(0, len(self.errors) - SHOWN_ERRORS)


@dataclass
class Row:
    """A good row, checked and ready to save; `original` is the stored activity it updates."""

    activity: Activity
    original: Activity | None
    themes: list[Theme]
    schedule: Schedule | None
    before: dict[str, Any] | None = None  # the stored activity as the audit log records it


# Reading the file and its cells ------------------------------------------------------------


def read_file(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (row number, {column: text}) of the non-empty rows; the header is row 1.
    CSV (any common encoding and separator) or Excel (.xlsx, first sheet)."""
    if len(data) > MAX_BYTES:
        raise FileRefused(_("Het bestand is groter dan 5 MB. Splits het in delen."))
    records = _xlsx_records(data) if data.startswith(b"PK\x03\x04") else _csv_records(data)
    header = [re.sub(r"[\s-]+", "_", name.strip().lower()) for name in (records or [[]])[0]]
    if "kenmerk" not in header:
        raise FileRefused(
            _("De eerste rij moet de kolomnamen bevatten, met in elk geval “kenmerk”.")
        )
    index = {name: header.index(name) for name in COLUMNS if name in header}
    rows = [
        (number, {name: record[i].strip() if i < len(record) else "" for name, i in index.items()})
        for number, record in enumerate(records[1:], start=2)
        if any(cell.strip() for cell in record)
    ]
    if len(rows) > MAX_ROWS:
        raise FileRefused(_("Het bestand heeft meer dan 10.000 rijen. Splits het in delen."))
    return header, rows


def _csv_records(data: bytes) -> list[list[str]]:
    text = _decode(data).replace("\x00", "")
    first = text.split("\n", 1)[0]
    records, cells = [], 0
    try:
        for record in csv.reader(io.StringIO(text), delimiter=max(";,\t", key=first.count)):
            cells += len(record)
            if cells > MAX_CELLS:
                raise _too_many_cells()
            records.append(record)
    except csv.Error as error:
        raise FileRefused(_("Dit bestand kunnen we niet lezen als CSV.")) from error
    return records


def _xlsx_records(data: bytes) -> list[list[str]]:
    """The first sheet's cells as text, the way the CSV would have them. A zip that unpacks to
    more than XLSX_MAX_UNPACKED bytes (a zip bomb) is refused before openpyxl opens it."""
    unreadable = FileRefused(
        _("Dit Excel-bestand kunnen we niet lezen. Sla het op als .xlsx of als CSV.")
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > XLSX_MAX_UNPACKED:
                raise FileRefused(
                    _("Dit Excel-bestand is uitgepakt te groot. Splits het in delen.")
                )
            _count_xml_tags(archive)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        _check_dimension(sheet)
        records, cells = [], 0
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)  # a dimension can lie: count what is read, too
            if cells > MAX_CELLS:
                raise _too_many_cells()
            records.append([_cell_text(value) for value in row])
            if len(records) > MAX_ROWS + 1:
                break
        book.close()
    except FileRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise unreadable from error
    return records


def _too_many_cells() -> FileRefused:
    return FileRefused(
        _("Het bestand heeft te veel cellen (meer dan 300.000). Haal lege of extra kolommen weg, "
          "of splits het in delen.")
    )  # fmt: skip


def _count_xml_tags(archive: zipfile.ZipFile) -> None:
    """Count cells, rows and strings in every part of the workbook, streaming and before openpyxl
    parses anything (it reads every sheet's size on opening, the whole sheet when no size is
    declared). Counting bytes is fast; parsing a million cells is not. Stops at the first chunk
    over the budget, so a hostile file costs no more than a legitimate one."""
    counts = dict.fromkeys(XML_TAGS, 0)
    for info in archive.infolist():
        with archive.open(info) as member:
            tail = b""
            while chunk := member.read(1024 * 1024):
                data, tail = tail + chunk, (tail + chunk)[-XML_TAIL:]
                for name in XML_TAGS:  # a tag inside the tail is counted with the next chunk
                    counts[name] += _tags(name, data) - _tags(name, tail)
                if max(counts.values()) > MAX_CELLS:
                    raise _too_many_cells()
            for name in XML_TAGS:
                counts[name] += _tags(name, tail)
    if max(counts.values()) > MAX_CELLS:
        raise _too_many_cells()


def _tags(name: str, data: bytes) -> int:
    """At least the opening tags `<c ...>`, `<c/>`, `<x:c>`: one fast count of `<c` (which also
    counts the few `<col>`, harmless for a budget), the regex only where a prefix is used."""
    tag = name.encode()
    plain = data.count(b"<" + tag)
    return plain + (len(XML_PREFIXED[name].findall(data)) if b":" + tag in data else 0)


def _check_dimension(sheet: Any) -> None:
    """The size the sheet declares (its dimension tag): refused when it is too big."""
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if rows > MAX_ROWS + 1:
        raise FileRefused(
            _("Het bestand heeft meer dan 10.000 rijen (lege rijen met opmaak tellen mee). "
              "Splits het in delen, of wis de lege rijen onder jullie activiteiten.")
        )  # fmt: skip
    if columns > MAX_COLUMNS:
        raise FileRefused(
            _("Het bestand heeft meer dan 100 kolommen. Haal de kolommen weg die niet in het "
              "voorbeeld staan.")
        )  # fmt: skip
    if rows * columns > MAX_CELLS:
        raise _too_many_cells()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%d-%m-%Y}" if value.time() == dt.time() else f"{value:%d-%m-%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    return str(value)


def _decode(data: bytes) -> str:
    """UTF-8 with or without BOM, UTF-16 as Excel's "Unicode text", else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


def _read(text: str, model_field: Field) -> Any:
    """A cell as the model field's Python value; None for an empty cell (the field's default)."""
    if not text:
        return model_field.get_default()
    value = {"title": _short(text)}
    if model_field.choices:
        options = _options(model_field, get_language())
        if normalise(text) not in options:
            choices = ", ".join(str(k) for k, _label in model_field.choices)
            raise CellError(
                _("kies uit %(choices)s, niet “%(title)s”") % {**value, "choices": choices}
            )
        return options[normalise(text)]
    kind = model_field.get_internal_type()
    if kind == "PositiveSmallIntegerField":
        if not re.fullmatch(r"-?\d{1,6}", text):
            raise CellError(_("“%(title)s” is geen heel getal") % value)
        return int(text)
    if kind == "DecimalField":
        return _price(text, value)
    if kind == "BooleanField":
        if text.lower() not in YES | NO:
            raise CellError(_("vul ja of nee in, niet “%(title)s”") % value)
        return text.lower() in YES
    if kind == "DateField":
        return _date(text, value)
    if kind == "TimeField":
        return _time(text, value)
    if kind == "URLField" and "://" not in text and "." in text:
        return f"https://{text}"  # as the form does with "www.example.org"
    return text


@functools.cache
def _options(model_field: Field, language: str) -> dict[str, str]:
    """Value or label of a choice, written any which way: "Op aanvraag", "aanvraag", "AANVRAAG"."""
    pairs = [(str(key), str(label)) for key, label in model_field.choices or ()]
    return {normalise(label): key for key, label in pairs} | {
        normalise(key): key for key, _l in pairs
    }


def _price(text: str, value: dict) -> Decimal:
    amount = text.replace("€", "").replace(" ", "")
    amount = amount.replace(".", "").replace(",", ".") if "," in amount else amount
    try:
        price = Decimal(amount)
    except InvalidOperation:
        price = Decimal("NaN")
    if not price.is_finite():
        raise CellError(_("“%(title)s” is geen bedrag; schrijf bijvoorbeeld 0 of 7,50") % value)
    return price


def _date(text: str, value: dict) -> dt.date:
    nl, iso = DATE_NL.match(text), DATE_ISO.match(text)
    if nl or iso:
        day, month, year = nl.groups() if nl else reversed(iso.groups())  # type: ignore[union-attr]
        with contextlib.suppress(ValueError):
            date = dt.date(int(year), int(month), int(day))
            if 2000 <= date.year <= 2100:  # also keeps Amsterdam times convertible to UTC
                return date
    raise CellError(_("“%(title)s” is geen datum; schrijf dd-mm-jjjj") % value)


def _time(text: str, value: dict) -> dt.time:
    match = TIME_RE.match(text.lower())
    if match:
        with contextlib.suppress(ValueError):
            return dt.time(int(match.group(1)), int(match.group(2) or 0))
    raise CellError(_("“%(title)s” is geen tijd; schrijf bijvoorbeeld 14:30") % value)


# Checking and saving -----------------------------------------------------------------------


def import_activities(*, provider: Provider, data: bytes, by: User | None) -> Report:
    """Check every row first, then save the good ones in batches, each batch one transaction."""
    started = time.perf_counter()
    header, rows = read_file(data)
    report = Report(ignored_columns=[h for h in dict.fromkeys(header) if h and h not in COLUMNS])
    importer, good = Importer(provider), []
    for number, row in rows:
        checked = importer.check(number, row)
        if isinstance(checked, Row):
            good.append(checked)
        else:
            report.errors.extend(checked)
            report.refused += 1
    for start in range(0, len(good), BATCH):
        importer.save(good[start : start + BATCH], by=by, report=report)
    report.seconds = time.perf_counter() - started
    return report


class Importer:
    """What every row needs (themes, venues, the provider's activities), read once, not per row."""

    def __init__(self, provider: Provider) -> None:
        self.provider = provider
        themes = list(Theme.objects.all())
        self.theme_by_pk = {theme.pk: theme for theme in themes}
        self.themes = {normalise(t.name): t for t in themes} | {
            normalise(t.slug): t for t in themes
        }
        self.venues = {_venue_key(v.name, v.place): v for v in provider.venues.all()}
        stored = (
            provider.activities.filter(revision_of=None)
            .exclude(external_ref="")
            .select_related("provider", "main_theme", "venue")
        )
        self.existing = {a.external_ref: a for a in stored}
        self.stored_themes: dict[int, set[int]] = {}
        links = Activity.themes.through.objects.filter(activity__provider=provider)
        for activity_id, theme_id in links.values_list("activity_id", "theme_id"):
            self.stored_themes.setdefault(activity_id, set()).add(theme_id)
        self.stored_schedules: dict[int, list[Schedule]] = {}
        for schedule in Schedule.objects.filter(activity__provider=provider):
            self.stored_schedules.setdefault(schedule.activity_id, []).append(schedule)
        self.seen: dict[str, int] = {}
        self.slugs = set(Activity.objects.values_list("slug", flat=True))

    def check(self, number: int, row: dict[str, str]) -> Row | list[RowError]:
        ref = row["kenmerk"]
        if not ref:
            return [RowError(number, "kenmerk", _("vul jullie eigen kenmerk in"))]
        if ref in self.seen:
            message = _("staat ook in rij %(row)s; elk kenmerk mag één keer")
            return [RowError(number, "kenmerk", message % {"row": self.seen[ref]})]
        self.seen[ref] = number
        original = self.existing.get(ref)
        activity = copy.copy(original) if original else Activity(provider=self.provider)
        activity.external_ref = ref
        errors = _fill(activity, row, ACTIVITY_FIELDS)
        themes = self._themes(activity, row, errors)
        self._venue(activity, row, errors)
        schedule = self._schedule(row, errors)
        reported = {column for column, _message in errors}
        rules = _validate(activity, exclude=["provider", "main_theme", "venue", "slug"])
        errors += [(column, message) for column, message in rules if column not in reported]
        if errors:
            return [RowError(number, column, message) for column, message in errors]
        return Row(activity, original, themes, schedule)

    def _themes(self, activity: Activity, row: dict[str, str], errors: list) -> list[Theme]:
        main = self.themes.get(normalise(row["thema"]))
        if main is None:
            unknown = _("onbekend thema “%(title)s”") % {"title": _short(row["thema"])}
            errors.append(("thema", unknown if row["thema"] else _("vul een thema in")))
        else:
            activity.main_theme = main
        names = [name.strip() for name in re.split(r"[,;]", row["andere_themas"]) if name.strip()]
        others = []
        for name in names:
            if normalise(name) not in self.themes:
                message = _("onbekend thema “%(title)s”") % {"title": _short(name)}
                errors.append(("andere_themas", message))
            elif self.themes[normalise(name)] not in others:
                others.append(self.themes[normalise(name)])
        if len(others) > 2:
            errors.append(("andere_themas", _("Kies hoogstens twee andere thema's.")))
        return others

    def _venue(self, activity: Activity, row: dict[str, str], errors: list) -> None:
        """The provider's venue with this name in this place, or a new one that later rows share."""
        activity.venue, name = None, row["locatie_naam"]
        if activity.location_type != Activity.LocationType.VENUE or not name:
            return  # Activity.clean asks for a venue where one is needed
        where = row["locatie_plaats"] or row["locatie_postcode"]
        place = _place(where)
        if place is None:
            unknown = _("de plaats “%(place)s” kennen we niet in Regio Zwolle")
            message = unknown % {"place": _short(where)} if where else _("vul de plaats in")
            errors.append(("locatie_plaats", message))
            activity.venue = Venue(provider=self.provider, name=name)  # refused with the row
            return
        key = _venue_key(name, place.name)
        if key not in self.venues:
            venue = Venue(
                provider=self.provider, name=name, address=row["locatie_adres"],
                postcode=row["locatie_postcode"].upper(), place=place.name,
                municipality=place.municipality, lat=place.lat, lon=place.lon,
            )  # fmt: skip
            problems = _validate(venue, exclude=["provider"])
            errors.extend(problems)
            if problems:
                activity.venue = venue  # refused with the row; never saved
                return
            self.venues[key] = venue
        activity.venue = self.venues[key]

    def _schedule(self, row: dict[str, str], errors: list) -> Schedule | None:
        if not any(row[column] for column in SCHEDULE_FIELDS if column != "herhaling"):
            return None  # "eenmalig" alone, as a filled-down column often has, is no date
        schedule = Schedule()
        problems = _fill(schedule, row, SCHEDULE_FIELDS)
        errors.extend(problems or _validate(schedule, exclude=["activity"]))
        return schedule

    def save(self, rows: list[Row], *, by: User | None, report: Report) -> None:
        """One batch: the changed rows are saved, with their audit rows, by the activity's life
        (moderation.services.activities_import), in one transaction."""
        changed = [row for row in rows if self._changed(row)]
        for row in changed:
            if row.original is None:
                row.activity.slug = self._slug(row.activity.title)
        activities_import(provider=self.provider, rows=changed, by=by)
        report.created += sum(1 for row in changed if row.original is None)
        report.updated += sum(1 for row in changed if row.original is not None)
        report.unchanged += len(rows) - len(changed)

    def _changed(self, row: Row) -> bool:
        """Whether saving would change anything: the row against the stored activity, compared
        as the audit log records them."""
        if row.original is None:
            return True
        pk = row.original.pk
        themes = [self.theme_by_pk[theme] for theme in self.stored_themes.get(pk, ())]
        row.before = _snapshot(row.original, themes, self.stored_schedules.get(pk, []))
        return row.before != _after(row)

    def _slug(self, title: str) -> str:
        """As catalogue.services.unique_slug, against the slugs read once instead of a query a row."""
        base = slugify(f"{title} {self.provider.place}")[:120] or "item"
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug


def _fill(obj: Model, row: dict[str, str], fields: dict[str, str]) -> list[tuple[str, str]]:
    errors = []
    for column, name in fields.items():
        try:
            # the mapped names are plain columns; get_field is typed for relations too
            setattr(obj, name, _read(row[column], cast(Field, obj._meta.get_field(name))))
        except CellError as error:
            errors.append((column, str(error)))
    return errors


def _validate(obj: Model, *, exclude: list[str]) -> list[tuple[str, str]]:
    """The model's own rules. Relations, uniqueness and constraints are left out: the importer sets
    those itself (its own provider, themes and venues; matching on kenmerk; Activity.clean checks
    the age order) and checking them here would cost several queries on every row."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return [
            (ERROR_COLUMN.get(name, name), message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def _place(where: str) -> Place | None:
    """A place by name, else by postcode; without catalogue.places.lookup's suggestions, which
    would cost a millisecond a row in a file full of unknown places."""
    if not where:
        return None
    return find_place(where) or (lookup(where).place if POSTCODE_RE.match(where) else None)


def _venue_key(name: str, place: str) -> tuple[str, str]:
    return normalise(name), normalise(place)


def _after(row: Row) -> dict[str, Any]:
    return _snapshot(row.activity, row.themes, [row.schedule] if row.schedule else [])


def _snapshot(activity: Activity, themes: list[Theme], schedules: list[Schedule]) -> dict[str, Any]:
    """moderation.snapshots.activity_snapshot without its two queries a row: the importer holds
    the themes and schedules already. tests/test_import.py checks that the two agree."""
    ordered = sorted(schedules, key=lambda s: (s.start_date, s.start_time, s.pk or 0))
    return {
        **_values(activity),
        "themes": sorted(theme.slug for theme in themes),
        "schedules": [_values(schedule, skip="activity") for schedule in ordered],
    }


def _values(obj: Model, skip: str = "") -> dict[str, Any]:
    fields = obj._meta.concrete_fields
    return {
        f.name: field_value(obj, f)
        for f in fields
        if f.editable and not f.primary_key and f.name != skip
    }


def template_rows() -> list[list[str]]:
    """Dutch headers and one example row. No cell starts with = + - @, so no spreadsheet takes
    one for a formula."""
    day = timezone.localdate() + dt.timedelta(days=28)
    example = [
        "WS-001", _("Bouw een brug van spaghetti"), _("Hoeveel gewicht houdt jouw brug?"),
        _("Je bouwt met spaghetti en marshmallows een brug en test hoe sterk hij is."),
        "bouwen", "maken, stroom", "workshop", "8", "12", "gezin", "7,50", "ja", "link",
        "https://www.example.org/aanmelden", "", "", "locatie", _("Techniekwerkplaats"),
        _("Voorbeeldstraat 1"), "8011 AB", "Zwolle", "data", "", f"{day:%d-%m-%Y}", "14:00",
        "16:00", "wekelijks", f"{day + dt.timedelta(weeks=4):%d-%m-%Y}",
    ]  # fmt: skip
    return [list(COLUMNS), example]


def template_csv() -> bytes:
    """`;`-separated with a BOM, as Dutch Excel reads it best."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(template_rows())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """The same as an Excel file; every cell is stored as text, the header row is bold."""
    book = openpyxl.Workbook()
    sheet = cast(Worksheet, book.active)  # a new workbook's one sheet (the stubs allow None)
    sheet.title = _("activiteiten")
    for row in template_rows():
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = openpyxl.styles.Font(bold=True)
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.data_type, cell.number_format = "s", "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
