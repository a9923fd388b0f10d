"""`make bench`: each busy page's requests per second, p99 and share of a bare Django view (issue 17).

One run on PostgreSQL + Redis, as in production: a fresh database (BENCH_DB) with the demo
catalogue, news and electives, Redis database BENCH_REDIS_URL, gunicorn with 2 sync workers and
DEBUG off, loaded with wrk -t2 -c8 on loopback (the load generator shares this machine's cores).
The floor is a bare view served by the same gunicorn through the same middleware
(bench/floor.py); every page, the quiz step posts and the post that stores a result are each
measured right after a floor of their own, with their share of it (this VM has slow stretches). Then each page's server time: the first render of an address (no
kept answer for it), all cold (every cache emptied) and cached; the median of a few renders.
Figures go into the issue notes, never into test assertions.

    make bench                                   # the table of issue 17
    BENCH_SECONDS=10 BENCH_ONLY=list,home make bench
    BENCH_EXTRA=1 make bench                     # also the feeds, class pages, tiles, recommender
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
DURATION = os.environ.get("BENCH_SECONDS", "5")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "8")
THREADS = "2"
# BENCH_ONLY="api" measures only the scenarios whose name starts with one of the comma-separated words.
ONLY = [word for word in os.environ.get("BENCH_ONLY", "").split(",") if word]
EXTRA = os.environ.get("BENCH_EXTRA", "") not in ("", "0")
DB = os.environ.get("BENCH_DB", "techniekkaart_bench")
# The workers: 2 sync ones as in issue 17's first table; BENCH_GUNICORN="-w 2 --threads 2" measures
# threaded workers (DEPLOY.md's kind), where a worker serves another request while one waits for
# PostgreSQL's commit. The floor is measured with the same workers.
GUNICORN = os.environ.get("BENCH_GUNICORN", "-w 2").split()
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
PG_PORT = os.environ.get("BENCH_PG_PORT", "5432")
GOAL_GET, GOAL_POST, GOAL_RENDER_MS = 0.40, 0.25, 10.0
Measured = tuple[float, float, str, float]  # req/s, p99 ms, socket errors, worker CPU ms/request

# The pages of issue 17, in its order; None: filled in with a real slug or code.
PAGES: dict[str, str | None] = {
    "home": "/",
    "list": "/activiteiten/",
    "list+place+age+theme": "/activiteiten/?plaats=Hattem&afstand=25&leeftijd=9&thema=bouwen",
    "activity": None,
    "quiz result": None,
    "quiz start": "/quiz/",
    "map geojson": "/activiteiten.geojson",
    "api list": "/api/v1/activities",
    "api recommendations": "/api/v1/recommendations?profile=bouwen:3,robots-code:2&leeftijd=9&plaats=Zwolle",
}
POSTS = {  # name: (path, file of bodies or "")
    "quiz POST start": "stap=start",
    "quiz POST step": "step",
    "quiz POST finish (stores)": "finish",
}
EXTRA_PAGES = {
    "geojson+place": "/activiteiten.geojson?plaats=8261&afstand=50",
    "api list+filters": "/api/v1/activities?plaats=Meppel&afstand=10&thema=robots-code",
    "api ics": "/api/v1/activities.ics",
    "provider": None,
    "about page": "/over/",
    "class join": None,
    "class quiz": None,
}
SETUP = """
import os
from urllib.parse import urlencode
from catalogue.models import Activity
from quiz.models import Result
from quiz.services import playable_questions, quiz_start_token
from catalogue.places import find_place
from classroom.services import class_session_start
r = Result.objects.create(profile={"bouwen": 0.5, "maken": 0.3, "water": 0.2}, age=9, pc4="8261")
c = class_session_start(school="Bench", groep=6, place=find_place("Dalfsen"))
a = Activity.objects.public().order_by("pk").first()
questions = playable_questions()
answers = [("a-%d" % q.pk, q.answers.all()[0].pk) for q in questions]
middle = len(questions) // 2
with open(os.environ["BENCH_OUT"] + "/step.txt", "w") as f:
    for _ in range(200):
        f.write(urlencode([("begin", quiz_start_token()), ("stap", middle), *answers[: middle + 1]]) + "\\n")
with open(os.environ["BENCH_OUT"] + "/finish.txt", "w") as f:
    for _ in range(int(os.environ["BENCH_TOKENS"])):
        f.write(urlencode([("begin", quiz_start_token()), ("stap", "over-jou"), *answers,
                           ("leeftijd", 9), ("plaats", "Zwolle")]) + "\\n")
print(a.slug, a.provider.slug, r.code, c.code)
"""
# Server time of each page inside one process, through the whole middleware stack as gunicorn runs
# it: the first render of an address (every whole kept answer forgotten: pages, API answers, map
# markers, the search's answer for its filters; the content version and the parts many addresses
# share, such as cards and fragments, stay: an address nobody asked since the last change), all cold (the shared cache emptied, the content version
# too, as after a restart of Redis), and cached (the same URL again).
RENDER = """
import json, os, statistics, time
from django.core.cache import cache, caches
from django.test import Client
from techniekkaart import pagecache
pages = json.loads(os.environ["BENCH_PAGES"])
client = Client(HTTP_HOST="127.0.0.1")
redis = cache._cache.get_client(write=True)

