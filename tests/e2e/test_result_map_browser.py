"""The quiz on a phone in real Chromium: close-by pins on the result map are one cluster (no overlapping
tap targets), and the empty "Kies er drie" message takes no room."""

import pytest
from playwright.sync_api import expect

from catalogue.places import find_place
from quiz.models import Result
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

SPACE = """el => { const s = getComputedStyle(el);
  return el.getBoundingClientRect().height + parseFloat(s.marginTop) + parseFloat(s.marginBottom); }"""


def test_close_by_activities_share_one_cluster_on_the_result_map(
    live_server, page, outside_requests
):
    kampen = find_place("Kampen")
    owner = factories.provider(place="Kampen")
    for n in range(
        2
    ):  # two venues about 100 m apart: their pins would overlap at any zoom the map opens
        spot = factories.venue(owner, "Kampen", lat=kampen.lat + n * 0.0009, lon=kampen.lon)
        factories.activity(
            f"Bouwen {n + 1}", theme="bouwen", place="Kampen", owner=owner, venue=spot
        )
    result = Result.objects.create(
        profile={"bouwen": 1.0}, age=9, pc4="8261", municipality="Kampen"
    )
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{live_server.url}{result.get_absolute_url()}")
    # Leaflet is fetched only when the map nears the screen (a phone's first screen does not wait).
    assert page.evaluate("typeof L") == "undefined"
    page.locator("#uitslag-kaart").scroll_into_view_if_needed()
    cluster = page.locator("#uitslag-kaart .marker-cluster")
    expect(cluster).to_have_count(1)
    # While the map settles, markercluster may briefly draw the old icon beside the new one, or
    # swap it between two looks: wait for one cluster of two, at least 24 px square (WCAG 2.5.8
    # target size); the wait fails the test if that never holds.
    page.wait_for_function(
        """() => {
            const found = document.querySelectorAll("#uitslag-kaart .marker-cluster");
            if (found.length !== 1 || found[0].textContent.trim() !== "2") return false;
            const box = found[0].getBoundingClientRect();
            return box.width >= 24 && box.height >= 24;
        }""",
        timeout=10_000,
    )
    assert outside_requests == []


def test_the_empty_choice_message_takes_no_room_and_shows_on_a_fourth_tick(
    live_server, page, outside_requests
):
    factories.quiz(
        ("Kies er drie", "kies-drie", [("Brug", {"bouwen": 1}), ("Dijk", {"water": 2}), ("Koe", {"boerderij-eten": 2}), ("Toren", {"bouwen": 2})]),
    )  # fmt: skip
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/quiz/")
    page.get_by_role("button", name="Start de quiz").click()
    page.wait_for_load_state()  # the question's page with its stylesheet, not the intro
    message = page.locator(".choice-limit")
    assert message.evaluate(SPACE) == 0
    expect(message).to_have_attribute("aria-live", "assertive")  # still a live region when empty

    for answer in ("Brug", "Dijk", "Toren"):
        page.get_by_label(answer).check()
    page.get_by_label("Koe").click()
    expect(message).to_have_text("Je mag er maar drie kiezen. Haal eerst een vinkje weg.")
    assert message.evaluate(SPACE) > 0
    page.get_by_label("Brug").uncheck()
    expect(message).to_be_empty()
    assert message.evaluate(SPACE) == 0
    assert outside_requests == []
