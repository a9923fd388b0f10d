"""The load generator of `make loadtest`: virtual children, teachers and pupils over raw HTTP/1.1.

One asyncio loop, one keep-alive connection per virtual user, so a single process on this 2-core
machine can play many hundreds of users and leave most of the CPU to gunicorn. Every page is asked
as a browser would: forms are read from the HTML (only the <form> part, with two regular
expressions, which keeps it cheap), redirects are followed one request at a time, and each request
is timed from sending to the last byte. Anything but a 2xx/3xx answer, a broken connection or a time-out counts as an error.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
import time
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlencode, urlsplit

TIMEOUT = 30.0
PLACES = ("Zwolle", "Kampen", "Dalfsen", "Hattem", "8261", "Ommen", "Raalte", "8011", "Genemuiden")
# Opening an activity from the result is a form post (it is counted once, issue 13 item 8).
OPEN_LINK = re.compile(r'action="(/quiz/uitslag/[^/"]+/open/[^/"]+/)"')
CLASS_CODE = re.compile(r'class="class-code">([^<]+)<')


@dataclass
class Sample:
    end: float  # time.monotonic() when the answer was read (or failed)
    seconds: float
    name: str
    status: int  # 0 for a connection error or time-out


@dataclass
class Recorder:
    """Every request's timing, plus what the clients saw finish (the quiz result codes)."""

    samples: list[Sample] = field(default_factory=list)
    finished_codes: set[str] = field(default_factory=set)  # a 303 to a result page was read
    results_seen: int = 0  # ... and the result page itself answered 200
    abandoned: int = 0  # a quiz given up after an error
    retries: int = 0  # a stale keep-alive connection retried once, as browsers do
    thinks: int = 0  # pauses of the users between steps (for requests per pause)
    classes: int = 0
    pupils: int = 0
    problems: list[str] = field(default_factory=list)  # the first errors, to show what went wrong
    wrong: list[float] = field(default_factory=list)  # when a 2xx/3xx answer was not the right page

    def wrong_page(self, text: str) -> Failed:
        self.wrong.append(time.monotonic())
        self.problem(text)
        return Failed(text)

    def problem(self, text: str) -> None:
        if len(self.problems) < 200:
            self.problems.append(f"{time.monotonic():.1f} {text}")

    def add(self, started: float, name: str, status: int) -> None:
        now = time.monotonic()
        self.samples.append(Sample(now, now - started, name, status))


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: dict[str, str]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("location", "")).path or ""

    def location_with_query(self) -> str:
        parts = urlsplit(self.headers.get("location", ""))
        return parts.path + (f"?{parts.query}" if parts.query else "")


class Failed(Exception):
    """A request that did not get a usable answer; the virtual user gives up its current task."""


class Stopped(Exception):
    """The run is over: a user stops at its next pause, never in the middle of a request."""


class Client:
    """One browser: one keep-alive connection (reopened when the server closes it) and a cookie jar."""

    def __init__(self, host: str, port: int, recorder: Recorder) -> None:
        self.host, self.port, self.rec = host, port, recorder
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.cookies: dict[str, str] = {}
        self.used = False  # the open connection has carried a request before

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(
        self, method: str, path: str, name: str, form: dict | list | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:  # fmt: skip
        body = urlencode(form, doseq=True).encode() if form is not None else b""
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "User-Agent: techniekkaart-loadtest",
            "Accept: text/html",
            "Accept-Language: nl",
        ]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if method == "POST":
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
                f"Origin: http://{self.host}:{self.port}",
            ]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        started = time.monotonic()
        for attempt in (1, 2):
            reused = self.used and self.writer is not None
            got_bytes = [False]
            try:
                response = await asyncio.wait_for(self._exchange(raw, got_bytes), TIMEOUT)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                await self.close()
                # A browser sends again when a reused connection dies before any answer byte
                # (the server closed it while idle, or its worker was replaced).
                if attempt == 1 and reused and not got_bytes[0]:
                    self.rec.retries += 1
                    continue
                self.rec.add(started, name, 0)
                self.rec.problem(f"{method} {path}: {type(exc).__name__} {exc}")
                raise Failed(f"{method} {path}: {type(exc).__name__} {exc}") from exc
            self.rec.add(started, name, response.status)
            self.cookies.update(response.cookies)
            if response.status >= 400:
                self.rec.problem(f"{method} {path} -> {response.status} {response.body[:300]!r}")
                raise Failed(f"{method} {path}: HTTP {response.status}")
            return response
        raise AssertionError("unreachable")

    async def _exchange(self, raw: bytes, got_bytes: list[bool]) -> Response:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            self.used = False
        assert self.reader is not None
        self.writer.write(raw)
        await self.writer.drain()
        self.used = True
        head = await self.reader.readuntil(b"\r\n\r\n")
        got_bytes[0] = True
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        version, status = status_line.split(" ", 2)[:2]
        headers: dict[str, str] = {}
        cookies: dict[str, str] = {}
        for line in header_lines:
            if ":" not in line:
                continue
            key, value = line.split(":", 1)
            key, value = key.strip().lower(), value.strip()
            if key == "set-cookie":
                cookie_name, _, rest = value.partition("=")
                cookies[cookie_name] = rest.split(";", 1)[0]
            headers[key] = value
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._chunked()
        elif "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif int(status) in (204, 304) or 100 <= int(status) < 200:
            body = b""
        else:
            body = await self.reader.read()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close" or version == "HTTP/1.0":
            await self.close()
        return Response(int(status), headers, body, cookies)

    async def _chunked(self) -> bytes:
        assert self.reader is not None
        parts = []
        while True:
            size = int((await self.reader.readline()).split(b";")[0].strip(), 16)
            if size == 0:
                await self.reader.readline()
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readline()


