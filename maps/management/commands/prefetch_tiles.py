"""Fetch the whole region's map tiles ahead of time, so a deployment can run without an upstream.

    manage.py prefetch_tiles                 # zoom 7 to 14 (about 6,300 tiles)
    manage.py prefetch_tiles --zoom 15       # one more level (about 18,400 tiles)
    manage.py prefetch_tiles --count-only    # only say how many tiles, fetch nothing

Tiles already on disk are skipped, so it can be stopped and started again. It asks the upstream one
tile at a time with a short pause, as tile hosts ask of bulk users (PDOK's and OpenStreetMap's
usage policies), and stops after repeated failures.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from maps import region, tiles

DEFAULT_ZOOMS = "7-14"
STOP_AFTER_FAILURES = 20


def parse_zooms(text: str) -> list[int]:
    levels: set[int] = set()
    for part in text.split(","):
        low, _, high = part.strip().partition("-")
        try:
            levels.update(range(int(low), int(high or low) + 1))
        except ValueError:
            raise CommandError(f"Zoom levels like 7-14 or 12,13: not {text!r}") from None
    served = set(region.zooms())
    if not levels <= served:
        raise CommandError(
            f"Only zoom {min(served)} to {max(served)} are served (MAP_TILE_MIN/MAX_ZOOM)."
        )
    return sorted(levels)


class Command(BaseCommand):
    help = "Fetch the region's map tiles from the upstream onto disk (MAP_TILE_CACHE_DIR)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--zoom", default=DEFAULT_ZOOMS, help="e.g. 7-14 or 15 or 12,13")
        parser.add_argument("--count-only", action="store_true", help="count, fetch nothing")
        parser.add_argument("--pause", type=float, default=0.05, help="seconds between fetches")

    def handle(self, *args: object, **options: object) -> None:
        levels = parse_zooms(str(options["zoom"]))
        if options["count_only"]:
            for zoom in levels:
                self.stdout.write(f"zoom {zoom}: {region.tile_range(zoom).count} tiles")
            return
        if not settings.MAP_TILE_UPSTREAM:
            raise CommandError("MAP_TILE_UPSTREAM is off: there is nothing to fetch from.")
        total = fetched = size = failures = 0
        for zoom in levels:
            for z, x, y in region.region_tiles(zoom):
                total += 1
                kept = tiles.read_tile(z, x, y)
                if kept is not None:
                    size += len(kept)
                    continue
                try:
                    data = tiles.fetch_upstream(z, x, y)
                except tiles.UpstreamError as e:
                    failures += 1
                    self.stderr.write(f"{z}/{x}/{y}: {e}")
                    if failures >= STOP_AFTER_FAILURES:
                        raise CommandError("The upstream keeps failing; stopped.") from e
                    continue
                if data is not None:
                    tiles.store_tile(z, x, y, data)
                    fetched += 1
                    size += len(data)
                time.sleep(float(options["pause"]))  # type: ignore[arg-type]
            self.stdout.write(f"zoom {zoom}: {region.tile_range(zoom).count} tiles")
        self.stdout.write(
            f"{total} tiles in the region, {fetched} fetched now, "
            f"{size / 1_000_000:.1f} MB on disk ({settings.MAP_TILE_CACHE_DIR})."
        )
