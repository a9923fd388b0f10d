"""Regenerate static/geo/regio-zwolle.geojson: the region's outline and its main towns.

The outline is the convex hull of every place in the gazetteer, widened by about 3 km. It is drawn when
no map tiles are configured, so the map is never an empty box. Run after the gazetteer changes.
"""

import csv
import json
import math

from django.conf import settings
from django.core.management.base import BaseCommand

from catalogue.places import DATA_DIR, all_places, find_place

MARGIN_KM = 3.0


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Andrew's monotone chain; points are (lon, lat)."""
    pts = sorted(set(points))

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _widened(lat: float, lon: float) -> list[tuple[float, float]]:
    dlat = MARGIN_KM / 111.0
    dlon = MARGIN_KM / (111.0 * math.cos(math.radians(lat)))
    return [
        (round(lon + dlon * math.cos(a), 4), round(lat + dlat * math.sin(a), 4))
        for a in (i * math.pi / 8 for i in range(16))
    ]


class Command(BaseCommand):
    help = "Schrijf de omtrek van Regio Zwolle en de hoofdplaatsen naar static/geo/."

    def handle(self, *args: object, **options: object) -> None:
        ring = _hull([pt for p in all_places() for pt in _widened(p.lat, p.lon)])
        features: list[dict] = [
            {
                "type": "Feature",
                "properties": {"name": "Regio Zwolle"},
                "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
            }
        ]
        with (DATA_DIR / "municipalities.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                town = find_place(row["main_town"], row["municipality"])
                if town:
                    features.append(
                        {
                            "type": "Feature",
                            "properties": {"name": town.name},
                            "geometry": {"type": "Point", "coordinates": [town.lon, town.lat]},
                        }
                    )
        target = settings.BASE_DIR / "static" / "geo" / "regio-zwolle.geojson"
        target.parent.mkdir(parents=True, exist_ok=True)
        collection = {
            "type": "FeatureCollection",
            "attribution": "CBS, GeoNames/dr5hn (ODbL), 4pp (MIT)",
            "features": features,
        }
        target.write_text(json.dumps(collection, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(f"{target}: {len(ring)} punten, {len(features) - 1} plaatsen")
