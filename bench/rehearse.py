"""`make rehearse`: two application servers behind a real load balancer, and one of them stopped.

DEPLOY.md's "Several application machines", played on this one machine: HAProxy (Debian's package)
in front of two gunicorn servers (PRODUCTION=1, DEBUG off), one PostgreSQL database, one Redis and
one media folder shared by both. Everything is started here, on free ports, from a temporary
folder (HAProxy's configuration is bench/haproxy.cfg filled in), and stopped again at the end,
also when something fails.

1. Shared state, asked of each server directly (as the balancer would forward it): a class started
   on server A is joinable on server B; wrong class codes tried on A count on B too, so the address
   is refused there; another address still gets in.
2. `make loadtest`'s children and class bursts (bench/loadtest_client.py) through the balancer.
   In the middle, server B is killed (SIGKILL to its whole process group: a crashed machine).
   Measured: requests, errors and whether each error was a request under way at the kill, p95,
   the time until the balancer's health check (/health/) took B out, then B started again and the
   time until it was back in.
3. Nothing lost: every quiz whose finish a client saw (a redirect to its result) is in PostgreSQL.

    bench/rehearse.py                        # 120 users (~240 children), kill after 40 s, restart
    bench/rehearse.py --stop term            # a graceful stop (a deploy) instead of a crash
    bench/rehearse.py --users 300 --think-scale 1 --before 60 --after 60

tests/test_rehearsal.py runs the same, short, and asserts it. Figures go into the issue notes; the
machine has 2 cores shared by the load generator, the balancer and both servers.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import csv
import http.client
import io
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadtest import COUNT_RESULTS, fmt_errors, server_env, timeline, window
from loadtest_client import CLASS_CODE, Recorder, Settings, Users
from run import PY, ROOT, collectstatic, free_port, manage

TEMPLATE = ROOT / "bench" / "haproxy.cfg"
SERVERS = ("a", "b")
CHECK_ADDRESS = "198.51.100.23"  # the visitor of the shared-state checks (TEST-NET-2)
OTHER_ADDRESS = "198.51.100.24"


def haproxy_binary() -> str | None:
    return shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if os.access(p, os.X_OK)),
        None,
    )


def redis_binary() -> str | None:
    return shutil.which("redis-server") or (
        "/usr/bin/redis-server" if os.access("/usr/bin/redis-server", os.X_OK) else None
    )


# -- the stack -----------------------------------------------------------------------------------


@dataclass
class Options:
    workers: int = (os.cpu_count() or 2) + 1  # per server: the machine's cores are shared by two
    check_inter: str = "1s"
    fall: int = 2
    rise: int = 2
    class_code_failures: int = 5
    observe: bool = True  # real traffic's connection failures take a server out at once, too
    queue_timeout: str = "10s"  # how long a request may wait in HAProxy's queue (then 503)
    collect_static: bool = True  # False: plain static storage, no collectstatic (the test)


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path


@dataclass
class Stack:
    """Redis, two gunicorn servers and HAProxy, each in its own process group; `close` ends all."""

    database_url: str
    opts: Options = field(default_factory=Options)
    tmp: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="rehearse-")))
    procs: dict[str, Process] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    spawned: list[int] = field(default_factory=list)  # every process group started, for checks

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.ports['lb']}"

    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        haproxy, redis = haproxy_binary(), redis_binary()
        if not haproxy or not redis:
            raise RuntimeError(
                "HAProxy and redis-server are needed: apt-get install haproxy redis-server"
            )
        for name in ("lb", "a", "b", "redis"):
            self.ports[name] = free_port()
        media = self.tmp / "media"
        media.mkdir()
        self.env = production_env(self.database_url, self)
        self._spawn(
            "redis",
            [
                redis,
                "--port",
                str(self.ports["redis"]),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
        )
        wait_for(lambda: redis_ping(self.ports["redis"]), 10, "redis-server did not start")
        if self.opts.collect_static:
            collectstatic(self.env)
        for name in SERVERS:
            self.start_server(name, wait=False)
        for name in SERVERS:
            self.wait_server(name)
        config = self.tmp / "haproxy.cfg"
        config.write_text(
            string.Template(TEMPLATE.read_text()).substitute(
                stats_socket=self.tmp / "haproxy.sock",
                queue_timeout=self.opts.queue_timeout,
                port=self.ports["lb"],
                port_a=self.ports["a"],
                port_b=self.ports["b"],
                maxconn=self.opts.workers,
                inter=self.opts.check_inter,
                fall=self.opts.fall,
                rise=self.opts.rise,
                observe="observe layer4 error-limit 1 on-error mark-down"
                if self.opts.observe
                else "",
            )
        )
        subprocess.run([haproxy, "-c", "-q", "-f", str(config)], check=True)
        self._spawn("haproxy", [haproxy, "-db", "-f", str(config)])
        try:
            wait_for(lambda: self.states() == {"a": "UP", "b": "UP"}, 20, "")
        except RuntimeError:
            log = self.procs["haproxy"].log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"HAProxy's servers not UP: {self.states()}\n{log}") from None

    def _spawn(self, name: str, args: list[str]) -> Process:
        log = self.tmp / f"{name}.log"
        with log.open("ab") as out:
            popen = subprocess.Popen(
                args,
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=out,
                start_new_session=True,
            )
        self.procs[name] = Process(name, popen, log)
        self.spawned.append(popen.pid)
        return self.procs[name]

    def start_server(self, name: str, wait: bool = True) -> None:
        args = [
            PY,
            "-m",
            "gunicorn",
            "techniekkaart.wsgi",
            "-b",
            f"127.0.0.1:{self.ports[name]}",
            "-w",
            str(self.opts.workers),
            "--timeout",
            "30",
            "--graceful-timeout",
            "10",
            "--max-requests",
            "2000",
            "--max-requests-jitter",
            "200",
            "--preload",  # Django loaded once, then forked: a restart takes a third of the CPU
        ]
        self._spawn(name, args)
        if wait:
            self.wait_server(name)

    def wait_server(self, name: str) -> None:
        proc = self.procs[name]

        def up() -> bool:
            if proc.popen.poll() is not None:
                raise RuntimeError(f"gunicorn {name} stopped at start")
            return direct(self.ports[name], "GET", "/health/")[0] == 200

        try:
            wait_for(up, 120, "")
        except RuntimeError as error:
            log = proc.log.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"gunicorn {name} did not answer /health/: {error}\n{log}") from None

    def stop(self, name: str, how: str = "kill") -> subprocess.Popen:
        """ "kill": a crash, the master and every worker at once, nothing finishes. "term": a
        planned stop (a deploy), gunicorn closes its socket and lets its workers finish first."""
        proc = self.procs[name]
        with contextlib.suppress(ProcessLookupError):
            if how == "kill":
                os.killpg(proc.popen.pid, signal.SIGKILL)
            else:
                os.kill(proc.popen.pid, signal.SIGTERM)
        return proc.popen

    def close(self) -> None:
        for proc in reversed(list(self.procs.values())):
            if proc.popen.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.popen.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.popen.pid, signal.SIGKILL)
                proc.popen.wait()
            with contextlib.suppress(ProcessLookupError):  # workers left behind by a killed master
                os.killpg(proc.popen.pid, signal.SIGKILL)
        self.procs.clear()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- HAProxy's view --------------------------------------------------------------------------

    def stats(self) -> dict[str, dict[str, str]]:
        """`show stat` on the admin socket: one row per server of the backend."""
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(2)
            s.connect(str(self.tmp / "haproxy.sock"))
            s.sendall(b"show stat\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        text = b"".join(chunks).decode().lstrip("# ")
        return {
            row["svname"]: row
            for row in csv.DictReader(io.StringIO(text))
            if row["pxname"] == "app" and row["svname"] in SERVERS
        }

    def states(self) -> dict[str, str]:
        try:
            return {name: row["status"].split()[0] for name, row in self.stats().items()}
        except OSError:
            return {}


def production_env(database_url: str, stack: Stack) -> dict[str, str]:
    """PRODUCTION=1 as DEPLOY.md has it, with TLS at the balancer (it sets X-Forwarded-Proto).
    The limits every simulated child would hit together (they all come from 127.0.0.1, in scaled
    time) are lifted as in `make loadtest`; the class-code limit is not, it is what step 1 checks,
    for another address."""
    env = server_env(database_url)
    for name in ("SECURE_SSL_REDIRECT", "SECURE_COOKIES", "SECURE_HSTS_SECONDS"):
        env.pop(name, None)
    env.update(
        {
            "PRODUCTION": "1",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"http://127.0.0.1:{stack.ports['lb']}",
            "REDIS_URL": f"redis://127.0.0.1:{stack.ports['redis']}/0",
            "MEDIA_ROOT": str(stack.tmp / "media"),
            "TRUSTED_PROXIES": "1",
            "CLASS_CODE_FAILURES_PER_10_MINUTES": str(stack.opts.class_code_failures),
            "MAP_TILE_UPSTREAM": "off",
            "MAP_TILE_CACHE_DIR": str(stack.tmp / "tiles"),
        }
    )
    if not stack.opts.collect_static:
        env["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    return env


def wait_for(ready, seconds: float, message: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if ready():
                return
        time.sleep(0.1)
    raise RuntimeError(message)


def redis_ping(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
        s.sendall(b"PING\r\n")
        return s.recv(16).startswith(b"+PONG")


def direct(
    port: int,
    method: str,
    path: str,
    form: dict | None = None,
    address: str = CHECK_ADDRESS,
    origin: str = "",
) -> tuple[int, dict[str, str], str]:
    """One request straight to an application server, with the headers the balancer adds."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": address, "Accept-Language": "nl"}
    body = None
    if form is not None:
        body = urlencode(form)
        headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin}
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return (
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            response.read().decode(),
        )
    finally:
        conn.close()


