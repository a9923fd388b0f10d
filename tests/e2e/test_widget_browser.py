"""The widget on another site, in real Chromium: the snippet from /api/v1/widget/maken/ pasted into a host
page of another origin; the iframe takes the height of the widget's content, also when that changes, and
takes no height from anyone else.

The host page comes from a small server of the test's own at 127.0.0.1 on another port: another origin
on this machine, so nothing leaves it.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

CONTENT = "() => Math.ceil(document.documentElement.getBoundingClientRect().height)"
FRAME_HEIGHT = "() => document.querySelector('iframe').clientHeight"


class SchoolSite:
    """Another site on this machine (its own port, so its own origin) that shows one page: the snippet."""

    def __init__(self):
        self.html = b""
        site = self

        class Page(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(site.html)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/onze-school/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def school_site():
    site = SchoolSite()
    yield site
    site.close()


def host_page(page, school_site, snippet):
    """The school's page with the snippet pasted in; gives the widget's frame once loaded."""
    school_site.html = (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Onze school</title></head>'
        f"<body><h1>Techniek op onze school</h1>{snippet}<p>Onder de widget</p></body></html>"
    ).encode()
    page.goto(school_site.url)
    widget = page.locator("iframe").element_handle().content_frame()
    widget.wait_for_load_state()
    assert "/api/v1/widget/" in widget.url
    return widget


def settled(page, widget):
    """The frame's height once it has taken the content's (kept between 200 and 4000 pixels)."""
    height = min(4000, max(200, widget.evaluate(CONTENT)))
    page.wait_for_function(f"() => ({FRAME_HEIGHT})() === {height}")
    return height


def test_the_iframe_takes_the_height_of_the_widgets_content(
    live_server, page, outside_requests, school_site
):
    for n in range(4):
        factories.activity(f"Bouw een brug over de IJssel, deel {n + 1}", place="Kampen")
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(f"{live_server.url}/api/v1/widget/maken/?aantal=2")
    snippet = page.locator("#snippet").input_value()
    assert "widget-host.js" in snippet

    widget = host_page(page, school_site, snippet)
    few = settled(page, widget)
    assert 200 < few < 640  # two activities: shorter than the 640 pixels without the script
    assert page.locator("iframe").evaluate("f => f.style.height") == f"{few}px"

    page.set_viewport_size({"width": 320, "height": 900})  # a phone: the lines wrap, the list grows
    narrow = settled(page, widget)
    assert narrow > few
    # The widget fits: no scroll bar inside the frame.
    assert widget.evaluate("() => document.documentElement.scrollHeight") <= narrow
    assert outside_requests == []


def test_the_host_takes_a_height_only_from_the_widget_and_within_bounds(
    live_server, page, outside_requests, school_site
):
    factories.activity("Bouw een brug", place="Kampen")
    page.goto(f"{live_server.url}/api/v1/widget/maken/?aantal=1")
    widget = host_page(page, school_site, page.locator("#snippet").input_value())
    height = settled(page, widget)

    # The host page's own origin (or any other) cannot resize the widget; a second message shows
    # when the first was handled (messages arrive in order).
    page.evaluate(
        """() => new Promise(done => {
          addEventListener("message", e => { if (e.data === "klaar") done(); });
          postMessage({type: "techniekkaart-hoogte", height: 3000}, "*");
          postMessage("klaar", "*");
        })"""
    )
    assert page.evaluate(FRAME_HEIGHT) == height

    # From the widget itself: a height is kept between 200 and 4000 pixels; a non-number is ignored.
    send = 'h => parent.postMessage({type: "techniekkaart-hoogte", height: h}, "*")'
    widget.evaluate(send, 100000)
    page.wait_for_function(f"() => ({FRAME_HEIGHT})() === 4000")
    widget.evaluate(send, 3)
    page.wait_for_function(f"() => ({FRAME_HEIGHT})() === 200")
    widget.evaluate(send, "veel")
    widget.evaluate(send, 300)
    page.wait_for_function(f"() => ({FRAME_HEIGHT})() === 300")
    assert outside_requests == []
