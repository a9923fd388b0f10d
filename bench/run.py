"""`make bench`: requests per second and p99 latency of the busy public pages, and the recommender.

For the demo catalogue and a 10x larger synthetic one: load a SQLite database, serve it with gunicorn
(2 workers, DEBUG off, static files collected), and load each page with wrk on loopback for a few
seconds. Then time the recommender alone (bench/recommender.py). Prints tables; figures go into the
issue notes, never into test assertions.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DURATION = os.environ.get("BENCH_SECONDS", "10")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "8")
# BENCH_ONLY="api" measures only the scenarios whose name starts with one of the comma-separated words.
ONLY = [word for word in os.environ.get("BENCH_ONLY", "").split(",") if word]
SCALES = [int(n) for n in os.environ.get("BENCH_SCALES", "1,10").split(",")]
PAGES = {
    "list": "/activiteiten/",
    "list+filters": "/activiteiten/?plaats=Hattem&afstand=25&leeftijd=9&thema=bouwen",
    "geojson": "/activiteiten.geojson",
    "geojson+place": "/activiteiten.geojson?plaats=8261&afstand=50",
    "detail": None,  # filled with a real slug
    "api list": "/api/v1/activities",
    "api list+filters": "/api/v1/activities?plaats=Meppel&afstand=10&thema=robots-code",
    "api ics": "/api/v1/activities.ics",
    "api ics+filters": "/api/v1/activities.ics?plaats=Meppel&afstand=10&thema=robots-code",
    "quiz result": None,  # filled with a real result code
    "class join": None,  # /klas/?code=<code> (a redirect to the class quiz)
    "class quiz": None,  # /klas/<code>/, the quiz's first page for pupils
    "class quiz POST": None,  # the step to question 1, posted (wrk script)
}
SETUP = """
from catalogue.models import Activity
from quiz.models import Result
from catalogue.places import find_place
from classroom.services import class_session_start
r = Result.objects.create(profile={"bouwen": 0.5, "maken": 0.3, "water": 0.2}, age=9, pc4="8261")
c = class_session_start(school="Bench", groep=6, place=find_place("Dalfsen"))
print(Activity.objects.public().order_by("pk").first().slug, r.code, c.code)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> str:
    out = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return out.stdout


def start_gunicorn(
    env: dict[str, str], *args: str, stderr: object = subprocess.DEVNULL
) -> tuple[subprocess.Popen, str]:
    """gunicorn on a free loopback port in its own process group; returns once a page answers."""
    port = free_port()
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", *args, "-b", f"127.0.0.1:{port}", "techniekkaart.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/activiteiten/", timeout=5)
            break
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start (exit {server.returncode})") from None
            time.sleep(0.2)
    return server, base


def stop_gunicorn(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait()


def collectstatic(env: dict[str, str] | None = None) -> None:
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )


def wrk(url: str, script: str = "") -> tuple[float, str]:
    extra = ["-s", str(ROOT / "bench" / script)] if script else []
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", *extra, url],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
    if re.search(r"Non-2xx or 3xx responses", out):
        raise SystemExit(f"errors while loading {url}:\n{out}")
    return rps, p99


def tile_upstream() -> str:
    """A stand-in tile host on loopback (the bench never leaves the machine): one 256x256 PNG."""
    import io
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (256, 256), (210, 225, 210)).save(out, "PNG")
    body = out.getvalue()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/{{z}}/{{x}}/{{y}}.png"


def tile_visits(base: str, visitors: int = 200) -> tuple[float, int, str]:
    """Visitors who each look at the region (zoom 9-10) and zoom in on a town (zoom 12-13, 3x3
    tiles): the share of tiles served from disk, how many were asked, and one tile's URL."""
    import csv
    import math
    import random

    towns = list(csv.DictReader((ROOT / "catalogue/data/gazetteer.csv").open(encoding="utf-8")))
    rng = random.Random(15)
    sources: list[str] = []

    def tile(lat: float, lon: float, z: int) -> tuple[int, int]:
        n = 2**z
        y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
        return int((lon + 180) / 360 * n), int(y)

    first = ""
    for _ in range(visitors):
        town = rng.choice(towns)
        lat, lon = float(town["lat"]), float(town["lon"])
        wanted = [(z, *tile(52.52, 6.08, z)) for z in (9, 10)]
        for z in (12, 13):
            x, y = tile(lat, lon, z)
            wanted += [(z, x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
        for z, x, y in wanted:
            url = f"{base}/kaart/tegels/{z}/{x}/{y}.png"
            with urllib.request.urlopen(url, timeout=10) as response:
                sources.append(response.headers["X-Tile-Cache"])
            first = first or url
    return sources.count("hit") / len(sources), len(sources), first


def bench(scale: int, workdir: Path) -> list[tuple[str, float, str]]:
    db = workdir / f"bench-{scale}.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "RATE_LIMIT_API": "100000000/60",  # wrk comes from one address
        "MAP_TILE_UPSTREAM": tile_upstream(),
        "MAP_TILE_CACHE_DIR": str(workdir / f"tiles-{scale}"),
    }
    manage(env, "migrate", "-v0")
    summary = manage(env, "load_demo", "--scale", str(scale)).strip()
    print(f"\n## scale {scale}: {summary}", flush=True)
    slug, code, class_code = manage(env, "shell", "-c", SETUP).split()[-3:]
    server, base = start_gunicorn(env, "-w", "2")
    try:
        rows = []
        for name, path in PAGES.items():
            if ONLY and not any(name.startswith(prefix) for prefix in ONLY):
                continue
            defaults = {
                "quiz result": f"/quiz/uitslag/{code}/",
                "class join": f"/klas/?code={class_code}",
                "class quiz": f"/klas/{class_code}/",
                "class quiz POST": f"/klas/{class_code}/",
            }
            url = base + (path or defaults.get(name, f"/activiteiten/{slug}/"))
            rps, p99 = wrk(url, "post_start.lua" if name.endswith("POST") else "")
            rows.append((name, rps, p99))
            print(f"{name:17} {rps:8.0f} req/s   p99 {p99}", flush=True)
        if not ONLY or any("tiles".startswith(prefix) for prefix in ONLY):
            hit_rate, asked, url = tile_visits(base)
            rps, p99 = wrk(url)
            rows.append(("tiles", rps, p99))
            print(f"{'tiles':17} {rps:8.0f} req/s   p99 {p99}   "
                  f"tile cache hit rate {hit_rate:.0%} of {asked} tiles asked by 200 visitors")  # fmt: skip
        return rows
    finally:
        stop_gunicorn(server)


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    static = ROOT / "staticfiles"
    collectstatic()
    print(f"gunicorn -w 2, wrk -t2 -c{CONNECTIONS} -d{DURATION}s; static in {static}")
    with tempfile.TemporaryDirectory() as tmp:
        for scale in SCALES:
            bench(scale, Path(tmp))
    print("\n## recommender alone (bench/recommender.py)", flush=True)
    subprocess.run([PY, str(ROOT / "bench" / "recommender.py")], check=True)


if __name__ == "__main__":
    main()