# -- 1. shared state -----------------------------------------------------------------------------


def shared_state(stack: Stack) -> dict:
    """A class started on A, joined on B; wrong codes on A blocking the address on B."""
    a, b, origin = stack.ports["a"], stack.ports["b"], stack.env["SITE_URL"]
    out: dict = {}
    status, headers, _ = direct(
        a,
        "POST",
        "/klas/nieuw/",
        {
            "school": "Repetitieschool",
            "groep": "6",
            "plaats": "Zwolle",
            "email": "",
        },
        origin=origin,
    )
    teacher = urlsplit(headers.get("location", "")).path
    if status != 303 or not teacher.startswith("/klas/leraar/"):
        raise RuntimeError(f"starting a class on A: {status} {headers.get('location')}")
    found = CLASS_CODE.search(direct(a, "GET", teacher)[2])
    code = found.group(1).strip() if found else ""
    status, headers, _ = direct(b, "GET", f"/klas/?{urlencode({'code': code})}")
    out["class_code"] = code
    out["class_join_on_b"] = (status, urlsplit(headers.get("location", "")).path)
    out["class_quiz_on_b"] = direct(b, "GET", f"/klas/{code}/")[0]
    out["teacher_page_on_b"] = direct(b, "GET", teacher)[0]

    # Fixed windows of 10 minutes: do not start in the last seconds of one.
    left = 600 - time.time() % 600
    if left < 10:
        time.sleep(left + 0.5)
    limit = stack.opts.class_code_failures
    out["wrong_codes_on_a"] = [
        direct(a, "GET", f"/klas/?code=FOUT{n:04d}")[0] for n in range(limit)
    ]
    out["wrong_code_on_b"] = direct(b, "GET", "/klas/?code=FOUT9999")[0]
    out["right_code_on_b_same_address"] = direct(b, "GET", f"/klas/?code={code}")[0]
    out["right_code_on_b_other_address"] = direct(
        b, "GET", f"/klas/?code={code}", address=OTHER_ADDRESS
    )[0]
    return out


