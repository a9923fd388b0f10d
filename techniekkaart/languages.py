"""Which language a request is in, and the same page in the other languages (issue 18).

The language lives in the address only: `/quiz/` is Dutch, `/en/quiz/` English (Django's
i18n_patterns with no prefix for Dutch). No cookie and no session remember it, so children's pages
still set no cookie, and a cached page is one address in one language. The open-data API has no
prefix: it answers in the language of `?lang=` or else the Accept-Language header, Dutch by
default.

Every page is offered in Dutch and English. The pages a child and a parent use (FAMILY_PAGES)
are offered in the region's parents' languages too; elsewhere those languages are not listed in
the menu, so nobody lands on a grown-ups' page that is half Dutch.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.encoding import escape_uri_path
from django.utils.translation import get_language_info
from django.utils.translation.trans_real import parse_accept_lang_header

DEFAULT = "nl"
ALL = ("nl", "en", "pl", "tr", "ar", "uk")
EVERYWHERE = ("nl", "en")  # every page, the admin included
# Url namespaces (or "namespace:name") of the pages a child and a parent read.
FAMILY_PAGES = frozenset({
    "public", "quiz", "classroom:join", "classroom:expired", "classroom:cards", "pages",
})  # fmt: skip


def from_path(path: str) -> str | None:
    """The language prefix of a path ('en' for /en/quiz/), None for an unprefixed (Dutch) path."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in ALL and first != DEFAULT else None


def for_api(request: HttpRequest) -> tuple[str, bool]:
    """The API's language: ?lang=, else the best Accept-Language match, else Dutch. The second value
    says whether the answer depends on the header (shared caches must then vary on it)."""
    asked = request.GET.get("lang", "")
    if asked:
        code = asked.lower().split("-")[0]
        return (code if code in ALL else DEFAULT), False
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    if not header:
        return DEFAULT, True  # another visitor's header would give another answer
    for code, _quality in parse_accept_lang_header(header):
        base = code.split("-")[0]
        if base in ALL:
            return base, True
        if code == "*":
            break
    return DEFAULT, True


def middleware(get_response: Callable[[HttpRequest], HttpResponse]):
    """Activates the request's language before anything resolves the address (LocaleMiddleware
    would also read a cookie and Accept-Language for unprefixed pages, which are always Dutch here)."""

    def language(request: HttpRequest) -> HttpResponse:
        code = from_path(request.path_info)
        varies = False
        if code is None and request.path_info.startswith("/api/"):
            code, varies = for_api(request)
        code = code or DEFAULT
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = get_response(request)
        if varies:
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", code)
        return response

    return language


def path_in(path: str, code: str) -> str:
    """The same address in another language (our paths are the same words in every language)."""
    current = from_path(path)
    rest = path[len(current) + 1 :] if current else path
    return rest if code == DEFAULT else f"/{code}{rest}"


@dataclass(frozen=True)
class Offered:
    code: str
    name: str  # in the language itself: "Nederlands", "English", "Polski", …
    path: str  # this page in that language (percent-encoded)
    home: str  # the home page in that language
    current: bool
    bidi: bool


def offered(request: HttpRequest) -> list[Offered]:
    """The languages this page comes in, each with the page's address in it."""
    match = getattr(request, "resolver_match", None)
    codes: tuple[str, ...] = EVERYWHERE
    if match is not None and (match.namespace in FAMILY_PAGES or match.view_name in FAMILY_PAGES):
        codes = ALL
    current = translation.get_language() or DEFAULT
    result = []
    for code in codes:
        info = get_language_info(code)
        result.append(
            Offered(
                code=code,
                name=info["name_local"][:1].upper() + info["name_local"][1:],
                path=escape_uri_path(path_in(request.path, code)),
                home=path_in("/", code),
                current=code == current,
                bidi=info["bidi"],
            )
        )
    return result


def context(request: HttpRequest) -> dict[str, object]:
    """For base.html: the language menu and the hreflang alternates (worked out only when used)."""
    # Cached: base.html reads it twice (the alternates in the head, the menu in the header).
    return {"page_languages": functools.cache(lambda: offered(request))}


def fallback_lang(obj: object, field: str, language: str | None = None) -> str:
    """'nl' where a translated database text (django-modeltranslation) shows its Dutch fallback on
    a page in another language, so the page can mark it lang="nl"; '' where it is in the page's
    language."""
    language = language or translation.get_language() or DEFAULT
    if language == DEFAULT or obj is None:
        return ""
    return "" if getattr(obj, f"{field}_{language}", None) else DEFAULT


# The source files of the children's and parents' pages: every text from these must be translated
# in every language (tests/test_translations.py); in English every text of the site must be.
FAMILY_SOURCES = re.compile(
    r"^(templates/(base|_language_menu|_form_fields|_map_script|4\d\d|4\d\d_\w+|5\d\d)\.html"
    r"|templates/(public|quiz|pages)/|templates/classroom/(join|expired|cards)\.html"
    r"|catalogue/(filters|models|dates|places|recommendations|phrases|calendar)\.py|catalogue/templatetags/"
    r"|quiz/|classroom/(forms|views)\.py|matching/|public/|techniekkaart/settings\.py)"
)
