"""Pages that are the same for everyone at the same point except for one slot (issue 17).

A quiz step is a post, so the page cache (techniekkaart/pagecache.py) never keeps it; yet every
child at question 7 with nothing ticked gets the same page, apart from the hidden fields that
carry their own answers and start token. `render` renders such a page once per key in each
process with a marker in the slot, keeps the text around the marker in the process's fragment
cache (settings.CACHES["fragments"], as base.html's header and footer), and fills in each
visitor's own slot value; the response is the same, byte for byte, as a render of its own.

The key is the template, the address (scheme, host, path, query), the language and every context value (by its repr), plus a
version the caller gives for what the reprs do not show (the quiz's questions). Rendered anew,
and not kept, when the visitor sends a cookie (logged in, a form's CSRF cookie, a language
chosen), or the render used a CSP nonce or a CSRF token (those are per response).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

# Unguessable, so no text from the database can contain it.
MARKER = SafeString(f"<!--slot-{secrets.token_hex(16)}-->")
SECONDS = 3600


def around(render: Callable[[SafeString], object]) -> tuple[str, ...]:
    """The text `render(MARKER)` gives, cut at the marker: `value.join(parts)` is that text with
    `value` (escaped already) in the marker's place. For parts rendered once and filled in per
    use (a card's distance or button address, the language menu's paths)."""
    return tuple(str(render(MARKER)).split(MARKER))


def render(
    request: HttpRequest,
    template_name: str,
    context: dict[str, Any],
    *,
    slot: str,
    value: str,
    version: str | None,
) -> HttpResponse:
    """The page `template_name` with `context`, its `slot` variable filled with `value` (HTML,
    already escaped: format_html_join's output). `version`: what else the page depends on; None
    renders without keeping."""
    memo = caches["fragments"]
    key = (
        "" if version is None or request.COOKIES else _key(request, template_name, context, version)
    )
    parts = memo.get(key) if key else None
    if parts is None:
        parts = around(
            lambda marker: render_to_string(template_name, {**context, slot: marker}, request)
        )
        if key and _shared(request):
            memo.set(key, parts, SECONDS)
    return HttpResponse(value.join(parts))


def _key(request: HttpRequest, template_name: str, context: dict[str, Any], version: str) -> str:
    values = repr(sorted(context.items()))
    # The whole address: base.html's language menu repeats the query, its alternates the host.
    address = request.build_absolute_uri()
    raw = "\n".join([template_name, address, get_language() or "", version, values])
    return "slotted:" + hashlib.sha256(raw.encode()).hexdigest()


def _shared(request: HttpRequest) -> bool:
    """Nothing of this response's own went into the text: no CSP nonce, no CSRF token."""
    return not isinstance(getattr(request, "_csp_nonce", None), str) and not request.META.get(
        "CSRF_COOKIE_USED"
    )