def shared_ok(shared: dict) -> bool:
    return (
        shared["class_join_on_b"] == (302, f"/klas/{shared['class_code']}/")
        and shared["class_quiz_on_b"] == 200
        and shared["teacher_page_on_b"] == 200
        and set(shared["wrong_codes_on_a"]) == {404}
        and shared["wrong_code_on_b"] == 429
        and shared["right_code_on_b_same_address"] == 429
        and shared["right_code_on_b_other_address"] == 302
    )


def print_shared(shared: dict) -> None:
    print("\n## 1. shared between the servers (PostgreSQL, Redis)")
    print(
        f"  class {shared['class_code']} started on A; on B: join -> {shared['class_join_on_b']}, "
        f"class quiz {shared['class_quiz_on_b']}, teacher page {shared['teacher_page_on_b']}"
    )
    print(
        f"  {len(shared['wrong_codes_on_a'])} wrong codes on A: {shared['wrong_codes_on_a']}; "
        f"then on B from the same address: wrong code {shared['wrong_code_on_b']}, right code "
        f"{shared['right_code_on_b_same_address']}; from another address "
        f"{shared['right_code_on_b_other_address']}"
    )
    print("  OK: class codes and rate limits are shared" if shared_ok(shared) else "  NOT SHARED!")


# -- 2. load through the balancer, with one server killed ----------------------------------------


