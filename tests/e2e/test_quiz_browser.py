"""A child does the whole quiz by keyboard alone in real Chromium; nothing leaves localhost, no cookies."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from quiz.models import Result
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("SCREENSHOT_DIR", os.path.join(os.path.dirname(__file__), "screenshots"))


def tab_to(page, selector, limit=60):
    """Press Tab until the focused element matches the selector (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def test_a_child_completes_the_quiz_by_keyboard(live_server, page, outside_requests):
    factories.quiz(
        ("Wat bouw je liever?", "dit-of-dat", [("Een hut", {"bouwen": 2}), ("Een robot", {"robots-code": 2})]),
        ("Kies er drie", "kies-drie", [("Brug", {"bouwen": 1}), ("Dijk", {"water": 2}), ("Koe", {"boerderij-eten": 2})]),
        ("Lijkt lassen je leuk?", "leuk", [("Ja!", {"maken": 2}), ("Een beetje", {"maken": 0.5}), ("Nee", {"proefjes": 0.5})]),
    )  # fmt: skip
    factories.theme_characters()
    factories.activity("Bouw een brug", theme="bouwen", place="IJsselmuiden", min_age=8, max_age=12)
    factories.activity("Dijken bouwen", theme="water", place="Kampen")

    page.goto(f"{live_server.url}/quiz/")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    for number in (1, 2, 3):
        expect(page.locator(".progress-label")).to_have_text(f"Vraag {number} van 3")
        tab_to(page, ".answer input")
        page.keyboard.press("Space")
        if number == 2:  # pick up to three: a second one
            page.keyboard.press("Tab")
            page.keyboard.press("Space")
        tab_to(page, "button[value=verder]")
        page.keyboard.press("Enter")

    expect(page.locator("h1")).to_contain_text("Nog twee dingen")
    tab_to(page, "#id_leeftijd")
    page.keyboard.type("9")
    tab_to(page, "#id_plaats")
    page.keyboard.type("Kampen")
    tab_to(page, "button[value=klaar]")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_contain_text("Jij bent een")
    result = Result.objects.get()
    assert page.url.endswith(f"/quiz/uitslag/{result.code}/")
    assert result.age == 9
    assert result.municipality == "Kampen"
    expect(page.locator("#aanraders .card .why").first).not_to_be_empty()
    expect(page.locator("#uitslag-kaart .leaflet-marker-icon").first).to_be_visible()

    axe = Axe().run(page)
    assert axe.violations_count == 0, axe.generate_report()
    assert outside_requests == []
    assert page.context.cookies() == []
    assert page.evaluate("() => localStorage.length + sessionStorage.length") == 0


def test_the_intro_question_and_about_pages_pass_axe(live_server, page, outside_requests):
    from quiz.models import Answer

    factories.quiz(
        ("Wat bouw je liever?", "dit-of-dat", [("Een hut", {"bouwen": 2}), ("Een robot", {"robots-code": 2})]),
    )  # fmt: skip
    Answer.objects.update(icon="1F528")
    page.goto(f"{live_server.url}/quiz/")
    for step in ("intro", "question", "about"):
        axe = Axe().run(page)
        assert axe.violations_count == 0, (step, axe.generate_report())
        if step == "intro":
            page.get_by_role("button", name="Start de quiz").click()
            icon = page.locator("fieldset.question img").first
            expect(icon).to_be_visible()
            assert icon.evaluate("img => img.naturalWidth") > 0, "the OpenMoji picture is served"
        elif step == "question":
            page.get_by_label("Een hut").check()
            page.get_by_role("button", name="Bijna klaar").click()
    assert outside_requests == []
    assert page.context.cookies() == []


def test_a_child_on_a_phone_gets_a_result_made_for_them(live_server, page, outside_requests):
    """390x844: a fourth tick is stopped, a place suggestion is tapped, one character with a
    picture, read-aloud, three activities first, and back from an activity to the result."""
    from catalogue.models import Theme

    factories.quiz(
        ("Wat bouw je liever?", "dit-of-dat", [("Een hut", {"bouwen": 2}), ("Een robot", {"robots-code": 2})]),
        ("Kies er drie", "kies-drie", [("Brug", {"bouwen": 1}), ("Dijk", {"water": 2}), ("Koe", {"boerderij-eten": 2}), ("Toren", {"bouwen": 2})]),
    )  # fmt: skip
    Theme.objects.filter(slug="bouwen").update(character="Bouwer")
    for n, place in enumerate(["Kampen", "IJsselmuiden", "Kampen", "Zwolle"]):
        factories.activity(f"Bouwen {n + 1}", theme="bouwen", place=place, days=(n + 2,))
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{live_server.url}/quiz/")
    page.get_by_role("button", name="Start de quiz").click()
    page.get_by_label("Een hut").check()
    page.get_by_role("button", name="Volgende vraag").click()
    for answer in ("Brug", "Dijk", "Toren"):
        page.get_by_label(answer).check()
    page.get_by_label("Koe").click()  # a fourth tick
    expect(page.get_by_label("Koe")).not_to_be_checked()
    expect(page.locator(".choice-limit")).to_have_text(
        "Je mag er maar drie kiezen. Haal eerst een vinkje weg."
    )
    page.get_by_role("button", name="Bijna klaar").click()

    page.get_by_label("Waar woon je?").fill("Kampn")
    page.get_by_role("button", name="Laat mijn uitslag zien").click()
    page.get_by_role("button", name="Kampen", exact=True).click()  # the suggestion, tapped

    expect(page.locator("h1")).to_have_text("Jij bent een Bouwer!")
    assert page.locator(".hero-picture").evaluate("img => img.naturalWidth") > 0
    expect(page.get_by_role("button", name="Lees voor")).to_be_visible()
    expect(page.locator(".top-three .card")).to_have_count(3)
    expect(page.locator("#r-plaats")).to_have_value("Kampen")
    expect(page.locator("details").first).not_to_have_attribute("open", "")
    axe = Axe().run(page)
    assert axe.violations_count == 0, axe.generate_report()
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/result-phone.png", full_page=True)

    result_url = page.url
    page.locator(".top-three .title-link").first.click()
    page.get_by_role("link", name="terug naar jouw uitslag").click()
    assert page.url.split("?")[0] == result_url.split("?")[0]
    assert outside_requests == []
    assert page.context.cookies() == []
    assert page.evaluate("() => localStorage.length + sessionStorage.length") == 0
