"""Every payload of the XSS corpus (tests/xss_payloads.py) in every text field, read back through the test
client on every page that shows it: no payload adds an element, an attribute or a script to the page
(tests.helpers.injected_parts reads the page the way a browser's tokenizer does, see Injected).

This checks every payload on every page; real Chromium (tests/e2e/test_xss_browser.py) checks a sample of
the same pages, that nothing runs, and what the map's JavaScript makes of the same data. The first test
shows the parser finds each payload shape when it is put into a page unescaped."""

import pytest

from tests import factories
from tests.helpers import injected_parts
from tests.xss_payloads import CALLS, SHAPES, payloads

pytestmark = pytest.mark.django_db

# Shapes that are plain text in HTML: they only matter inside a script, a template language or a URL,
# and the site has no inline script (injected_parts finds any) and no client-side templates.
INERT_IN_HTML = {
    "javascript:{c}",  # only as a URL: checked below as an href
    "{{{{constructor.constructor('{c}')()}}}}",
    "${{{c}}}",
    "\\u003cscript\\u003e{c}\\u003c/script\\u003e",
    "&lt;script&gt;{c}&lt;/script&gt;",
    "%3Cscript%3E{c}%3C%2Fscript%3E",
    "<scr<script>ipt>{c}</script>",  # the tag is called "scr<script" in a browser too
    "<scrİpt>{c}</scrİpt>",  # not ASCII: no script element
    "<![CDATA[<script>{c}</script>]]>",  # a bogus comment up to the first ">" in HTML
}


def unescaped(payload: str) -> list[str]:
    """What the payload adds when a page puts it in as is: as text, in either kind of quoted
    attribute, or as a link."""
    found = []
    for context in (
        "<p>{}</p>",
        '<p title="{}">x</p>',
        "<p title='{}'>x</p>",
        '<a href="{}">x</a>',
    ):
        page = "<main>" + context.format(payload) + '<p class="after"><a href="/x">y</a></p></main>'
        found += injected_parts(page)
    return found


def test_the_parser_finds_every_payload_shape_put_in_unescaped():
    for shape in SHAPES:
        for call in CALLS:
            payload = shape.format(c=call)
            if shape in INERT_IN_HTML and shape != "javascript:{c}":
                assert injected_parts(f"<p>{payload}</p>") == [], payload
            else:
                assert unescaped(payload), payload
    assert len(SHAPES) - len(INERT_IN_HTML) >= 60


def pages_with_findings(client, urls: list[str], **headers: str) -> dict[str, list[str]]:
    findings = {}
    for url in urls:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)
        assert "text/html" in response["Content-Type"], url
        found = injected_parts(response.content.decode())
        if found:
            findings[url] = found
    return findings


def test_no_payload_adds_anything_to_a_public_page(client, settings):
    settings.CATALOGUE_PAGE_SIZE = 500
    texts = payloads()
    assert len(set(texts)) >= 200
    world = factories.xss_public(texts)
    urls = world.urls()
    assert len(urls) == 3 + len(texts) + 20
    assert pages_with_findings(client, urls) == {}
    # The list as htmx asks for it when a filter changes: the same rows without the page around them.
    assert pages_with_findings(client, urls[1:3], HX_Request="true") == {}


def test_no_payload_adds_anything_to_the_portal_moderation_or_admin(client, django_user_model):
    world = factories.xss_private(payloads(), django_user_model)
    client.force_login(world.user)
    portal = world.portal_urls()
    assert len(portal) == 2 + 2 * 40
    for url in portal:
        assert "Inloggen voor aanbieders" not in client.get(url).content.decode(), url
    assert pages_with_findings(client, portal) == {}
    client.force_login(world.coordinator)
    assert pages_with_findings(client, world.coordinator_urls()) == {}