@dataclass
class LoadOptions:
    users: int = 120
    think_scale: float = 0.5  # think 1.5-4 s: each virtual user is about two children
    before: float = 40.0  # seconds of load before the kill
    after: float = 40.0  # seconds of load after it
    stop: str = "kill"  # or "term": a graceful stop, as in a deploy
    restart: bool = True
    after_restart: float = 20.0
    burst_every: float = 20.0
    classes_per_burst: int = 0  # default: one per 100 children


async def drive(stack: Stack, lo: LoadOptions) -> dict:
    rec = Recorder()
    settings = Settings(
        "127.0.0.1", stack.ports["lb"], think=(3 * lo.think_scale, 8 * lo.think_scale)
    )
    users = Users(settings, rec)
    client = users.client()
    for path in ("/", "/activiteiten/", "/quiz/", "/klas/nieuw/") * 3:  # both servers' workers
        await client.request("GET", path, "warm-up")
    await client.close()
    rec.samples.clear()

    async def bursts() -> None:
        while True:
            await asyncio.sleep(lo.burst_every)
            for _ in range(lo.classes_per_burst or max(1, len(users.children) // 100)):
                users.start_class()

    start = time.monotonic()
    users.grow_children(lo.users, spread=min(lo.before / 2, 8 * lo.think_scale))
    burst_task = asyncio.create_task(bursts())
    report: dict = {"rec": rec, "start": start}
    try:
        await asyncio.sleep(lo.before)
        report["before_kill_stats"] = stack.stats()
        killed = time.monotonic()
        stopping = asyncio.create_task(asyncio.to_thread(stack.stop("b", lo.stop).wait))
        report["killed"] = killed
        report["down_after"] = await until(lambda: stack.states().get("b") == "DOWN", 30, killed)
        await stopping
        report["stopped_after"] = time.monotonic() - killed
        report["b_check"] = stack.stats().get("b", {}).get("check_status", "")
        await asyncio.sleep(max(0.0, killed + lo.after - time.monotonic()))
        if lo.restart:
            restarted = time.monotonic()
            await asyncio.to_thread(stack.start_server, "b")
            booted = time.monotonic()
            report["boot_seconds"] = booted - restarted
            report["up_after"] = await until(lambda: stack.states().get("b") == "UP", 30, booted)
            back = stack.stats()
            await asyncio.sleep(lo.after_restart)
            later = stack.stats()
            report["b_requests_after_restart"] = int(later["b"]["stot"]) - int(back["b"]["stot"])
    finally:
        burst_task.cancel()
        await users.stop_all()
    report["end"] = time.monotonic()
    report["stats"] = stack.stats()
    return report


async def until(condition, seconds: float, since: float) -> float | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return time.monotonic() - since
        await asyncio.sleep(0.05)
    return None


def errors_at_kill(report: dict) -> dict:
    """Every failed request, and whether it was under way when B was killed (sent before, answered
    after); a failure that began after the kill would be the balancer sending to a dead server."""
    rec, killed = report["rec"], report["killed"]
    failed = [s for s in rec.samples if s.status == 0 or s.status >= 400]
    in_flight = [s for s in failed if s.end - s.seconds <= killed + 0.01 <= s.end + 0.02]
    under_way = [s for s in rec.samples if s.end - s.seconds <= killed <= s.end]
    return {
        "failed": len(failed) + len(rec.wrong),
        "failed_in_flight": len(in_flight),
        "failed_later": len(failed) - len(in_flight) + len(rec.wrong),
        "under_way_at_kill": len(under_way),
        "later_503": sum(1 for s in failed if s not in in_flight and s.status == 503),
        "by_status": window(rec, report["start"] - 60, report["end"] + 1)["by_status"],
        "later_detail": [
            (round(s.end - s.seconds - killed, 2), s.name, s.status)
            for s in failed
            if s not in in_flight
        ][:10],
    }


HTTPLOG = re.compile(r"\s\w+/(\S+)\s+[-\d/+]+\s+(\d{3})\s+\+?\d+\s+\S+\s+\S+\s+(\S{4})\s")


def balancer_errors(log: str) -> dict[str, int]:
    """HAProxy's own account of what went wrong (it logs only that: `option dontlog-normal`):
    "<status> <termination state> <server>", e.g. "502 SH-- b" (the server closed while the
    request was under way), "503 sQ-- a" (waited in the queue too long: not enough workers)."""
    found: dict[str, int] = {}
    for match in HTTPLOG.finditer(log):
        server, status, state = match.groups()
        key = f"{status} {state} {server}"
        found[key] = found.get(key, 0) + 1
    return found


# -- 3. nothing lost -----------------------------------------------------------------------------


def results_stored(env: dict[str, str], codes: set[str]) -> tuple[int, int]:
    """(results in the database, of which the given codes)."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(sorted(codes)))
    try:
        out = manage({**env, "LOADTEST_CODES": f.name}, "shell", "-c", COUNT_RESULTS)
    finally:
        os.unlink(f.name)
    total, found = (int(v) for v in out.split()[-2:])
    return total, found


def rehearse(
    database_url: str,
    opts: Options,
    lo: LoadOptions,
    quiet: bool = False,
    count: Callable[[set[str]], tuple[int, int]] | None = None,
) -> dict:
    """The whole rehearsal on a migrated database with a catalogue; returns the figures.
    `count(codes)`: (results stored, of which these codes); default: asked with manage.py shell."""
    say = (lambda *a, **k: None) if quiet else print
    begun = time.monotonic()
    with Stack(database_url, opts) as stack:
        say(
            f"# HAProxy on {stack.base} -> gunicorn a :{stack.ports['a']}, b :{stack.ports['b']} "
            f"({opts.workers} sync workers each, PRODUCTION=1), redis :{stack.ports['redis']}, "
            f"media {stack.tmp / 'media'}; health check /health/ every {opts.check_inter}, "
            f"fall {opts.fall}, rise {opts.rise}",
            flush=True,
        )
        figures: dict = {"shared": shared_state(stack)}
        if not quiet:
            print_shared(figures["shared"])
        count = count or (lambda codes: results_stored(stack.env, codes))
        baseline = count(set())[0]
        started = time.monotonic()
        say(
            f"\n## 2. {lo.users} virtual children (think {3 * lo.think_scale:.1f}-{8 * lo.think_scale:.1f} s) "
            f"and class bursts through HAProxy; B stopped ({lo.stop}) after {lo.before:.0f} s",
            flush=True,
        )
        # In a thread of its own: a caller's thread may already run an event loop (pytest after a
        # Playwright test), and asyncio.run() refuses to start inside one.
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            report = pool.submit(asyncio.run, drive(stack, lo)).result()
        rec = report["rec"]
        total, found = count(rec.finished_codes)
        log = (
            stack.procs["haproxy"].log.read_text(errors="replace")
            if "haproxy" in stack.procs
            else ""
        )
        figures["balancer_errors"] = balancer_errors(log)
    figures["process_groups"] = stack.spawned
    whole = window(rec, report["start"] - 60, report["end"] + 1)
    after = window(rec, report["killed"], report["killed"] + lo.after)
    figures.update(
        {
            "setup_seconds": started - begun,
            "total_seconds": time.monotonic() - begun,
            "requests": whole["requests"],
            "rps": whole["requests"] / (report["end"] - report["start"]),
            "p50": whole["p50"],
            "p95": whole["p95"],
            "p99": whole["p99"],
            "max": whole["max"],
            "p95_after_kill": after["p95"],
            "errors": errors_at_kill(report),
            "down_after": report["down_after"],
            "stopped_after": report["stopped_after"],
            "b_check": report["b_check"],
            "up_after": report.get("up_after"),
            "boot_seconds": report.get("boot_seconds"),
            "b_requests_after_restart": report.get("b_requests_after_restart"),
            "finished": len(rec.finished_codes),
            "stored": total - baseline,
            "found": found,
            "results_seen": rec.results_seen,
            "abandoned": rec.abandoned,
            "classes": rec.classes,
            "pupils": rec.pupils,
            "timeline": timeline(rec, report["killed"], 3, 8),
            "served": {name: int(row["stot"]) for name, row in report["stats"].items()},
            "served_before_kill": {
                name: int(row["stot"]) for name, row in report["before_kill_stats"].items()
            },
            "redispatched": sum(int(row["wredis"] or 0) for row in report["stats"].values()),
            "retried": sum(int(row["wretr"] or 0) for row in report["stats"].values()),
        }
    )
    # A 503 that HAProxy logged as "sQ" waited longer than `timeout queue` for a free worker:
    # the load was more than the servers left could take, nothing to do with where it was sent.
    errors = figures["errors"]
    queued = sum(v for k, v in figures["balancer_errors"].items() if k.startswith("503 sQ"))
    errors["queue_timeouts"] = min(errors["later_503"], queued)
    errors["kill_related_later"] = errors["failed_later"] - errors["queue_timeouts"]
    if not quiet:
        print_figures(figures, lo)
    return figures


def print_figures(f: dict, lo: LoadOptions) -> None:
    e = f["errors"]
    print(
        f"  requests {f['requests']} ({f['rps']:.0f} req/s), p50 {f['p50']:.0f} ms, "
        f"p95 {f['p95']:.0f} ms, p99 {f['p99']:.0f} ms, max {f['max']:.0f} ms; p95 in the "
        f"{lo.after:.0f} s after the kill {f['p95_after_kill']:.0f} ms"
    )
    print(
        f"  served by a: {f['served'].get('a')}, b: {f['served'].get('b')} (before the kill "
        f"{f['served_before_kill'].get('a')} and {f['served_before_kill'].get('b')}); HAProxy "
        f"retried {f['retried']} connections, redispatched {f['redispatched']}"
    )
    print(
        f"  errors {e['failed']} ({fmt_errors(e['by_status'])}): {e['failed_in_flight']} were "
        f"under way at the kill (of {e['under_way_at_kill']} requests under way), "
        f"{e['failed_later']} began after it: {e['queue_timeouts']} of them waited over "
        f"`timeout queue` for a free worker (HAProxy's 503 sQ: more load than the servers left "
        f"could take), {e['kill_related_later']} other"
        + (f" {e['later_detail']}" if e["kill_related_later"] else "")
    )
    down = f["down_after"]
    print(
        "  the balancer took B out "
        + (f"{down:.1f} s after the kill" if down is not None else "NEVER")
        + f" (HAProxy's check status {f['b_check']}; B's processes were gone "
        f"{f['stopped_after']:.1f} s after the signal)"
    )
    if lo.restart:
        up = f["up_after"]
        print(
            f"  B started again: gunicorn answered after {f['boot_seconds']:.1f} s, HAProxy "
            "took it back in "
            + (f"{up:.1f} s later" if up is not None else "NEVER")
            + f", then it served {f['b_requests_after_restart']} requests in "
            f"{lo.after_restart:.0f} s"
        )
    print("  per second around the kill, ok/errors: " + f["timeline"])
    print(
        "  HAProxy's log of what went wrong (status, termination state, server): "
        + (", ".join(f"{k}: {v}" for k, v in sorted(f["balancer_errors"].items())) or "nothing")
    )
    print("\n## 3. nothing lost")
    print(
        f"  quizzes finished as the clients saw it (303 to a result): {f['finished']}; result "
        f"pages shown {f['results_seen']}; tasks given up after an error {f['abandoned']}"
    )
    print(
        f"  quiz results stored during the run: {f['stored']}; finished codes found: "
        f"{f['found']} of {f['finished']}; classes {f['classes']}, pupils {f['pupils']}"
    )
    if f["stored"] > f["finished"]:
        print(
            f"  {f['stored'] - f['finished']} stored results were never seen finished: the "
            "answer to their finishing post was lost in the kill (the child presses again)"
        )
    print("  OK: every finished quiz is stored" if f["found"] == f["finished"] else "  LOST!")


def verdict(f: dict) -> list[str]:
    """What must hold; empty when everything did."""
    problems = []
    if not shared_ok(f["shared"]):
        problems.append(f"not shared: {f['shared']}")
    if f["errors"]["kill_related_later"]:
        problems.append(f"errors that began after the kill: {f['errors']['later_detail']}")
    if f["down_after"] is None:
        problems.append("the health check never took B out")
    if f["found"] != f["finished"]:
        problems.append(f"finished quizzes lost: {f['finished'] - f['found']}")
    if f["finished"] == 0:
        problems.append("no quiz finished at all")
    return problems


# -- make rehearse -------------------------------------------------------------------------------


def fresh_database(url: str) -> None:
    """Drop and create the database of `url` as its own role (which needs CREATEDB)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"not a plain database name: {name!r}")
    admin = parts._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"drop database if exists {name} with (force)")
        conn.execute(f"create database {name}")


