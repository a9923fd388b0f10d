"""Which tiles belong to the region: web-mercator tile numbers ("slippy map" z/x/y, as Leaflet and
every OpenStreetMap-style server count them) inside a box around Regio Zwolle.

The box is the committed outline of the region (static/geo/regio-zwolle.geojson, built from the
gazetteer) with a margin, so the map around the edge towns is not cut off.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from django.conf import settings

OUTLINE = settings.BASE_DIR / "static" / "geo" / "regio-zwolle.geojson"
MARGIN_LON = 0.15  # degrees, about 10 km at 52.5° N
MARGIN_LAT = 0.10  # degrees, about 11 km


@dataclass(frozen=True)
class Box:
    south: float
    west: float
    north: float
    east: float

    def as_data(self) -> str:
        """ "south,west,north,east", for a data attribute (Leaflet's bounds of the tile layer)."""
        return ",".join(f"{v:.4f}" for v in (self.south, self.west, self.north, self.east))


@dataclass(frozen=True)
class TileRange:
    zoom: int
    x_min: int
    x_max: int
    y_min: int
    y_max: int

    def __contains__(self, xy: tuple[int, int]) -> bool:
        x, y = xy
        return self.x_min <= x <= self.x_max and self.y_min <= y <= self.y_max

    @property
    def count(self) -> int:
        return (self.x_max - self.x_min + 1) * (self.y_max - self.y_min + 1)


def _coordinates(geometry: dict) -> Iterator[tuple[float, float]]:
    def walk(part: list) -> Iterator[tuple[float, float]]:
        if part and isinstance(part[0], int | float):
            yield part[0], part[1]
        else:
            for item in part:
                yield from walk(item)

    yield from walk(geometry["coordinates"])


@cache
def region_box() -> Box:
    data = json.loads(OUTLINE.read_text(encoding="utf-8"))
    points = [p for f in data["features"] for p in _coordinates(f["geometry"])]
    lons = [lon for lon, _ in points]
    lats = [lat for _, lat in points]
    return Box(
        south=min(lats) - MARGIN_LAT,
        west=min(lons) - MARGIN_LON,
        north=max(lats) + MARGIN_LAT,
        east=max(lons) + MARGIN_LON,
    )


def tile_of(lat: float, lon: float, zoom: int) -> tuple[int, int]:
    """The tile (x, y) that holds a point at a zoom level (web mercator, origin top left)."""
    n = 2**zoom
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return x, y


@cache
def tile_range(zoom: int) -> TileRange:
    box = region_box()
    x_min, y_min = tile_of(box.north, box.west, zoom)
    x_max, y_max = tile_of(box.south, box.east, zoom)
    return TileRange(zoom, x_min, x_max, y_min, y_max)


def zooms() -> range:
    return range(settings.MAP_TILE_MIN_ZOOM, settings.MAP_TILE_MAX_ZOOM + 1)


def in_region(zoom: int, x: int, y: int) -> bool:
    """Only the region's tiles at the served zoom levels: the endpoint is no open proxy."""
    return zoom in zooms() and (x, y) in tile_range(zoom)


def region_tiles(zoom: int) -> Iterator[tuple[int, int, int]]:
    r = tile_range(zoom)
    for x in range(r.x_min, r.x_max + 1):
        for y in range(r.y_min, r.y_max + 1):
            yield zoom, x, y
