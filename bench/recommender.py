"""Timing the recommender: `python bench/recommender.py`.

Builds deterministic synthetic catalogues (1,000 and 100,000 offers over Regio Zwolle) and times recommend() for
200 varied queries each. Goal: one call under 2 ms over 1,000 offers and under 20 ms over 100,000. Figures go into
the issue notes, never into test assertions. Imports only matching, the standard library and numpy.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching import Catalogue, Offer, Query, recommend

THEMES = {
    "bouwen": "Bouwen & Wonen",
    "maken": "Maken & Machines",
    "stroom": "Stroom & Elektronica",
    "robots-code": "Programmeren & Robots",
    "vervoer": "Voertuigen & Vervoer",
    "energie": "Energie & Klimaat",
    "water": "Water & Dijken",
    "boerderij-eten": "Boerderij & Eten",
    "proefjes": "Proefjes & Ontdekken",
    "zorgtechniek": "Lichaam & Zorgtechniek",
    "ontwerpen-media": "Ontwerpen & Media",
}
SLUGS = sorted(THEMES)
KINDS = ("workshop", "bedrijfsbezoek", "techlab", "club", "open-dag", "museum", "kamp")
AUDIENCES = ("gezin", "school", "beide")
LAT, LON = (52.2, 52.85), (5.6, 6.75)
NOW = dt.datetime(2026, 3, 4, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
QUERIES = 200


def synthetic_offer(rng: random.Random, i: int, providers: int) -> Offer:
    """One plausible offer: 10% online, 30% on request, dates from last week to three months ahead."""
    main = rng.choice(SLUGS)
    extra = tuple(t for t in rng.sample(SLUGS, rng.randint(0, 2)) if t != main)
    online = rng.random() < 0.1
    on_request = rng.random() < 0.3
    start = None if on_request else NOW + dt.timedelta(hours=rng.uniform(-7 * 24, 90 * 24))
    min_age = rng.randint(6, 10)
    return Offer(
        id=i,
        slug=f"activiteit-{i:06d}",
        title=f"Activiteit {i}",
        provider=f"aanbieder-{rng.randrange(providers):05d}",
        main_theme=main,
        themes=extra,
        min_age=min_age,
        max_age=min_age + rng.randint(2, 8),
        lat=None if online else rng.uniform(*LAT),
        lon=None if online else rng.uniform(*LON),
        next_start=start,
        on_request=on_request,
        free=rng.random() < 0.4,
        wheelchair=rng.random() < 0.5,
        kind=rng.choice(KINDS),
        audience=rng.choice(AUDIENCES),
    )


def synthetic_query(rng: random.Random) -> Query:
    """Varied children: 1-4 liked themes (sometimes none), 8-12 years, 1 in 5 without a place."""
    liked = rng.sample(SLUGS, rng.randint(0, 4))
    origin = None if rng.random() < 0.2 else (rng.uniform(*LAT), rng.uniform(*LON))
    return Query(
        profile={slug: float(rng.randint(1, 6)) for slug in liked},
        now=NOW,
        age=rng.randint(8, 12),
        origin=origin,
        origin_name="Zwolle" if origin else "",
        radius_km=rng.choice((5, 10, 25)),
        kinds=frozenset(rng.sample(KINDS, 2)) if rng.random() < 0.1 else frozenset(),
        free_only=rng.random() < 0.1,
    )


def bench(size: int) -> None:
    rng = random.Random(size)
    offers = [synthetic_offer(rng, i, max(1, size * 3 // 10)) for i in range(size)]
    started = time.perf_counter()
    catalogue = Catalogue(offers, THEMES)
    build_ms = (time.perf_counter() - started) * 1000
    queries = [synthetic_query(random.Random(f"{size}-{n}")) for n in range(QUERIES)]
    for query in queries[:10]:  # warm up
        recommend(catalogue, query)
    timings, found, widened = [], 0, 0
    for query in queries:
        started = time.perf_counter()
        result = recommend(catalogue, query)
        timings.append((time.perf_counter() - started) * 1000)
        found += len(result.items)
        widened += result.widened
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{size:>7} offers  build {build_ms:8.1f} ms  recommend median {statistics.median(timings):6.2f} ms"
        f"  p95 {p95:6.2f} ms  max {timings[-1]:6.2f} ms  ({found / len(queries):.1f} items/query, {widened} widened)"
    )


def main() -> None:
    for size in (1_000, 100_000):
        bench(size)


if __name__ == "__main__":
    main()