def drop_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = parts._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"drop database if exists {parts.path.lstrip('/')} with (force)")


def parse_args(argv: list[str] | None = None) -> tuple[argparse.Namespace, Options, LoadOptions]:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument(
        "--database-url",
        default=os.environ.get(
            "REHEARSE_DATABASE_URL",
            "postgres://techniekkaart:techniekkaart@127.0.0.1:5432/techniekkaart_rehearse",
        ),
        help="made afresh (the role needs CREATEDB) and dropped at the end",
    )
    p.add_argument("--keep-db", action="store_true")
    d = LoadOptions()
    p.add_argument("--users", type=int, default=d.users)
    p.add_argument(
        "--think-scale", type=float, default=d.think_scale, help="think 3-8 s times this"
    )
    p.add_argument("--before", type=float, default=d.before, help="seconds of load before the stop")
    p.add_argument("--after", type=float, default=d.after, help="seconds of load after it")
    p.add_argument("--no-restart", dest="restart", action="store_false")
    p.add_argument(
        "--stop",
        choices=("kill", "term"),
        default="kill",
        help="kill: SIGKILL to B's process group (a crash); term: SIGTERM (a deploy)",
    )
    p.add_argument("--after-restart", type=float, default=d.after_restart)
    p.add_argument("--queue-timeout", default="10s", help="HAProxy's timeout queue")
    p.add_argument("--workers", type=int, default=Options.workers, help="sync workers per server")
    p.add_argument("--check-inter", default="1s", help="HAProxy's health check interval")
    p.add_argument("--fall", type=int, default=2)
    p.add_argument("--rise", type=int, default=2)
    p.add_argument(
        "--no-observe",
        dest="observe",
        action="store_false",
        help="only the health check takes a server out (not real traffic's failures)",
    )
    args = p.parse_args(argv)
    opts = Options(
        workers=args.workers,
        check_inter=args.check_inter,
        fall=args.fall,
        rise=args.rise,
        observe=args.observe,
        queue_timeout=args.queue_timeout,
    )
    lo = LoadOptions(
        users=args.users,
        think_scale=args.think_scale,
        before=args.before,
        after=args.after,
        restart=args.restart,
        stop=args.stop,
        after_restart=args.after_restart,
    )
    return args, opts, lo


def main(argv: list[str] | None = None) -> int:
    args, opts, lo = parse_args(argv)
    if not haproxy_binary():
        raise SystemExit("HAProxy is missing: apt-get install -y haproxy")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # a socket per busy virtual user
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))
    begun = time.monotonic()
    url = args.database_url
    fresh_database(url)
    try:
        env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "SECRET_KEY": "x" * 50}
        manage(env, "migrate", "-v0")
        print(manage(env, "load_demo").strip().splitlines()[-1], flush=True)
        figures = rehearse(url, opts, lo)
    finally:
        if not args.keep_db:
            drop_database(url)
    problems = verdict(figures)
    print("\n" + ("\n".join(f"FAILED: {p}" for p in problems) or "all held"))
    print(f"rehearsal took {time.monotonic() - begun:.0f} s")
    return 1 if problems else 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
