"""Every page validates as HTML with the W3C Nu checker (vnu.jar from the npm package vnu-jar,
installed by `make test`; needs Java). The pages are the same walk over the URL configuration as
tests/test_security_headers.py, as an anonymous visitor, a provider and a coordinator, plus forms
shown with their errors. All pages go to one checker run (the JVM starts once)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.helpers import fill, patterns

VNU = (
    Path(__file__).resolve().parent.parent
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)
JAVA = shutil.which("java")

pytestmark = pytest.mark.django_db

if not (VNU.exists() and JAVA):
    if os.environ.get("REQUIRE_BROWSER"):
        raise RuntimeError("The HTML checker needs Java and node_modules/vnu-jar: run `make test`")
    pytestmark = [pytestmark, pytest.mark.skip(reason="Java or vnu.jar missing (run make test)")]

# Django's own admin templates and widgets produce these; our pages may not. The admin is checked
# for everything else (our help texts, our admin templates).
DJANGO_ADMIN_MESSAGES = (
    "Element “option” without attribute “label” must not be empty.",
    "An “input” element with a “type” attribute whose value is “hidden” must not have any “aria-*” attributes.",
    "The first “option” element in a “select” element with a “required” attribute",
    "A “select” element with a “required” attribute, and without a “multiple” attribute",
    "Attribute “disabled” not allowed on element “div” at this point.",
    "An “img” element must have an “alt” attribute",  # django-otp's QR code in the admin
    "No “p” element in scope but a “p” end tag seen.",  # admin/auth/user/change_password.html
)

# Forms posted empty or with junk, so their error states are checked too.
POSTS = [
    ("/portaal/aanmelden/", {"email": "geen-adres", "place": "Wijhee", "password": "kort"}),
    ("/portaal/inloggen/", {"username": "x", "password": "y"}),
    ("/techniekpact/inloggen/", {"username": "x@example.org", "password": "y"}),
    ("/klas/nieuw/", {"school": "", "groep": "12"}),
    ("/klas/", {"code": "??"}),
    ("/nieuwsbrief/", {"email": "geen-adres"}),
    ("/quiz/", {"stap": "999"}),
]


def test_every_page_is_valid_html(walk_world, tmp_path):
    pages: dict[str, str] = {}
    routes = list(patterns())
    for user in walk_world["users"]:
        client = Client(raise_request_exception=False)
        if user:
            client.force_login(user)
        for route, name in routes:
            if name.startswith("admin:") and user is None:
                continue
            url = fill(route, walk_world["samples"])
            response = client.get(url)
            if response.get("Content-Type", "").startswith("text/html") and response.content:
                pages.setdefault(f"{url} [{name}, {response.status_code}]", response.content)
    client = Client(raise_request_exception=False)
    for url, data in POSTS:
        response = client.post(url, data)
        if response.get("Content-Type", "").startswith("text/html") and response.content:
            pages[f"POST {url} [{response.status_code}]"] = response.content
    files = {}
    for n, (label, content) in enumerate(sorted(pages.items())):
        path = tmp_path / f"page-{n}.html"
        path.write_bytes(content)
        files[path.name] = label
    assert len(files) > 60
    run = subprocess.run(  # noqa: S603 (our own jar and files)
        [
            JAVA,
            "-Xss4m",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            *map(str, sorted(tmp_path.iterdir())),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    problems = sorted(
        f"{files.get(str(m.get('url')).rsplit('/', 1)[-1], m.get('url'))} line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
        and not (
            files.get(str(m.get("url")).rsplit("/", 1)[-1], "").startswith("/beheer/")
            and m["message"].startswith(DJANGO_ADMIN_MESSAGES)
        )
    )
    assert problems == [], "\n".join(problems)
