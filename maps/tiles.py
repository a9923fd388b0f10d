"""Map tiles served from our own server: from disk, else fetched once from the upstream and kept.

The browser only ever asks us, so no tile host sees a visitor (and img-src stays 'self'). A tile
fetched from the upstream is written to MAP_TILE_CACHE_DIR/<z>/<x>/<y>.png (under a temporary name,
then renamed, so a reader never sees half a file) and served from there ever after.

The upstream may be slow or gone. Then the answer is a blank (transparent) tile, quickly: each
connect or read waits at most MAP_TILE_TIMEOUT seconds, and after MAP_TILE_FAILURES failures in a
minute a circuit breaker in the shared cache skips the upstream for MAP_TILE_PAUSE seconds, for every
worker. The map draws the region's outline either way.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import logging
import os
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_TILE_BYTES = 1_000_000  # a 256x256 map tile is 5-60 KB; more is not a tile
# A 1x1 transparent PNG: Leaflet stretches it over the tile's square, the outline shows through.
BLANK = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNgYGBgAAAABQABeqhXUAAAAABJRU5ErkJggg=="
)
USER_AGENT = "Techniekkaart/1.0 (+{site}) tiles for Regio Zwolle, cached"

FAILURES_KEY = "maps:upstream:failures"
PAUSED_KEY = "maps:upstream:paused"
HITS_KEY = "maps:tiles:hits"
MISSES_KEY = "maps:tiles:misses"
FAILURE_WINDOW = 60  # seconds in which MAP_TILE_FAILURES failures open the breaker


class UpstreamError(Exception):
    pass


@dataclass(frozen=True)
class Tile:
    data: bytes
    source: str  # "hit" (from disk), "miss" (fetched now), "blank" (no tile to give)

    @property
    def blank(self) -> bool:
        return self.source == "blank"

    @property
    def etag(self) -> str:
        return '"' + hashlib.blake2b(self.data, digest_size=12).hexdigest() + '"'


def tile_path(zoom: int, x: int, y: int) -> Path:
    return Path(settings.MAP_TILE_CACHE_DIR) / str(zoom) / str(x) / f"{y}.png"


def read_tile(zoom: int, x: int, y: int) -> bytes | None:
    try:
        return tile_path(zoom, x, y).read_bytes()
    except OSError:
        return None


def store_tile(zoom: int, x: int, y: int, data: bytes) -> None:
    """Write under a temporary name in the same folder, then rename: atomic on POSIX."""
    path = tile_path(zoom, x, y)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tile-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# The circuit breaker, in the shared cache so every worker and machine stops asking together.


def upstream_paused() -> bool:
    return cache.get(PAUSED_KEY) is not None


def _count(key: str, timeout: int | None = None) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def record_failure() -> None:
    if _count(FAILURES_KEY, FAILURE_WINDOW) >= settings.MAP_TILE_FAILURES:
        cache.set(PAUSED_KEY, 1, timeout=settings.MAP_TILE_PAUSE)
        cache.delete(FAILURES_KEY)
        log.warning("tile upstream failing: paused for %s s", settings.MAP_TILE_PAUSE)


def stats() -> dict[str, int]:
    """Tiles served from disk (hits) and fetched from the upstream (misses) since the cache began."""
    return {"hits": cache.get(HITS_KEY, 0), "misses": cache.get(MISSES_KEY, 0)}


def upstream_url(zoom: int, x: int, y: int) -> str:
    """The template's {z}/{x}/{y} filled in; {s} (old OpenStreetMap-style subdomains) becomes "a"."""
    url = settings.MAP_TILE_UPSTREAM
    for name, value in (("{z}", zoom), ("{x}", x), ("{y}", y), ("{s}", "a")):
        url = url.replace(name, str(value))
    return url


def fetch_upstream(zoom: int, x: int, y: int) -> bytes | None:
    """The upstream's tile; None if it has none (a 404: not a failure). Raises UpstreamError."""
    url = upstream_url(zoom, x, y)
    timeout = settings.MAP_TILE_TIMEOUT
    request = urllib.request.Request(  # noqa: S310 (the URL comes from settings, https or http)
        url, headers={"User-Agent": USER_AGENT.format(site=settings.SITE_URL)}
    )
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data = b""
            while chunk := response.read1(16384):
                data += chunk
                if len(data) > MAX_TILE_BYTES or time.monotonic() > deadline:
                    raise UpstreamError("tile too big or too slow")
    except urllib.error.HTTPError as e:
        if e.code in (204, 404):
            return None
        raise UpstreamError(f"HTTP {e.code}") from e
    except (OSError, ValueError) as e:  # refused, timeout, reset, DNS, bad URL
        raise UpstreamError(str(e)) from e
    if not data.startswith(PNG_SIGNATURE):
        raise UpstreamError("not a PNG")
    return data


def get_tile(zoom: int, x: int, y: int) -> Tile:
    """The tile from disk, else from the upstream (then kept), else a blank one. Never raises for
    the upstream's sake; the caller has checked that the tile is in the region."""
    data = read_tile(zoom, x, y)
    if data is not None:
        _count(HITS_KEY)
        return Tile(data, "hit")
    if not settings.MAP_TILE_UPSTREAM or upstream_paused():
        return Tile(BLANK, "blank")
    try:
        data = fetch_upstream(zoom, x, y)
    except UpstreamError as e:
        log.info("tile %s/%s/%s: upstream failed: %s", zoom, x, y, e)
        record_failure()
        return Tile(BLANK, "blank")
    if data is None:
        return Tile(BLANK, "blank")
    _count(MISSES_KEY)
    try:
        store_tile(zoom, x, y, data)
    except OSError as e:  # a full disk: serve it this once, keep nothing
        log.warning("tile %s/%s/%s not kept: %s", zoom, x, y, e)
    return Tile(data, "miss")
