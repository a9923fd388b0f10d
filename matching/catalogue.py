"""A catalogue snapshot as numpy arrays, built once and queried many times.

Building walks the offers in Python (slow, but once per snapshot); queries then filter and score whole columns at
once, so one recommendation over 100,000 offers costs milliseconds. Offers are stored sorted by slug, so array
order *is* the tie-break order and shuffled input gives the same answers. Offers with the same title form one
series (one card on the page), numbered in `series`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from matching.records import BOTH, CLASS, Offer

MAIN_WEIGHT = 1.0
SECONDARY_WEIGHT = 0.5
EARTH_RADIUS_KM = 6371.0

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]
Bools = npt.NDArray[np.bool_]


class Catalogue:
    """Column arrays over a fixed list of offers; read-only after construction, so safe to share."""

    def __init__(
        self,
        offers: Sequence[Offer],
        theme_names: Mapping[str, str],
        theme_words: Mapping[str, str] | None = None,
    ) -> None:
        self.offers: tuple[Offer, ...] = tuple(sorted(offers, key=lambda o: (o.slug, o.id)))
        self.theme_names: dict[str, str] = dict(theme_names)
        self.theme_words: dict[str, str] = dict(theme_words or {})
        slugs = {t for o in self.offers for t in (o.main_theme, *o.themes)} | set(theme_names)
        self.theme_index: dict[str, int] = {slug: i for i, slug in enumerate(sorted(slugs))}
        self.weights = self._theme_weights()
        self._columns()

    def __len__(self) -> int:
        return len(self.offers)

    def theme_name(self, slug: str) -> str:
        return self.theme_names.get(slug, slug)

    def theme_word(self, slug: str) -> str:
        """What a child likes, to read after "Je houdt van": "bouwen"; else the name's first word ("Water & Dijken"
        gives "water")."""
        word = self.theme_words.get(slug)
        if word:
            return word
        return self.theme_name(slug).split("&")[0].strip().lower() or slug

    def _theme_weights(self) -> Floats:
        """Offer x theme matrix (main 1.0, secondary 0.5), column-major because queries read a few columns."""
        weights = np.zeros((len(self.offers), max(len(self.theme_index), 1)), order="F")
        for row, offer in enumerate(self.offers):
            for theme in offer.themes:
                weights[row, self.theme_index[theme]] = SECONDARY_WEIGHT
            weights[row, self.theme_index[offer.main_theme]] = MAIN_WEIGHT
        return weights

    def _columns(self) -> None:
        offers = self.offers
        self.min_age = np.array([o.min_age for o in offers], dtype=np.int64)
        self.max_age = np.array([o.max_age for o in offers], dtype=np.int64)
        lat = np.array([math.nan if o.online else o.lat for o in offers], dtype=np.float64)
        lon = np.array([math.nan if o.online else o.lon for o in offers], dtype=np.float64)
        self.online: Bools = np.isnan(lat)
        self.lat_rad: Floats = np.radians(lat)
        self.lon_rad: Floats = np.radians(lon)
        self.cos_lat: Floats = np.cos(self.lat_rad)
        self.next_ts: Floats = np.array(
            [_timestamp(o.next_start) for o in offers], dtype=np.float64
        )
        self.school_ts: Floats = np.array(
            [_timestamp(o.next_school_start) for o in offers], dtype=np.float64
        )
        self.main_col: Ints = np.array(
            [self.theme_index[o.main_theme] for o in offers], dtype=np.intp
        )
        self.series = _codes([series_key(o.title) for o in offers])[1]
        self.on_request: Bools = np.array([o.on_request for o in offers], dtype=bool)
        self.free: Bools = np.array([o.free for o in offers], dtype=bool)
        wheelchair = np.array([o.wheelchair for o in offers], dtype=bool)
        self.bonus: Floats = np.where(self.free, 1.05, 1.0) * np.where(wheelchair, 1.02, 1.0)
        self.kind_codes, self.kind = _codes([o.kind for o in offers])
        self.audience_codes, self.audience = _codes([o.audience for o in offers])

    def starts(self, audience: str) -> Floats:
        """When each offer next happens for this audience: a class only goes in school time."""
        return self.school_ts if audience == CLASS else self.next_ts

    def eligible(
        self, query_age: int | None, start_ts: float, end_ts: float, audience: str = ""
    ) -> Bools:
        """Age and date filters; on-request offers need no date in the window."""
        starts = self.starts(audience)
        dated = (starts >= start_ts) & (starts <= end_ts)
        mask = dated | self.on_request
        if query_age is not None:
            mask &= (self.min_age <= query_age) & (self.max_age >= query_age)
        return mask

    def kinds_mask(self, kinds: frozenset[str]) -> Bools:
        codes = [self.kind_codes[k] for k in kinds if k in self.kind_codes]
        return np.isin(self.kind, np.array(codes, dtype=np.int64))

    def audience_mask(self, audience: str) -> Bools:
        """An offer for "beide" fits both a family and a school; an unknown audience fits nothing."""
        codes = [self.audience_codes[a] for a in (audience, BOTH) if a in self.audience_codes]
        return np.isin(self.audience, np.array(codes, dtype=np.int64))

    def distances(self, idx: Ints, origin: tuple[float, float]) -> Floats:
        """Haversine distance in km, rounded to 0.1 like the search page; NaN for online offers."""
        olat, olon = math.radians(origin[0]), math.radians(origin[1])
        lat, lon = self.lat_rad[idx], self.lon_rad[idx]
        a = np.sin((lat - olat) / 2) ** 2
        a += math.cos(olat) * self.cos_lat[idx] * np.sin((lon - olon) / 2) ** 2
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
        rounded: Floats = np.round(km, 1)
        return rounded

    def theme_match(self, idx: Ints, profile: Mapping[str, float]) -> Floats:
        """Normalised profile dotted with the offer's theme weights, reading only the profile's columns."""
        match = np.zeros(len(idx))
        for slug, weight in profile.items():
            col = self.theme_index.get(slug)
            if col is not None:
                match += weight * self.weights[idx, col]
        return match

    def main_in(self, idx: Ints, themes: Sequence[str]) -> Bools:
        """Whether each offer's own (main) theme is one of `themes`."""
        cols = [self.theme_index[t] for t in themes if t in self.theme_index]
        return np.isin(self.main_col[idx], np.array(cols, dtype=np.intp))

    def touches(self, idx: Ints, themes: Sequence[str]) -> Bools:
        """Whether each offer has any of `themes` as main or secondary theme."""
        hit = np.zeros(len(idx), dtype=bool)
        for slug in themes:
            col = self.theme_index.get(slug)
            if col is not None:
                hit |= self.weights[idx, col] > 0
        return hit


def series_key(title: str) -> str:
    """The same title, however it is capitalised or spaced, is one series."""
    return " ".join(title.casefold().split())


def _timestamp(moment: dt.datetime | None) -> float:
    if moment is None:
        return math.nan
    if moment.tzinfo is None:
        raise ValueError("Offer.next_start must be timezone-aware")
    return moment.timestamp()


def _codes(values: list[str]) -> tuple[dict[str, int], npt.NDArray[np.int64]]:
    """Small integer codes for a text column, so filters are integer comparisons."""
    codes = {value: i for i, value in enumerate(sorted(set(values)))}
    return codes, np.array([codes[v] for v in values], dtype=np.int64)