# The tags of a form a browser sends from, and their attributes. The site's HTML is valid (the
# Nu HTML Checker runs on every page in the tests): attribute values in double quotes, so two regular
# expressions read it at a tenth of html.parser's cost, which leaves the server more of this
# machine's CPU (issue 17: the generator shares its two cores).
FORM_TAG = re.compile(r"<(/?)(form|input|select|option|button)\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([^\s"\'>/=]+)(?:\s*=\s*"([^"]*)")?')


@dataclass
class Form:
    """The first form of a page as a browser sees it: action, fields in order, submit buttons."""

    action: str | None = None
    inputs: list[dict[str, str]] = field(default_factory=list)  # input attributes (type, name, ...)
    selects: dict[str, list[str]] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)


def read_form(html: str, page_path: str, rec: Recorder) -> Form:
    """Only the form's part of the page is read (the result page is large)."""
    start = html.find("<form")
    end = html.find("</form>", start)
    if start < 0 or end < 0:
        raise rec.wrong_page(f"no form on {page_path}")
    form = Form()
    select: str | None = None
    for closing, tag, attributes in FORM_TAG.findall(html, start, end + 7):
        tag = tag.lower()
        if closing:
            if tag == "select":
                select = None
            continue
        a = {name.lower(): unescape(value) for name, value in ATTRIBUTE.findall(attributes)}
        if tag == "form" and form.action is None:
            form.action = a.get("action", "")
        elif tag == "input" and a.get("name"):
            form.inputs.append(a)
        elif tag == "select":
            select = a.get("name", "")
            form.selects[select] = []
        elif tag == "option" and select is not None:
            form.selects[select].append(a.get("value", ""))
        elif tag == "button" and a.get("type", "submit") == "submit":
            form.buttons.append((a.get("name", ""), a.get("value", "")))
    if not form.action:
        form.action = page_path
    return form


def fill_quiz_form(form: Form, rng: random.Random) -> list[tuple[str, str]]:
    """What a child sends: every hidden field, an answer to the question, the forward button."""
    data: list[tuple[str, str]] = []
    choices: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for field_ in form.inputs:
        kind, name, value = field_.get("type", "text"), field_["name"], field_.get("value", "")
        if kind in ("radio", "checkbox"):
            choices.setdefault(name, []).append(value)
            kinds[name] = kind
        elif kind == "hidden":
            data.append((name, value))
        elif name == "plaats":
            data.append((name, rng.choice(PLACES) if rng.random() < 0.8 else ""))
        else:
            data.append((name, value))
    for name, values in choices.items():
        count = rng.randint(1, min(3, len(values))) if kinds[name] == "checkbox" else 1
        data += [(name, value) for value in rng.sample(values, count)]
    for name, options in form.selects.items():
        data.append((name, rng.choice(options) if name == "leeftijd" else options[0]))
    forward = [b for b in form.buttons if b[1] != "terug"]
    if forward and forward[-1][0]:
        data.append(forward[-1])
    return data


def redirected(response: Response, prefix: str, rec: Recorder) -> str:
    """Where a redirect points; a page that should have redirected but did not is a failure."""
    if response.status in (301, 302, 303) and response.location.startswith(prefix):
        return response.location
    raise rec.wrong_page(
        f"expected a redirect to {prefix}..., got {response.status} {response.location!r}"
    )


@dataclass
class Settings:
    host: str
    port: int
    think: tuple[float, float] = (3.0, 8.0)  # seconds between a child's steps (already scaled)
    poll_seconds: float = 5.0  # the teacher page refreshes its progress (htmx) this often


