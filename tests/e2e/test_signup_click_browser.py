"""The sign-up button in real Chromium: a same-site post that counts once, then the browser goes on
to the provider's site. Browsers check CSP form-action on the redirect after a form post, so the
page allows exactly that one destination (public.views._signup_destinations)."""

import pytest

from catalogue.models import DailyCount
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
# The provider's site: another origin on this machine where nothing listens, so nothing leaves it
# (Playwright's routes do not see the request a redirect leads to).
PROVIDER = "http://127.0.0.1:9"


@pytest.fixture
def browser_context_args(browser_context_args):
    """Headless Chromium says "HeadlessChrome", which the figures rightly skip as a bot."""
    agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"
    return {**browser_context_args, "user_agent": agent}


def test_the_signup_button_counts_once_and_reaches_the_provider(live_server, page, page_cache):
    # with the page cache on, as in production: from the second tab on the page comes as a 304
    act = factories.activity(signup_method="link", signup_url=PROVIDER + "/inschrijven?id=7")
    violations = []
    for _ in range(3):  # a fresh tab each time: the unreachable provider ends in an error page
        tab = page.context.new_page()
        tab.on(
            "console", lambda m: "Content Security Policy" in m.text and violations.append(m.text)
        )
        tab.goto(f"{live_server.url}{act.get_absolute_url()}")
        with tab.expect_request(PROVIDER + "/**", timeout=10_000):
            tab.get_by_role("button", name="Aanmelden op de website").click()
        tab.close()
    assert violations == []
    assert DailyCount.objects.get(activity=act).signup_clicks == 1
    assert page.context.cookies() == []
