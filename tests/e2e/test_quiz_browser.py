"""A child does the whole quiz by keyboard alone in real Chromium; nothing leaves localhost, no cookies."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from quiz.models import Result
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


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
    expect(page.locator("#aanraders .card").first).to_contain_text("past bij")
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
