"""The gazetteer of Regio Zwolle: places and postcodes to coordinates, without a database or network.

Data: catalogue/data/gazetteer.csv (CBS, GeoNames/dr5hn (ODbL), 4pp (MIT)). Plain Python, loaded once.
"""

from __future__ import annotations

import csv
import difflib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

DATA_DIR = Path(__file__).resolve().parent / "data"
POSTCODE_RE = re.compile(r"^\s*([1-9]\d{3})\s*([a-zA-Z]{2})?\s*$")


@dataclass(frozen=True)
class Place:
    name: str
    municipality: str
    province: str
    lat: float
    lon: float
    pc4: tuple[str, ...]

    @property
    def label(self) -> str:
        if self.name == self.municipality:
            return self.name
        return f"{self.name} ({self.municipality})"


@dataclass(frozen=True)
class Lookup:
    """The answer to "where is this?": a place, or a Dutch message with suggestions."""

    query: str
    place: Place | None = None
    postcode: str = ""
    message: str = ""
    suggestions: tuple[Place, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        if self.place is None:
            return ""
        return self.postcode or self.place.name


def normalise(text: str) -> str:
    """Lower case, no accents, no spaces or punctuation: "IJsselmuiden " -> "ijsselmuiden"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


@cache
def all_places() -> tuple[Place, ...]:
    with (DATA_DIR / "gazetteer.csv").open(encoding="utf-8") as fh:
        return tuple(
            Place(
                name=row["place"],
                municipality=row["municipality"],
                province=row["province"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                pc4=tuple(pc for pc in row["pc4"].split(";") if pc),
            )
            for row in csv.DictReader(fh)
        )


@cache
def _by_key() -> dict[str, Place]:
    index: dict[str, Place] = {}
    for place in all_places():
        index.setdefault(normalise(place.name), place)
        index.setdefault(normalise(f"{place.name}{place.municipality}"), place)
    return index


@cache
def _by_pc4() -> dict[str, Place]:
    index: dict[str, Place] = {}
    for place in all_places():
        for pc in place.pc4:
            index.setdefault(pc, place)
    return index


@cache
def municipalities() -> tuple[str, ...]:
    return tuple(sorted({place.municipality for place in all_places()}))


def municipality_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in municipalities()]


def find_place(name: str, municipality: str = "") -> Place | None:
    return _by_key().get(normalise(name + municipality)) or _by_key().get(normalise(name))


def lookup(query: str) -> Lookup:
    """Find a place by name or postcode. Never raises: unknown input gets a message and suggestions."""
    query = (query or "").strip()[:100]
    if not query:
        return Lookup(query=query)
    postcode = POSTCODE_RE.match(query)
    if postcode:
        return _lookup_postcode(query, postcode.group(1), postcode.group(2) or "")
    place = _by_key().get(normalise(query))
    if place:
        return Lookup(query=query, place=place)
    return Lookup(
        query=query,
        message=_("We kennen de plaats “%(query)s” niet in Regio Zwolle.") % {"query": query},
        suggestions=suggest(query),
    )


def _lookup_postcode(query: str, pc4: str, letters: str) -> Lookup:
    place = _by_pc4().get(pc4)
    if place:
        label = f"{pc4} {letters.upper()}".strip()
        return Lookup(query=query, place=place, postcode=label)
    nearest = sorted(_by_pc4().items(), key=lambda item: abs(int(item[0]) - int(pc4)))[:3]
    return Lookup(
        query=query,
        message=_("Postcode %(pc4)s ligt niet in Regio Zwolle.") % {"pc4": pc4},
        suggestions=tuple(dict.fromkeys(place for _pc, place in nearest)),
    )


def suggest(query: str, limit: int = 3) -> tuple[Place, ...]:
    key = normalise(query)
    if not key:
        return ()
    matches = difflib.get_close_matches(key, _by_key().keys(), n=limit * 2, cutoff=0.6)
    starts = [k for k in _by_key() if k.startswith(key[:4])] if len(key) >= 3 else []
    places = [_by_key()[k] for k in [*matches, *starts]]
    return tuple(dict.fromkeys(places))[:limit]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat = rlat2 - rlat1
    dlon = math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