class Users:
    """Starts and stops virtual users; each runs until told to stop and then ends its current step."""

    def __init__(self, settings: Settings, recorder: Recorder, seed: int = 8) -> None:
        self.s, self.rec = settings, recorder
        self.rng = random.Random(seed)
        self.children: list[asyncio.Task] = []
        self.extra: set[asyncio.Task] = set()
        self.stopping = asyncio.Event()

    def client(self) -> Client:
        return Client(self.s.host, self.s.port, self.rec)

    async def think(self, factor: float = 1.0) -> None:
        self.rec.thinks += 1
        await self.pause(self.rng.uniform(*self.s.think) * factor)

    async def pause(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self.stopping.wait(), seconds)
        except TimeoutError:
            return
        raise Stopped

    # -- children at home: quiz after quiz, each followed by a look at some activities ------------

    def grow_children(self, count: int, spread: float) -> None:
        """Add looping children up to `count`; the new ones start spread over `spread` seconds."""
        while len(self.children) < count:
            delay = self.rng.uniform(0, spread)
            self.children.append(asyncio.create_task(self.child(delay)))

    async def child(self, delay: float) -> None:
        try:
            await self.pause(delay)
            while True:
                client = self.client()
                try:
                    await self.quiz(client, "/quiz/")
                except Failed:
                    self.rec.abandoned += 1
                finally:
                    await client.close()
                await self.think()
        except Stopped:
            return

    async def quiz(self, client: Client, entry: str) -> None:
        """Intro, every question, the about step, the result, then 1-3 activities."""
        page = await client.request("GET", entry, "quiz intro")
        form = read_form(page.text, entry, self.rec)
        for _step in range(40):
            await self.think()
            data = fill_quiz_form(form, self.rng)
            action = form.action or entry
            answer = await client.request("POST", action, "quiz step", data)
            if answer.status in (302, 303) and "/uitslag/" in answer.location:
                self.rec.finished_codes.add(answer.location.rstrip("/").rsplit("/", 1)[-1])
                await self.result(client, answer.location)
                return
            form = read_form(answer.text, action, self.rec)
        raise self.rec.wrong_page(f"the quiz at {entry} did not end in 40 steps")

    async def result(self, client: Client, path: str) -> None:
        page = await client.request("GET", path, "quiz result")
        self.rec.results_seen += 1
        links = list(dict.fromkeys(OPEN_LINK.findall(page.text)))
        for link in self.rng.sample(links, min(len(links), self.rng.randint(1, 3))):
            await self.think()
            opened = await client.request("POST", link, "open activity", {})
            detail = redirected(opened, "/activiteiten/", self.rec)
            await client.request("GET", detail, "activity detail")
        if self.rng.random() < 0.3:
            await self.think()
            query = urlencode({"plaats": self.rng.choice(PLACES)})
            await client.request("GET", f"/activiteiten/?{query}", "activity list")

    # -- a class: the teacher starts it, 20-30 pupils join within seconds ------------------------

    def start_class(self) -> None:
        task = asyncio.create_task(self.a_class())
        self.extra.add(task)
        task.add_done_callback(self.extra.discard)

    async def a_class(self) -> None:
        teacher = self.client()
        try:
            page = await teacher.request("GET", "/klas/nieuw/", "class start page")
            form = read_form(page.text, "/klas/nieuw/", self.rec)
            data = [(f["name"], f.get("value", "")) for f in form.inputs if f["name"] != "email"]
            data = [(k, v) for k, v in data if k not in ("school", "plaats")]
            if "csrftoken" in teacher.cookies and not any(
                k == "csrfmiddlewaretoken" for k, _ in data
            ):
                data.append(("csrfmiddlewaretoken", teacher.cookies["csrftoken"]))
            data += [("school", f"Loadtestschool {self.rng.randint(1, 999)}"),
                     ("groep", self.rng.choice(form.selects.get("groep", ["7"]))),
                     ("plaats", self.rng.choice(PLACES)), ("email", "")]  # fmt: skip
            started = await teacher.request(
                "POST", form.action or "/klas/nieuw/", "class start", data
            )
            teacher_path = redirected(started, "/klas/leraar/", self.rec)
            page = await teacher.request("GET", teacher_path, "teacher page")
            found = CLASS_CODE.search(page.text)
            if not found:
                raise self.rec.wrong_page("no class code on the teacher page")
            code = found.group(1).strip()
            self.rec.classes += 1
            pupils = [
                asyncio.create_task(self.pupil(code, self.rng.uniform(0, 4)))
                for _ in range(self.rng.randint(20, 30))
            ]
            polling = asyncio.create_task(self.poll(teacher, teacher_path))
            await asyncio.gather(*pupils, return_exceptions=True)
            polling.cancel()
            await asyncio.gather(polling, return_exceptions=True)
        except Failed:
            self.rec.abandoned += 1
        except Stopped:
            pass
        finally:
            await teacher.close()

    async def poll(self, teacher: Client, path: str) -> None:
        while True:
            await self.pause(self.s.poll_seconds)
            with contextlib.suppress(Failed):
                await teacher.request("GET", path, "teacher poll", headers={"HX-Request": "true"})

    async def pupil(self, code: str, delay: float) -> None:
        client = self.client()
        try:
            await self.pause(delay)
            self.rec.pupils += 1
            joined = await client.request(
                "GET", f"/klas/?{urlencode({'code': code})}", "class join"
            )
            await self.quiz(client, redirected(joined, "/klas/", self.rec))
        except Failed:
            self.rec.abandoned += 1
        except Stopped:
            pass
        finally:
            await client.close()

    async def stop_all(self) -> None:
        """Users stop at their next pause; requests under way are answered (or time out) first."""
        self.stopping.set()
        await asyncio.gather(*self.children, *self.extra, return_exceptions=True)
        self.children.clear()