def forget_answers():
    # whole answers, and the search's answer for the address's filters (as good as per address)
    for pattern in ("page:*", "api-body:*", "geojson:*", "search:*"):
        keys = list(redis.scan_iter(cache.make_key(pattern)))
        if keys:
            redis.delete(*keys)
    pagecache._local.clear()
    caches["answers"].clear()

def timed(url, status=200):
    began, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return time.perf_counter() - began, time.process_time() - cpu

out = {}
for name, url in pages.items():
    client.get(url)
    runs = {"first": [], "cold": [], "warm": []}
    for _ in range(7):
        forget_answers()
        runs["first"].append(timed(url))
        cache.clear()
        for alias in ("fragments", "answers"):
            caches[alias].clear()
        pagecache._local.clear()
        runs["cold"].append(timed(url))
        runs["warm"].append(timed(url))
    out[name] = [
        statistics.median(run[i] for run in runs[kind]) * 1000
        for kind in ("first", "cold", "warm") for i in (0, 1)
    ]
print("RENDER " + json.dumps(out))
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
    env: dict[str, str], *args: str, stderr: object = subprocess.DEVNULL,
    cpus: set[int] | None = None,
) -> tuple[subprocess.Popen, str]:  # fmt: skip
    """gunicorn on a free loopback port in its own process group (on `cpus` only, if given);
    returns once a page answers."""
    port = free_port()
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", *args, "-b", f"127.0.0.1:{port}", "techniekkaart.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True,
        preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
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


def to_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def workers_cpu(master: int) -> float:
    """CPU seconds used so far by gunicorn's workers (user + system)."""
    total = 0.0
    for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


SERVER: dict[str, int] = {}  # the gunicorn master's pid, for workers_cpu


def wrk(url: str, script: str = "", env: dict[str, str] | None = None) -> Measured:
    """Requests per second, p99 in ms, wrk's socket errors (time-outs over 2 s among them) and the
    workers' CPU milliseconds per request; any answer but 2xx/3xx stops the bench."""
    cpu = workers_cpu(SERVER["pid"])
    extra = ["-s", str(ROOT / "bench" / script)] if script else []
    out = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", *extra, url],
        check=True, capture_output=True, text=True, env={**os.environ, **(env or {})},
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = to_ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1))
    if re.search(r"Non-2xx or 3xx responses", out):
        raise SystemExit(f"errors while loading {url}:\n{out}")
    socket_errors = re.search(r"Socket errors: (.*)", out)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    cpu_ms = (workers_cpu(SERVER["pid"]) - cpu) * 1000 / max(requests, 1)
    return rps, p99, socket_errors.group(1) if socket_errors else "", cpu_ms


