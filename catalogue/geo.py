"""GeoJSON of catalogue search hits: shared by the map on the list page and the open-data API."""

from __future__ import annotations

from typing import Any

from catalogue.search import Hit, other_themes


def feature_collection(hits: list[Hit], prefix: str) -> dict[str, Any]:
    """A FeatureCollection of the hits that have a place on the map; `prefix` + slug + "/" is the link."""
    theme_slugs = other_themes()  # every published activity's, kept with the search's snapshot
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [hit.point[1], hit.point[0]]},
            "properties": {
                "slug": hit.slug,
                "title": hit.title,
                "url": f"{prefix}{hit.slug}/",
                "themes": [
                    hit.main_theme,
                    *[s for s in theme_slugs.get(hit.pk, []) if s != hit.main_theme],
                ],
                "min_age": hit.min_age,
                "max_age": hit.max_age,
                "next_start": hit.next_start.isoformat() if hit.next_start else None,
                "free": hit.free,
                **({"distance_km": hit.distance_km} if hit.distance_km is not None else {}),
            },
        }
        for hit in hits
        if hit.point is not None
    ]
    return {"type": "FeatureCollection", "features": features}
