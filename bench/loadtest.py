"""`make loadtest`: does the site hold the first morning of the Week van de Techniek?

Serves the demo catalogue from PostgreSQL (database techniekkaart_load, made afresh) with gunicorn,
DEBUG off, and plays it from loopback with bench/loadtest_client.py: children doing the quiz and
opening activities with think time, and classes starting in bursts (a teacher makes a class, 20-30
pupils join within seconds, the teacher page refreshes itself). The number of children steps up
(100, 400, 800, 1200, 1500, ...) until p95 passes 300 ms or an error appears; the table shows each step and the
highest one that held, next to the regional peak estimate. Then the fault drills: a gunicorn worker
is killed mid-load; with --db-outage also PostgreSQL is stopped for a few seconds and started again
(that one stops the server for everybody on this machine, so it runs only when asked). At the end
every quiz the clients saw finish must be in the database, and the counts must agree.

gunicorn runs 2 x cores + 1 sync workers by default (--worker-class gthread --threads 4 is the
other choice; `--worker-class sync,gthread` ramps once with each and compares). The DB drill can
run without touching the shared server: make a cluster of your own (pg_createcluster 15 loadtest
-p 5499, trust for 127.0.0.1 in its pg_hba.conf) and run with LOADTEST_PG_PORT=5499
--pg-cluster 15/loadtest --db-outage.

    bench/loadtest.py                                   # ramp 100..1800 users, 40 s steps, worker kill
    bench/loadtest.py --steps 20,50,100 --step-seconds 20 --think-scale 0.25 --keep-going
    bench/loadtest.py --db-outage                       # also stop PostgreSQL 15/main for 10 s

Before the ramp, the machine's speed of the moment: `make bench`'s bare Django view through the
same gunicorn (wrk, 5 s). This VM has stretches of half its usual speed; the table goes with it.
gunicorn keeps no access log, as in production (the proxy keeps it); --server-times turns it on for
the server's p95 per step and its time per kind of address, at 5-10 % more worker CPU.

Figures go into the issue notes, never into test assertions: this machine has 2 cores shared by the
load generator and the server, so they are a floor, not a promise.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench
from loadtest_client import Recorder, Settings, Users
from run import ROOT, collectstatic, manage, start_gunicorn, stop_gunicorn

DB = os.environ.get("LOADTEST_DB", "techniekkaart_load")
# Rate limits, lock-outs, class codes and the page cache are shared by the workers through Redis,
# as in production (DEPLOY.md); a database of its own on the local server.
REDIS_URL = os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/13")
ROLE = "techniekkaart"
PEAK_CHILDREN = 3100  # regional estimate: children with the quiz open at the same moment
PEAK_BURST_RPS = 400  # regional estimate: requests per second when classes start together
COUNT_RESULTS = """
import os
from quiz.models import Result
path = os.environ.get("LOADTEST_CODES")
codes = [line.strip() for line in open(path) if line.strip()] if path else []
seen = sum(Result.objects.filter(code__in=codes[i:i + 500]).count() for i in range(0, len(codes), 500))
print("results", Result.objects.count(), seen)
"""


PG_PORT = os.environ.get("LOADTEST_PG_PORT", "5432")
ACCESS_LOG = Path(tempfile.gettempdir()) / "loadtest-access.log"


def psql(sql: str, db: str = "postgres") -> str:
    out = subprocess.run(
        ["psql", "-U", "postgres", "-h", "127.0.0.1", "-p", PG_PORT, "-d", db, "-v", "ON_ERROR_STOP=1",
         "-Atc", sql],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return out.stdout.strip()


def fresh_database() -> str:
    if not psql(f"select 1 from pg_roles where rolname = '{ROLE}'"):
        psql(f"create role {ROLE} login createdb")
    psql(f"drop database if exists {DB} with (force)")
    psql(f"create database {DB} owner {ROLE}")
    return f"postgres://{ROLE}@127.0.0.1:{PG_PORT}/{DB}"


def server_env(database_url: str) -> dict[str, str]:
    """Production settings, but plain HTTP on loopback and rate limits out of the way: every virtual
    user comes from 127.0.0.1, which the limits would rightly take for one very busy school."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "DEBUG": "0",
        "SECRET_KEY": "loadtest-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "RATE_LIMIT_QUIZ": "1000000/60",
        "RATE_LIMIT_API": "1000000/60",
        "RATE_LIMIT_SIGNUP": "1000000/60",
        "CLASS_CODE_FAILURES_PER_10_MINUTES": "1000000",
        # Every simulated child and teacher comes from one loopback address, in scaled time.
        "RATE_LIMIT_CLASS_START": "1000000/60",
        "RATE_LIMIT_CLASS_MAIL_TO": "1000000/60",
        "RATE_LIMIT_QUIZ_STARTS_COUNTED": "1000000/60",
        "RATE_LIMIT_QUIZ_RESULTS": "1000000/60",
        "QUIZ_MINIMUM_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "ERROR",
    }


