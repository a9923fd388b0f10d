"""The W3C checker (as tests/test_html_valid.py) on the new coordinator pages in their filled
states, which the site-wide walk only reaches empty: the quarterly report with quarters and a text,
its text form with an error, the newsletter editor, its preview with a test mail sent and refused."""

# ruff: noqa: F811  (the tests take the imported "quarter" fixture as an argument)
from __future__ import annotations

import json
import subprocess

import pytest

from newsletter.models import Issue
from tests.test_html_valid import DJANGO_ADMIN_MESSAGES, JAVA, VNU
from tests.test_impact import Q1, quarter  # noqa: F401  (quarter: the hand-made 2025-K1)

pytestmark = pytest.mark.django_db
if not (VNU.exists() and JAVA):
    pytestmark = [pytestmark, pytest.mark.skip(reason="Java or vnu.jar missing (run make test)")]


def check(pages: dict[str, bytes], tmp_path) -> list[str]:
    files = {}
    for n, (label, content) in enumerate(sorted(pages.items())):
        (tmp_path / f"page-{n}.html").write_bytes(content)
        files[f"page-{n}.html"] = label
    run = subprocess.run(  # noqa: S603 (our own jar and files)
        [JAVA, "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json",
         *map(str, sorted(tmp_path.iterdir()))],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    return sorted(
        f"{files.get(str(m.get('url')).rsplit('/', 1)[-1])}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
        and not (
            files.get(str(m.get("url")).rsplit("/", 1)[-1], "").startswith("/beheer/")
            and m["message"].startswith(DJANGO_ADMIN_MESSAGES)
        )
    )


def test_the_new_coordinator_pages_are_valid_html(admin_client, quarter, tmp_path, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "newsletter-test": "1/3600"}
    note = f"/cijfers/rapport/{Q1.slug}/tekst/"
    admin_client.post(note, {"text": "Een goed kwartaal.\n\nMet <b>veel</b> nieuwe kinderen."})
    issue = Issue.objects.create(subject="Herfst", body_text="x", roles=["leraar"])
    preview = f"/beheer/newsletter/issue/{issue.pk}/voorbeeld/"
    pages: dict[str, bytes] = {}
    for url in ("/cijfers/rapport/", f"/cijfers/rapport/?periode={Q1.slug}", note, "/cijfers/",
                "/beheer/newsletter/issue/add/", f"/beheer/newsletter/issue/{issue.pk}/change/",
                preview, "/beheer/newsletter/issue/"):  # fmt: skip
        response = admin_client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content
    response = admin_client.post(note, {"text": "x" * 2000})
    assert response.status_code == 400
    pages[f"POST {note}"] = response.content
    response = admin_client.post("/beheer/newsletter/issue/add/", {"subject": "", "roles": []})
    pages["/beheer/newsletter/issue/add/ POST"] = response.content
    admin_client.post(preview)
    pages[f"{preview} sent"] = admin_client.get(preview).content
    pages[f"{preview} refused"] = admin_client.post(preview).content  # over the limit: 429
    assert check(pages, tmp_path) == []
