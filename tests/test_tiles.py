"""/kaart/tegels/: the region's map tiles from our own server, against a local stand-in upstream.

The stand-in is a tiny http.server on 127.0.0.1 in a thread, told per test to serve a PNG, fail,
hang or trickle. A guard refuses every connection that would leave this machine.
"""

from __future__ import annotations

import io
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image

from maps import region, tiles

ZWOLLE = (52.5168, 6.0830)


def png(colour: tuple[int, int, int] = (200, 220, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), colour).save(out, "PNG")
    return out.getvalue()


class StandIn:
    """The upstream tile server. mode: "ok", "fail" (500), "missing" (404), "html" (not a PNG),
    "hang" (answers nothing until released), "trickle" (one byte at a time)."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.paths: list[str] = []
        self.release = threading.Event()
        self.body = png()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                stand_in.paths.append(self.path)
                stand_in.answer(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/tiles/{{z}}/{{x}}/{{y}}.png"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        if self.mode == "hang":
            # A real tile after 10 s: if the client waited that long, the test sees a real tile.
            self.release.wait(10)
        status = {"fail": 500, "missing": 404}.get(self.mode, 200)
        body = b"<html>busy</html>" if self.mode == "html" else self.body
        handler.send_response(status)
        handler.send_header("Content-Type", "image/png")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        try:
            if self.mode == "trickle":
                for i in range(len(body)):
                    handler.wfile.write(body[i : i + 1])
                    handler.wfile.flush()
                    if self.release.wait(0.05):
                        return
            else:
                handler.wfile.write(body)
        except OSError:
            pass  # the client gave up, as it should

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def only_loopback(monkeypatch):
    """No test here may talk to another machine: connecting anywhere but 127.0.0.1 fails."""
    real_connect = socket.socket.connect

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise AssertionError(f"a test tried to reach {address}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture
def upstream(settings, tmp_path):
    stand_in = StandIn()
    settings.MAP_TILE_UPSTREAM = stand_in.url
    settings.MAP_TILE_CACHE_DIR = tmp_path
    settings.MAP_TILE_TIMEOUT = 0.5
    settings.MAP_TILE_FAILURES = 3
    yield stand_in
    stand_in.close()


def zwolle_tile(zoom: int = 12) -> tuple[int, int, int]:
    return (zoom, *region.tile_of(*ZWOLLE, zoom))


def tile_url(z: int, x: int, y: int) -> str:
    return reverse("maps:tile", kwargs={"z": z, "x": x, "y": y})


def is_blank(body: bytes) -> bool:
    return Image.open(io.BytesIO(body)).convert("RGBA").getchannel("A").getextrema() == (0, 0)


def test_a_tile_is_fetched_once_then_served_from_disk(client, upstream):
    z, x, y = zwolle_tile()
    first = client.get(tile_url(z, x, y))
    assert first.status_code == 200
    assert first["Content-Type"] == "image/png"
    assert first.content == upstream.body
    assert first["X-Tile-Cache"] == "miss"
    assert upstream.paths == [f"/tiles/{z}/{x}/{y}.png"]

    second = client.get(tile_url(z, x, y))
    assert second.content == upstream.body
    assert second["X-Tile-Cache"] == "hit"
    assert len(upstream.paths) == 1, "the second request must not reach the upstream"
    assert tiles.stats() == {"hits": 1, "misses": 1}


def test_a_kept_tile_is_written_whole_and_cached_long_by_the_browser(client, upstream, tmp_path):
    z, x, y = zwolle_tile()
    response = client.get(tile_url(z, x, y))
    assert (tmp_path / str(z) / str(x) / f"{y}.png").read_bytes() == upstream.body
    assert [p.name for p in (tmp_path / str(z) / str(x)).iterdir()] == [f"{y}.png"]
    assert "public" in response["Cache-Control"]
    assert "max-age=2592000" in response["Cache-Control"]
    assert response["ETag"].startswith('"')
    assert not response.cookies

    again = client.get(tile_url(z, x, y), headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == response["ETag"]


@pytest.mark.parametrize(
    "where",
    [
        "west of the region",
        "south of the region",
        "zoom too far out",
        "zoom too far in",
        "absurd numbers",
    ],
)
def test_tiles_outside_the_region_or_zoom_range_are_refused(client, upstream, where):
    _z, x, y = zwolle_tile(12)
    r = region.tile_range(12)
    asked = {
        "west of the region": (12, r.x_min - 1, y),
        "south of the region": (12, x, r.y_max + 1),
        "zoom too far out": (6, *region.tile_of(*ZWOLLE, 6)),
        "zoom too far in": (17, *region.tile_of(*ZWOLLE, 17)),
        "absurd numbers": (99999999999, 0, 0),
    }[where]
    response = client.get(tile_url(*asked))
    assert response.status_code == 404
    assert upstream.paths == [], "a refused tile is never asked of the upstream"


def test_the_corners_of_the_region_are_served(client, upstream):
    r = region.tile_range(10)
    for x, y in [(r.x_min, r.y_min), (r.x_max, r.y_max)]:
        assert client.get(tile_url(10, x, y)).status_code == 200
    assert len(upstream.paths) == 2


def test_only_get_and_head(client, upstream):
    assert client.post(tile_url(*zwolle_tile())).status_code == 405


def test_upstream_down_gives_a_blank_tile_and_keeps_nothing(client, settings, tmp_path):
    with socket.socket() as s:  # a port where nothing listens: connection refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.MAP_TILE_UPSTREAM = f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"
    settings.MAP_TILE_CACHE_DIR = tmp_path
    response = client.get(tile_url(*zwolle_tile()))
    assert response.status_code == 200
    assert response["X-Tile-Cache"] == "blank"
    assert is_blank(response.content)
    assert "max-age=60" in response["Cache-Control"]
    assert "ETag" not in response
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("mode", ["fail", "html", "hang", "trickle"])
def test_a_failing_or_slow_upstream_gives_blank_tiles_and_the_breaker_opens(client, upstream, mode):
    """Three failures (MAP_TILE_FAILURES) pause the upstream: later tiles do not wait on it."""
    upstream.mode = mode
    z, x, y = zwolle_tile(13)
    for dx in range(5):
        response = client.get(tile_url(z, x + dx, y))
        assert response.status_code == 200
        assert response["X-Tile-Cache"] == "blank"
        assert is_blank(response.content)
    assert len(upstream.paths) == 3, "after 3 failures the upstream is skipped"
    assert tiles.upstream_paused()


def test_the_breaker_closes_again_after_the_pause(client, upstream):
    upstream.mode = "fail"
    for _ in range(3):
        client.get(tile_url(*zwolle_tile()))
    assert tiles.upstream_paused()
    from django.core.cache import cache

    cache.delete(tiles.PAUSED_KEY)  # what the pause's expiry does
    upstream.mode = "ok"
    assert client.get(tile_url(*zwolle_tile()))["X-Tile-Cache"] == "miss"


def test_a_tile_the_upstream_does_not_have_is_blank_but_no_failure(client, upstream):
    upstream.mode = "missing"
    z, x, y = zwolle_tile(13)
    for dx in range(5):
        assert client.get(tile_url(z, x + dx, y))["X-Tile-Cache"] == "blank"
    assert len(upstream.paths) == 5
    assert not tiles.upstream_paused()


def test_without_an_upstream_tiles_on_disk_are_still_served(client, settings, tmp_path):
    settings.MAP_TILE_UPSTREAM = ""
    settings.MAP_TILE_CACHE_DIR = tmp_path
    z, x, y = zwolle_tile()
    tiles.store_tile(z, x, y, png())
    assert client.get(tile_url(z, x, y))["X-Tile-Cache"] == "hit"
    assert client.get(tile_url(z, x + 1, y))["X-Tile-Cache"] == "blank"


def test_tests_have_no_upstream_by_default(client, settings):
    assert settings.MAP_TILE_UPSTREAM == ""
    assert client.get(tile_url(*zwolle_tile()))["X-Tile-Cache"] == "blank"


def test_prefetch_fetches_the_region_once_and_says_how_much(upstream, capsys, settings):
    # The stand-in answers at once; the fixture's half second, meant for the tests of a slow
    # upstream, let one of 17 fetches time out on a busy CI machine.
    settings.MAP_TILE_TIMEOUT = 5
    call_command("prefetch_tiles", "--zoom", "7-9", "--pause", "0")
    expected = sum(region.tile_range(z).count for z in (7, 8, 9))
    assert len(upstream.paths) == expected
    out = capsys.readouterr().out
    size = expected * len(upstream.body) / 1_000_000
    assert f"{expected} tiles in the region, {expected} fetched now, {size:.1f} MB" in out

    call_command("prefetch_tiles", "--zoom", "7-9", "--pause", "0")
    assert len(upstream.paths) == expected, "tiles on disk are not fetched again"
    assert f"{expected} tiles in the region, 0 fetched now" in capsys.readouterr().out


def test_prefetch_refuses_zooms_that_are_not_served(upstream):
    with pytest.raises(CommandError, match="Only zoom 7 to 16"):
        call_command("prefetch_tiles", "--zoom", "5-17")
    assert upstream.paths == []


def test_the_region_box_holds_every_place_in_the_gazetteer():
    from catalogue.places import all_places

    box = region.region_box()
    for place in all_places():
        assert box.south < place.lat < box.north and box.west < place.lon < box.east, place


def test_an_upstream_template_with_subdomains_or_other_braces_does_not_break(settings):
    settings.MAP_TILE_UPSTREAM = "https://{s}.tile.example/{z}/{x}/{y}.png?key={key}"
    assert tiles.upstream_url(12, 2110, 1350) == "https://a.tile.example/12/2110/1350.png?key={key}"
