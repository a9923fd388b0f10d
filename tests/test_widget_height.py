"""The widget's height follows its content: the widget page reports it, the snippet's host script applies it."""

import re
from html import unescape

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_widget_page_loads_its_height_script_and_nothing_inline(client):
    factories.activity("Bouw een brug", theme="bouwen", place="Kampen")
    for query in ({}, {"aantal": "1000"}):  # also the page that explains a bad filter
        html = client.get("/api/v1/widget/", query).content.decode()
        assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/js/widget.js" defer>']
        assert "</script>" in html and "<script>" not in html


def test_the_snippet_loads_the_host_script_from_our_origin_by_its_lasting_name(client):
    html = client.get("/api/v1/widget/maken/", {"thema": "bouwen"}).content.decode()
    snippet = unescape(re.search(r'<textarea id="snippet"[^>]*>(.*?)</textarea>', html, re.S)[1])
    iframe, script = snippet.splitlines()
    assert iframe.startswith('<iframe src="http://testserver/api/v1/widget/?thema=bouwen')
    assert 'height="640"' in iframe  # the height without the script
    # Unhashed: a hashed name would break on other sites after our next deploy.
    assert script == '<script src="http://testserver/static/js/widget-host.js" defer></script>'
    # The maker's own preview is sized by the same script.
    assert '<script src="/static/js/widget-host.js" defer></script>' in html