def psql(sql: str) -> str:
    out = subprocess.run(
        ["psql", "-U", "postgres", "-h", "127.0.0.1", "-p", PG_PORT, "-d", "postgres",
         "-v", "ON_ERROR_STOP=1", "-Atc", sql],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return out.stdout.strip()


def fresh_database() -> str:
    if not psql("select 1 from pg_roles where rolname = 'techniekkaart'"):
        psql("create role techniekkaart login createdb password 'techniekkaart'")
    psql(f"drop database if exists {DB} with (force)")
    psql(f"create database {DB} owner techniekkaart")
    return f"postgres://techniekkaart:techniekkaart@127.0.0.1:{PG_PORT}/{DB}"


def server_env(database_url: str) -> dict[str, str]:
    """Production settings over plain HTTP on loopback; rate limits out of the way (wrk is one
    address) and no minimum quiz time (the stored start tokens are seconds old)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.floor",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
        "RATE_LIMIT_API": "100000000/60",
        "RATE_LIMIT_QUIZ": "100000000/60",
        "RATE_LIMIT_QUIZ_STARTS_COUNTED": "100000000/60",
        "RATE_LIMIT_QUIZ_RESULTS": "100000000/60",
        "QUIZ_MINIMUM_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


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


def wanted(name: str) -> bool:
    return not ONLY or any(name.startswith(prefix) for prefix in ONLY)


def row(
    name: str,
    base: str,
    path: str,
    goal: float,
    script: str = "",
    env: dict[str, str] | None = None,
) -> None:
    """One page against the floor measured just before it: this VM has slow stretches of a minute
    or so, and a floor from the start of the run made a page measured in one look slow (issue 17)."""
    floor = wrk(base + "/__floor__/")
    rps, p99, errors, cpu_ms = wrk(base + path, script, env)
    share, cpu_share = rps / floor[0], floor[3] / max(cpu_ms, 1e-6)
    mark = "ok" if share >= goal and p99 < 100 and not errors else "below goal"
    print(f"{name:27} {rps:8.0f} {p99:8.1f} {share:7.0%} {cpu_ms:8.2f} {cpu_share:7.0%} "
          f"{floor[0]:8.0f}   {mark}" + (f"  (socket errors: {errors})" if errors else ""),
          flush=True)  # fmt: skip


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as tmp:
        env = server_env(fresh_database())
        env["MAP_TILE_UPSTREAM"] = tile_upstream()
        env["MAP_TILE_CACHE_DIR"] = str(Path(tmp) / "tiles")
        manage(env, "migrate", "-v0")
        summary = manage(env, "load_demo").strip().splitlines()[-1]
        manage(env, "load_demo_news")
        manage(env, "load_demo_electives")
        collectstatic(env)
        tokens = int(float(DURATION) * 1500)
        setup_env = {**env, "BENCH_OUT": tmp, "BENCH_TOKENS": str(tokens)}
        slug, provider, code, class_code = manage(setup_env, "shell", "-c", SETUP).split()[-4:]
        filled = {
            "activity": f"/activiteiten/{slug}/",
            "quiz result": f"/quiz/uitslag/{code}/",
            "provider": f"/aanbieders/{provider}/",
            "class join": f"/klas/?code={class_code}",
            "class quiz": f"/klas/{class_code}/",
        }
        pages = {name: path or filled[name] for name, path in PAGES.items() if wanted(name)}
        if EXTRA:
            pages |= {n: p or filled[n] for n, p in EXTRA_PAGES.items() if wanted(n)}
        print(f"{summary}\nPostgreSQL {DB}, Redis {REDIS_URL}; gunicorn {' '.join(GUNICORN)}, DEBUG off; "
              f"wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s on the same 2 cores", flush=True)  # fmt: skip
        server, base = start_gunicorn(env, *GUNICORN)
        try:
            for _ in range(3):  # every worker has built its templates and connections
                for path in ("/__floor__/", *pages.values()):
                    urllib.request.urlopen(base + path, timeout=10).read()
            SERVER["pid"] = server.pid
            floor = wrk(base + "/__floor__/")
            print(
                f"\n{'page':27} {'req/s':>8} {'p99 ms':>8} {'share':>7} {'cpu ms':>8} "
                f"{'cpu sh.':>7} {'floor':>8}   (share: of the floor measured just before the "
                "page; cpu: the workers' CPU per request, and the floor's over it)"
            )
            print(f"{'bare view (the floor)':27} {floor[0]:8.0f} {floor[1]:8.1f} {1:7.0%} "
                  f"{floor[3]:8.2f} {1:7.0%}")  # fmt: skip
            for name, path in pages.items():
                row(name, base, path, GOAL_GET)
            for name, body in POSTS.items():
                if not wanted(name):
                    continue
                if body.startswith("stap="):
                    (Path(tmp) / "start.txt").write_text(body + "\n")
                    body = "start"
                bodies = {"BENCH_BODIES": str(Path(tmp) / f"{body}.txt"), "BENCH_THREADS": THREADS}
                row(name, base, "/quiz/", GOAL_POST, "post_bodies.lua", bodies)
            if EXTRA and wanted("tiles"):
                tile = "/kaart/tegels/10/527/335.png"
                urllib.request.urlopen(base + tile, timeout=10).read()
                row("tiles", base, tile, GOAL_GET)
            again = wrk(base + "/__floor__/")
            print(f"{'bare view again (drift)':27} {again[0]:8.0f} {again[1]:8.1f} "
                  f"{again[0] / floor[0]:7.0%} {again[3]:8.2f} {floor[3] / again[3]:7.0%}   "
                  "(other work on this machine moves the floor)")  # fmt: skip
        finally:
            stop_gunicorn(server)
        import json

        out = manage({**env, "BENCH_PAGES": json.dumps(pages)}, "shell", "-c", RENDER)
        render = json.loads(out.split("RENDER ", 1)[1])
        print(f"\n{'server time per page (ms)':27} {'first':>8} {'its cpu':>8} {'cold':>8} {'its cpu':>8} "
              f"{'cached':>8} {'its cpu':>8}   (median of 7 in one process through every middleware; "
              "first: the address not kept; cold: every cache emptied; cpu: this process's alone)")  # fmt: skip
        for name, (first, first_cpu, cold, cold_cpu, warm, warm_cpu) in render.items():
            mark = "ok" if first < GOAL_RENDER_MS else "below goal"
            print(f"{name:27} {first:8.1f} {first_cpu:8.1f} {cold:8.1f} {cold_cpu:8.1f} "
                  f"{warm:8.1f} {warm_cpu:8.1f}   {mark}")  # fmt: skip
    if EXTRA:
        print("\n## recommender alone (bench/recommender.py)", flush=True)
        subprocess.run([PY, str(ROOT / "bench" / "recommender.py")], check=True)


if __name__ == "__main__":
    main()