def machine_floor(base: str, master: int) -> float | None:
    """This machine's speed at the moment: `make bench`'s bare Django view (the same middleware)
    measured as `make bench` measures it (its wrk), in requests per second. The VM here has
    stretches of half its usual speed, and what a step holds moves with it, so the figure goes
    with every table (issue 17)."""
    if not shutil.which("wrk"):
        print("  machine speed: not measured (wrk is missing: apt-get install -y wrk)")
        return None
    bench.SERVER["pid"] = master  # for the workers' CPU that bench.wrk also reads
    rps = bench.wrk(f"{base}/__floor__/")[0]
    print(f"  machine speed: {rps:.0f} req/s of a bare Django view through the same middleware "
          "(`make bench`'s floor)", flush=True)  # fmt: skip
    return rps


def gunicorn_args(opts: argparse.Namespace, worker_class: str) -> list[str]:
    args = ["-w", str(opts.workers), "-k", worker_class, "--timeout", "30"]
    if worker_class == "gthread":
        args += ["--threads", str(opts.threads)]
    return args


def worker_pids(master: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        return []


# -- figures -------------------------------------------------------------------------------------


def pct(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def window(rec: Recorder, start: float, end: float) -> dict:
    samples = [s for s in rec.samples if start <= s.end < end]
    times = sorted(s.seconds for s in samples)
    errors: dict[str, int] = {}
    for s in samples:
        if s.status == 0 or s.status >= 400:
            key = str(s.status) if s.status else "conn"
            errors[key] = errors.get(key, 0) + 1
    per_second: dict[int, int] = {}
    for s in samples:
        per_second[int(s.end - start)] = per_second.get(int(s.end - start), 0) + 1
    wrong = sum(1 for t in rec.wrong if start <= t < end)
    if wrong:
        errors["wrong page"] = wrong
    span = max(end - start, 1e-9)
    return {
        "requests": len(samples),
        "rps": len(samples) / span,
        "peak_rps": max(per_second.values(), default=0),
        "p50": pct(times, 0.50) * 1000,
        "p95": pct(times, 0.95) * 1000,
        "p99": pct(times, 0.99) * 1000,
        "max": (times[-1] if times else 0) * 1000,
        "errors": sum(errors.values()),
        "by_status": errors,
        "samples": samples,
    }


def fmt_errors(by_status: dict[str, int]) -> str:
    return ", ".join(f"{k}:{v}" for k, v in sorted(by_status.items())) or "-"


def per_page(stats: dict) -> None:
    pages: dict[str, list[float]] = {}
    for s in stats["samples"]:
        pages.setdefault(s.name, []).append(s.seconds)
    print(f"  {'page':18} {'count':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for name, values in sorted(pages.items(), key=lambda kv: -pct(sorted(kv[1]), 0.95)):
        values.sort()
        print(
            f"  {name:18} {len(values):6d} {pct(values, 0.5) * 1000:7.0f} "
            f"{pct(values, 0.95) * 1000:7.0f} {values[-1] * 1000:7.0f}"
        )


def server_p95(offset: int) -> float:
    """p95 in ms of the requests gunicorn finished since `offset` in its access log: the time
    inside the server, without the load generator's own waits."""
    if not ACCESS_LOG.exists():
        return 0.0
    with ACCESS_LOG.open() as log:
        log.seek(offset)
        times = sorted(float(line.split(" ", 1)[0]) for line in log if line.strip())
    return pct(times, 0.95) * 1000


def server_time_by_page() -> None:
    """Where the server's time went over the whole run: seconds inside gunicorn per kind of
    address (a result's code, a class code and a slug count as one kind each)."""
    if not ACCESS_LOG.exists():
        return
    spent: dict[str, list[float]] = {}
    for line in ACCESS_LOG.read_text().splitlines():
        seconds, method, path = [*line.split(" ", 2), "", ""][:3]
        kind = re.sub(r"/(uitslag|leraar|klas|activiteiten)/[^/]+/", r"/\1/…/", path)
        spent.setdefault(f"{method} {kind}", []).append(float(seconds))
    total = sum(sum(v) for v in spent.values()) or 1.0
    print("\nserver time by kind of address (the whole run):")
    print(f"  {'address':42} {'count':>7} {'mean ms':>8} {'share':>6}")
    for kind, values in sorted(spent.items(), key=lambda kv: -sum(kv[1]))[:12]:
        print(f"  {kind[:42]:42} {len(values):7d} {sum(values) / len(values) * 1000:8.1f} "
              f"{sum(values) / total:6.0%}")  # fmt: skip


def by_five(stats: dict) -> None:
    """Where in a step the time went: a wave of children finishing together shows as a few slow
    buckets, a machine that is simply too small as slow buckets throughout."""
    samples = stats["samples"]
    if not samples:
        return
    first = min(s.end for s in samples)
    buckets: dict[int, list] = {}
    for s in samples:
        buckets.setdefault(int((s.end - first) // 5), []).append(s)
    for index, got in sorted(buckets.items()):
        times = sorted(s.seconds for s in got)
        slow = sorted(got, key=lambda s: -s.seconds)[: max(1, len(got) // 20)]
        names: dict[str, int] = {}
        for s in slow:
            names[s.name] = names.get(s.name, 0) + 1
        top = ", ".join(f"{n} {c}" for n, c in sorted(names.items(), key=lambda kv: -kv[1])[:3])
        print(
            f"  +{index * 5:3d}s {len(got) / 5:6.1f}/s  p95 {pct(times, 0.95) * 1000:6.0f}  {top}"
        )


def timeline(rec: Recorder, start: float, before: int, after: int) -> str:
    """Requests per second around an event: ok/errors, one column per second."""
    cells = []
    for sec in range(-before, after):
        got = [s for s in rec.samples if start + sec <= s.end < start + sec + 1]
        bad = sum(1 for s in got if s.status == 0 or s.status >= 400)
        cells.append(f"{sec:+d}s {len(got) - bad}/{bad}")
    return "  ".join(cells)


# -- the run -------------------------------------------------------------------------------------


class Load:
    """One gunicorn under load: the ramp and the drills share the virtual users and the records."""

    def __init__(self, opts: argparse.Namespace, base: str, master: int) -> None:
        host, port = base.removeprefix("http://").split(":")
        think = (3.0 * opts.think_scale, 8.0 * opts.think_scale)
        self.opts, self.master = opts, master
        self.rec = Recorder()
        self.settings = Settings(host, int(port), think=think)
        self.users = Users(self.settings, self.rec)
        self.bursts: asyncio.Task | None = None

    def classes_per_burst(self) -> int:
        if self.opts.classes_per_burst:
            return self.opts.classes_per_burst
        return max(1, len(self.users.children) // 100)

    async def burst_loop(self) -> None:
        while True:
            await asyncio.sleep(self.opts.burst_every)
            for _ in range(self.classes_per_burst()):
                self.users.start_class()

    def start(self) -> None:
        self.bursts = asyncio.create_task(self.burst_loop())

    async def stop(self) -> None:
        if self.bursts:
            self.bursts.cancel()
        await self.users.stop_all()

    async def ramp(self) -> tuple[dict | None, list[dict]]:
        opts, held, rows = self.opts, None, []
        print(
            f"\n{'users':>6} {'req/s':>7} {'peak/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
            f"{'max ms':>7} {'errors':>7} {'quizzes':>8} {'client cpu':>10} {'server p95':>10}",
            flush=True,
        )
        for users in opts.steps:
            if users > opts.max_users:
                break
            self.users.grow_children(users, spread=min(opts.step_seconds / 2, 8 * opts.think_scale))
            finished_before, cpu_before, start = (
                len(self.rec.finished_codes), time.process_time(), time.monotonic(),
            )  # fmt: skip
            logged = ACCESS_LOG.stat().st_size if ACCESS_LOG.exists() else 0
            await asyncio.sleep(opts.step_seconds)
            stats = window(self.rec, start, time.monotonic())
            stats["server_p95"] = server_p95(logged)
            stats["users"] = users
            stats["cpu"] = (time.process_time() - cpu_before) / opts.step_seconds * 100
            stats["quizzes"] = len(self.rec.finished_codes) - finished_before
            rows.append(stats)
            print(
                f"{users:6d} {stats['rps']:7.1f} {stats['peak_rps']:7d} {stats['p50']:7.0f} "
                f"{stats['p95']:7.0f} {stats['p99']:7.0f} {stats['max']:7.0f} "
                f"{stats['errors']:7d} {stats['quizzes']:8d} {stats['cpu']:9.0f}% "
                + (f"{stats['server_p95']:10.0f}" if opts.server_times else f"{'-':>10}")
                + (f"  errors {fmt_errors(stats['by_status'])}" if stats["errors"] else ""),
                flush=True,
            )
            stats["failed"] = bool(stats["errors"] or stats["p95"] > opts.p95_ms)
            if stats["failed"] and not opts.keep_going:
                break
        for stats in rows:  # the highest step of the unbroken run of steps that held
            if stats["failed"]:
                break
            held = stats
        return held, rows

    async def settle(self, users: int, seconds: float) -> None:
        self.users.grow_children(users, spread=min(seconds, 8 * self.opts.think_scale))
        await asyncio.sleep(seconds)

    async def kill_worker(self) -> dict:
        pids = worker_pids(self.master)
        if not pids:
            raise SystemExit("no gunicorn workers found")
        victim = pids[0]
        before = window(self.rec, time.monotonic() - 10, time.monotonic())
        at = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        back = None
        while time.monotonic() - at < self.opts.drill_seconds:
            current = worker_pids(self.master)
            if back is None and victim not in current and len(current) >= len(pids):
                back = time.monotonic() - at
            await asyncio.sleep(0.2)
        during = window(self.rec, at, at + self.opts.drill_seconds)
        after = window(self.rec, at + self.opts.drill_seconds - 10, at + self.opts.drill_seconds)
        bad = [s.end - at for s in during["samples"] if s.status == 0 or s.status >= 400]
        print(f"\n## drill: SIGKILL gunicorn worker {victim} at {len(self.users.children)} users")
        print(
            f"  replaced by gunicorn after {back:.1f} s" if back is not None else "  NOT replaced"
        )
        print(f"  errors in the {self.opts.drill_seconds} s after: {fmt_errors(during['by_status'])}"
              + (f" (last {max(bad):.1f} s after the kill)" if bad else ""))  # fmt: skip
        print(f"  10 s before: {before['rps']:.1f} req/s p95 {before['p95']:.0f} ms; "
              f"last 10 s: {after['rps']:.1f} req/s p95 {after['p95']:.0f} ms, "
              f"{after['errors']} errors")  # fmt: skip
        print("  per second ok/errors: " + timeline(self.rec, at, 3, 12))
        return {"replaced_s": back, "errors": during["errors"], "after_errors": after["errors"]}

    async def db_outage(self) -> dict:
        cluster = self.opts.pg_cluster.split("/")
        at = time.monotonic()
        subprocess.run(["pg_ctlcluster", *cluster, "stop", "-m", "fast"], check=True)
        stopped = time.monotonic()
        await asyncio.sleep(self.opts.outage_seconds)
        started_at = time.monotonic()
        subprocess.run(["pg_ctlcluster", *cluster, "start"], check=True)
        up = time.monotonic()
        await asyncio.sleep(self.opts.drill_seconds)
        during = window(self.rec, at, up)
        good_after = sorted(
            s.end for s in self.rec.samples if s.end >= up and 200 <= s.status < 400
        )
        bad_after = [
            s.end for s in self.rec.samples if s.end >= up and (s.status == 0 or s.status >= 400)
        ]
        failed = sorted(s.seconds for s in during["samples"] if s.status == 0 or s.status >= 400)
        print(f"\n## drill: PostgreSQL {self.opts.pg_cluster} stopped for "
              f"{started_at - stopped:.0f} s at {len(self.users.children)} users")  # fmt: skip
        print(f"  answers while down: {during['requests']} requests, "
              f"errors {fmt_errors(during['by_status'])}; the failed ones took "
              f"p50 {pct(failed, 0.5) * 1000:.0f} ms, p95 {pct(failed, 0.95) * 1000:.0f} ms, "
              f"max {(failed[-1] if failed else 0) * 1000:.0f} ms")  # fmt: skip
        first_ok = (good_after[0] - up) if good_after else None
        last_bad = (max(bad_after) - up) if bad_after else None
        print("  first success " + (f"{first_ok:.1f} s" if first_ok is not None else "NEVER")
              + " after PostgreSQL was back; "
              + (f"last error {last_bad:.1f} s after" if last_bad is not None else "no errors after"))  # fmt: skip
        print("  per second ok/errors: " + timeline(self.rec, at, 2, int(up - at) + 10))
        return {"first_ok_s": first_ok, "last_error_s": last_bad, "errors": during["errors"]}


async def run_load(opts: argparse.Namespace, base: str, master: int, drills: bool) -> dict:
    load = Load(opts, base, master)
    await warm_up(load)
    load.start()
    held, rows = await load.ramp()
    report: dict = {"held": held, "rows": rows, "rec": load.rec, "settings": load.settings}
    if rows:
        print(f"\nper page at {rows[-1]['users']} users (the last step):")
        per_page(rows[-1])
        print("\nthe last step by 5 seconds (requests/s, p95 ms, the slowest pages' names):")
        by_five(rows[-1])
        server_time_by_page()
    if drills:
        await load.stop()
        moderate = opts.fault_users or max(20, (held["users"] if held else opts.steps[0]) // 2)
        load = Load(opts, base, master)
        load.rec = report["rec"]
        load.users.rec = load.rec
        load.start()
        print(f"\nfault drills at {moderate} users (steady for {opts.settle_seconds} s first)")
        await load.settle(moderate, opts.settle_seconds)
        if opts.faults:
            report["kill"] = await load.kill_worker()
        if opts.db_outage:
            report["outage"] = await load.db_outage()
    await load.stop()
    return report


async def warm_up(load: Load) -> None:
    """Each worker imports and compiles on its first requests; keep that out of the first step."""
    client = load.users.client()
    for path in ("/", "/activiteiten/", "/quiz/", "/klas/nieuw/") * 3:
        await client.request("GET", path, "warm-up")
    await client.close()
    load.rec.samples.clear()


def check_nothing_lost(env: dict[str, str], rec: Recorder, baseline: int) -> bool:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(sorted(rec.finished_codes)))
    try:
        total, found = (
            int(v)
            for v in manage(
                {**env, "LOADTEST_CODES": f.name}, "shell", "-c", COUNT_RESULTS
            ).split()[-2:]
        )
    finally:
        os.unlink(f.name)
    stored = total - baseline
    print("\n## nothing lost")
    print(f"  quizzes finished as the clients saw it (303 to a result): {len(rec.finished_codes)}")
    print(
        f"  result pages shown: {rec.results_seen}; quizzes given up after an error: {rec.abandoned}"
    )
    print(f"  quiz results stored in PostgreSQL during the run: {stored}")
    print(f"  finished codes found in the database: {found} of {len(rec.finished_codes)}")
    print(f"  classes started: {rec.classes}, pupils joined: {rec.pupils}; "
          f"stale keep-alive connections retried: {rec.retries}")  # fmt: skip
    ok = found == len(rec.finished_codes)
    if rec.problems:
        kinds = {}
        for line in rec.problems:
            text = line.split(" ", 1)[1]
            kinds.setdefault(re.sub(r"(/[^/ ?]*)[^ ]*", r"\1/…", text)[:60], text[:160])
        print(f"  first errors the clients saw ({len(kinds)} kinds):")
        for text in list(kinds.values())[:8]:
            print("   ", text)
    if stored != len(rec.finished_codes):
        print(f"  {stored - len(rec.finished_codes)} stored results were never seen finished by a "
              "client: their answer was lost in a fault (the child would press again)")  # fmt: skip
    print("  OK: every finished quiz is stored" if ok else "  LOST: finished quizzes are missing!")
    return ok


def compare_with_peak(held: dict | None, rows: list[dict], rec: Recorder,
                      opts: argparse.Namespace, floor: float | None = None) -> None:  # fmt: skip
    """Demand per child from the scenario itself: requests per pause, over a 5.5 s mean pause."""
    print("\n## against the regional peak estimate")
    per_pause = len(rec.samples) / max(rec.thinks, 1)
    per_child = per_pause / 5.5
    need = PEAK_CHILDREN * per_child
    print(f"  the scenario sends {per_pause:.2f} requests per pause: a child at 3-8 s think time asks "
          f"about {per_child:.2f} req/s, so {PEAK_CHILDREN} children ≈ {need:.0f} req/s steady; "
          f"class bursts ≈ {PEAK_BURST_RPS} req/s")  # fmt: skip
    best = held or (max(rows, key=lambda r: r["rps"]) if rows else None)
    if best is None:
        return
    children = best["users"] / opts.think_scale
    label = "held" if held else f"nothing held; the busiest step ({best['users']} users) did"
    print(f"  {label}: {best['rps']:.0f} req/s (busiest second {best['peak_rps']}), p95 "
          f"{best['p95']:.0f} ms, ≈ {children:.0f} children at 3-8 s think time")  # fmt: skip
    print(
        f"  this machine: {best['rps'] / need:.0%} of the steady peak, "
        f"{best['peak_rps'] / PEAK_BURST_RPS:.0%} of the burst peak"
    )
    cores = getattr(opts, "server_cores", 0) or os.cpu_count() or 1
    where = ("the load generator on other cores" if getattr(opts, "server_cores", 0)
             else "the load generator on the same cores")  # fmt: skip
    what = "children held per core" if held else "no step held; its busiest step per core"
    print(f"  {what}: {children / cores:.0f} ({children:.0f} on {cores} cores, {where}); "
          "a region of 3,100 children at once needs "
          f"{PEAK_CHILDREN / max(children / cores, 1):.1f} such cores")  # fmt: skip
    if floor:
        print(f"  at this machine's speed of the moment ({floor:.0f} req/s of the bare view): "
              f"{children / floor * 1000:.0f} children per 1,000 req/s of it (a rough "
              "yardstick for a slower or faster stretch of this VM)")  # fmt: skip


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--steps", default="100,400,800,1200,1500,1800",
                   help="concurrent virtual children per step (comma-separated)")  # fmt: skip
    p.add_argument("--step-seconds", type=float, default=40)
    p.add_argument("--max-users", type=int, default=3200)
    p.add_argument("--think-scale", type=float, default=1.0,
                   help="think time is 3-8 s times this (0.25: each user acts like 4 children)")  # fmt: skip
    p.add_argument("--p95-ms", type=float, default=300)
    p.add_argument("--keep-going", action="store_true",
                   help="run every step even after one broke p95 or had errors")  # fmt: skip
    p.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    p.add_argument("--worker-class", default="sync",
                   help="gthread or sync; 'sync,gthread' runs the ramp once for each (no drills)")  # fmt: skip
    p.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    p.add_argument("--burst-every", type=float, default=20, help="seconds between class bursts")
    p.add_argument("--classes-per-burst", type=int, default=0,
                   help="classes starting together (default: one per 100 children)")  # fmt: skip
    p.add_argument("--faults", action=argparse.BooleanOptionalAction, default=True,
                   help="after the ramp, kill a gunicorn worker under load")  # fmt: skip
    p.add_argument(
        "--db-outage",
        action="store_true",
        help="also stop PostgreSQL mid-load and start it again (stops it for EVERYONE)",
    )
    p.add_argument("--outage-seconds", type=float, default=10)
    p.add_argument("--pg-cluster", default="15/main",
                   help="for pg_ctlcluster (see pg_lsclusters); its port: env LOADTEST_PG_PORT")  # fmt: skip
    p.add_argument("--fault-users", type=int, default=0, help="default: half the step that held")
    p.add_argument("--settle-seconds", type=float, default=15)
    p.add_argument("--drill-seconds", type=int, default=20)
    p.add_argument("--keep-db", action="store_true", help=f"leave database {DB} behind")
    p.add_argument("--server-times", action="store_true",
                   help="gunicorn's access log: server p95 per step and server time per address "
                        "(costs the workers 5-10 %% more CPU)")  # fmt: skip
    p.add_argument("--split-cores", action="store_true",
                   help="server (gunicorn, PostgreSQL, Redis) on half the cores, the load "
                        "generator on the other half: children held per server core")  # fmt: skip
    opts = p.parse_args(argv)
    opts.steps = [int(s) for s in opts.steps.split(",")]
    opts.worker_classes = opts.worker_class.split(",")
    return opts


def pin_services(cpus: set[int]) -> None:
    """PostgreSQL (its new backends fork from the postmaster and inherit it) and Redis onto
    `cpus`, every thread of theirs."""
    for name in ("postgres", "redis-server"):
        found = subprocess.run(["pgrep", "-x", name], capture_output=True, text=True).stdout
        for pid in found.split():
            for task in Path(f"/proc/{pid}/task").glob("*"):
                with contextlib.suppress(OSError):
                    os.sched_setaffinity(int(task.name), cpus)


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    every_cpu = os.sched_getaffinity(0)
    server_cpus: set[int] | None = None
    if opts.split_cores:
        # The server (gunicorn, PostgreSQL, Redis) on the first half of the cores, the load
        # generator on the rest: what the server alone holds per core, without the client's share.
        ordered = sorted(every_cpu)
        server_cpus = set(ordered[: max(1, len(ordered) // 2)])
        os.sched_setaffinity(0, set(ordered) - server_cpus or set(ordered))
        pin_services(server_cpus)
        opts.server_cores = len(server_cpus)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # a socket per busy virtual user
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))
    begun = time.monotonic()
    # The site's settings plus `make bench`'s bare view at /__floor__/ (machine_floor).
    env = {**server_env(fresh_database()), "DJANGO_SETTINGS_MODULE": "bench.floor"}
    manage(env, "migrate", "-v0")
    print(manage(env, "load_demo").strip().splitlines()[-1], flush=True)
    collectstatic(env)
    baseline = int(manage(env, "shell", "-c", COUNT_RESULTS).split()[-2])
    ok = True
    held_by_class = {}
    try:
        for worker_class in opts.worker_classes:
            drills = len(opts.worker_classes) == 1 and (opts.faults or opts.db_outage)
            args = gunicorn_args(opts, worker_class)
            fd, name = tempfile.mkstemp(prefix="loadtest-gunicorn-", suffix=".log")
            os.close(fd)
            log = Path(name)
            # With --server-times, each request's time inside gunicorn, to tell the server's time
            # from the client's (the load generator shares the cores, and its own waits count in
            # its figures). Off by default, as in production (DEPLOY.md: the proxy keeps the access
            # log): gunicorn's access log costs each request 0.04-0.07 ms of worker CPU, 5-10 % of
            # a quiz step (measured with `make bench`'s wrk, issue 17).
            ACCESS_LOG.unlink(missing_ok=True)
            timed = []
            if opts.server_times:
                timed = [
                    "--access-logfile",
                    str(ACCESS_LOG),
                    "--access-logformat",
                    "%(L)s %(m)s %(U)s",
                ]
            with log.open("w") as log_file:
                server, base = start_gunicorn(env, *args, *timed, stderr=log_file, cpus=server_cpus)
            print(f"\n# gunicorn {' '.join(args)} on {base}, PostgreSQL {DB}; think time "
                  f"{3 * opts.think_scale:.1f}-{8 * opts.think_scale:.1f} s, steps of "
                  f"{opts.step_seconds:.0f} s, p95 limit {opts.p95_ms:.0f} ms; log {log}",
                  flush=True)  # fmt: skip
            try:
                floor = machine_floor(base, server.pid)
                if opts.server_times:  # the floor's requests are not the site's (gunicorn appends)
                    ACCESS_LOG.write_text("")
                report = asyncio.run(run_load(opts, base, server.pid, drills))
            finally:
                stop_gunicorn(server)
            held = report["held"]
            held_by_class[worker_class] = held
            print(f"\nhighest step that held: {held['users'] if held else 'none'}"
                  + (f" users, {held['rps']:.0f} req/s, p95 {held['p95']:.0f} ms" if held else ""))  # fmt: skip
            compare_with_peak(held, report["rows"], report["rec"], opts, floor)
            ok = check_nothing_lost(env, report["rec"], baseline) and ok
            baseline = int(manage(env, "shell", "-c", COUNT_RESULTS).split()[-2])
            errors = [line for line in log.read_text().splitlines()
                      if "Traceback" in line or "ERROR" in line or "WORKER TIMEOUT" in line]  # fmt: skip
            if errors:
                print(f"\n  gunicorn log ({log}), {len(errors)} error lines, first ones:")
                for line in errors[:5]:
                    print("   ", line[:200])
        if len(held_by_class) > 1:
            print("\n## worker classes")
            for name, held in held_by_class.items():
                print(f"  {name:8} held " + (f"{held['users']} users, {held['rps']:.0f} req/s, "
                      f"p95 {held['p95']:.0f} ms" if held else "nothing"))  # fmt: skip
    finally:
        if server_cpus:
            pin_services(every_cpu)
            os.sched_setaffinity(0, every_cpu)
        if not opts.keep_db:
            psql(f"drop database if exists {DB} with (force)")
    print(f"\nloadtest took {time.monotonic() - begun:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
