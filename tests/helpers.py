"""Test helpers that several modules share and that build no data (builders are in tests/factories.py):
walking every URL pattern of the site, finding what would run in a piece of HTML or a whole page, and a
worker's own client for the shared Redis."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from django.urls import LocalePrefixPattern, URLPattern, URLResolver, get_resolver

# Walking the site -----------------------------------------------------------------------------------------


def app_resolvers() -> Iterator[URLResolver | URLPattern]:
    """The site's top-level URL entries, with the ones inside i18n_patterns (the language prefix)
    listed as if they stood at the top."""
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern):
            yield from entry.url_patterns
        else:
            yield entry


def patterns(resolver=None, prefix="", namespace="") -> Iterator[tuple[str, str]]:
    """(route, namespaced name) of every URL pattern, read from the URL configuration."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace + (entry.name or "")


def admin_object(route: str) -> str | None:
    """The pk of a real row for an admin object URL (beheer/<app>/<model>/<id>/...)."""
    from django.apps import apps

    parts = route.lstrip("^").split("/")
    if len(parts) > 3 and parts[0] == "beheer" and ("object_id" in route or ":pk>" in route):
        try:
            model = apps.get_model(parts[1], parts[2].lstrip("^"))
        except LookupError:
            return None
        first = model._default_manager.order_by("pk").first()
        return str(first.pk) if first else None
    return None


def fill(route: str, samples: dict[str, str]) -> str:
    """A URL for `route` with its parameters taken from `samples` ("1" for the rest)."""
    found = admin_object(route)
    if found:
        samples = {**samples, "object_id": found, "pk": found}
    route = route.lstrip("^").rstrip("$").replace("\\Z", "")
    route = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: samples.get(m.group(2), "1"), route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: samples.get(m.group(1), "1"), route)
    return "/" + route.replace("\\", "")


# What would run -------------------------------------------------------------------------------------------


class Unsafe(HTMLParser):
    """Collects what would run in a browser: script elements, on* attributes, javascript: URLs."""

    URL_ATTRIBUTES = {
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "srcdoc",
        "xlink:href",
        "poster",
    }

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in {"script", "iframe", "object", "embed", "svg", "math", "style", "base"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in self.URL_ATTRIBUTES and value:
                squashed = "".join(value.split()).lower()
                if squashed.startswith(("javascript:", "vbscript:", "data:text")):
                    self.found.append(f"{tag}[{name}={value}]")

    handle_startendtag = handle_starttag


def unsafe_parts(html: str) -> list[str]:
    """What would run in a fragment of sanitised HTML (a news item, an about page): no script, frame,
    svg, math, style or base element at all."""
    parser = Unsafe()
    parser.feed(html)
    parser.close()
    return parser.found


class Injected(HTMLParser):
    """What text put into one of our pages could have added to it: an element or attribute that runs
    script, loads from elsewhere or changes where the page's links go.

    Our own templates use none of these (inline scripts only as JSON-LD, scripts only from our own
    origin), so every finding is an injection. Elements whose content a browser reads as plain text
    (noscript with scripting on, xmp, iframe, noembed, noframes) are read as text here too: a payload
    that closes one early and opens a tag after it is found."""

    CDATA_CONTENT_ELEMENTS = ("script", "style", "noscript", "xmp", "iframe", "noembed", "noframes")
    NEVER = {
        "applet", "embed", "frame", "frameset", "isindex", "keygen", "marquee", "math", "noembed",
        "noframes", "object", "plaintext", "style", "template", "xmp",
    }  # fmt: skip
    URL_ATTRIBUTES = {
        "action", "background", "cite", "codebase", "data", "dynsrc", "formaction", "href", "icon",
        "longdesc", "lowsrc", "manifest", "ping", "poster", "src", "srcset", "usemap", "xlink:href",
    }  # fmt: skip
    LOADS = {"src", "srcset", "data", "background", "poster", "lowsrc", "dynsrc"}
    SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
    IMAGES = ("data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: tuple[str, list[str]] | None = None  # (type, inline text) while inside one

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in self.NEVER:
            self.found.append(f"<{tag}>")
        for name, value in values.items():
            self._check_attribute(tag, name, value)
        if tag == "base" and "href" in values:
            self.found.append(f"<base href={values['href']!r}>")
        if tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        if tag == "link" and "import" in values.get("rel", "").lower().split():
            self.found.append("<link rel=import>")
        if tag == "script":
            if "src" in values and not _own_path(values["src"]):
                self.found.append(f"<script src={values['src']!r}>")
            self._script = (values.get("type", "").strip().lower(), [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            kind, parts = self._script
            self._check_script(kind, "".join(parts))
            self._script = None

    def close(self) -> None:
        super().close()
        if self._script is not None:  # a script left open swallows the rest of the page
            self.found.append("<script> never closed")

    def _check_attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on"):
            self.found.append(f"{tag}[{name}]")
        elif name == "srcdoc":
            self.found.append(f"{tag}[srcdoc]")
        elif name == "style" and re.search(r"javascript:|expression\(", _squashed(value)):
            self.found.append(f"{tag}[style={value!r}]")
        elif name in self.URL_ATTRIBUTES:
            urls = (
                [c.split()[0] for c in value.split(",") if c.split()]
                if name == "srcset"
                else [value]
            )
            for url in urls:
                bare = _squashed(url)
                if bare.startswith(self.SCHEMES) and not bare.startswith(self.IMAGES):
                    self.found.append(f"{tag}[{name}={value!r}]")
                elif name in self.LOADS and not (
                    _own_path(url.strip()) or bare.startswith(self.IMAGES)
                ):
                    self.found.append(f"{tag}[{name}={value!r}] loads from elsewhere")

    def _check_script(self, kind: str, text: str) -> None:
        if not text.strip():
            return
        if kind != "application/ld+json":
            self.found.append(f"inline <script type={kind!r}>")
            return
        try:
            json.loads(text)
        except ValueError:
            self.found.append("JSON-LD that is not JSON (cut short by markup?)")


def _squashed(value: str) -> str:
    """Lower case without the white space and control characters a browser skips in a URL."""
    return re.sub(r"[\s\x00-\x1f]", "", value).lower()


def _own_path(url: str) -> bool:
    """A URL on this site: an absolute path (not //host/...)."""
    return url.startswith("/") and not url.startswith("//")


def injected_parts(page: str) -> list[str]:
    """What text put into a whole page of ours added that could run script (see Injected)."""
    parser = Injected()
    parser.feed(page)
    parser.close()
    return parser.found


def worker_cache():
    """What one gunicorn worker has: its own client for the shared Redis (TEST_REDIS_URL)."""
    from django.core.cache.backends.redis import RedisCache

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    return RedisCache(url, {"KEY_PREFIX": "tk-test", "OPTIONS": {"socket_connect_timeout": 1}})
