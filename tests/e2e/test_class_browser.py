"""A teacher runs the quiz with a class in real Chromium: pupils join by code in their own browsers."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("SCREENSHOT_DIR", os.path.join(os.path.dirname(__file__), "screenshots"))


def pupil_takes_quiz(browser, base, code, outside):
    context = browser.new_context()
    page = context.new_page()
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(base)
            else (outside.append(route.request.url), route.fulfill(status=204))
        ),
    )
    page.goto(f"{base}/klas/")
    page.get_by_label("Typ de klascode van het bord").fill(code.lower())
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Start de quiz").click()
    page.get_by_label("Een hut").check()
    page.get_by_role("button", name="Laat mijn uitslag zien").click()
    expect(page.locator("h1")).to_contain_text("Jij bent een")
    assert context.cookies() == []
    context.close()


def test_a_teacher_runs_the_quiz_with_three_pupils(
    live_server, page, browser, outside_requests, settings
):
    settings.CLASS_POLL_SECONDS = 1
    factories.quiz(
        (
            "Wat bouw je liever?",
            "dit-of-dat",
            [("Een hut", {"bouwen": 2}), ("Een robot", {"robots-code": 2})],
        )
    )
    factories.theme_characters()
    factories.activity("Techles bouwen", theme="bouwen", place="Dalfsen", audience="school")

    page.goto(f"{live_server.url}/klas/nieuw/")
    page.get_by_label("Naam van de school").fill("De Vlieger")
    page.get_by_label("Groep").select_option("6")
    page.get_by_label("Plaats van de school").fill("Dalfsen")
    page.get_by_role("button", name="Maak een klascode").click()
    code = page.locator(".class-code").inner_text()
    expect(page.locator("#voortgang h2")).to_have_text("0 leerlingen zijn klaar")
    teacher_url = page.url
    axe = Axe().run(page)
    assert axe.violations_count == 0, axe.generate_report()

    outside: list[str] = []
    for _ in range(3):
        pupil_takes_quiz(page.context.browser, live_server.url, code, outside)
    expect(page.locator("#voortgang h2")).to_have_text("3 leerlingen zijn klaar", timeout=10_000)
    assert page.url == teacher_url  # updated by polling, not by a reload
    expect(page.locator(".class-chart-wait")).to_be_visible()
    expect(page.locator("#voortgang meter")).to_have_count(0)
    expect(page.locator("text=Techles bouwen")).to_be_visible()

    page.get_by_role("link", name="Print de kaartjes voor thuis").click()
    expect(page.locator(".take-home")).to_have_count(3)
    page.emulate_media(media="print")
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/class-cards-print.png", full_page=True)
    expect(page.locator("header.no-print")).to_be_hidden()
    assert outside_requests == [] and outside == []
    assert page.context.cookies() == []


def test_six_pupils_get_cards_that_match_their_screens(live_server, page, browser, settings):
    """Each pupil's last screen says "Jij hebt kaartje N" with a character and three activities;
    the teacher prints the cards and card N says the very same. The board counts along."""
    import re

    from catalogue.models import Theme
    from catalogue.places import find_place
    from classroom.services import class_session_start

    settings.CLASS_POLL_SECONDS = 1
    factories.quiz(
        ("Wat bouw je liever?", "dit-of-dat", [("Een hut", {"bouwen": 2}), ("Een robot", {"robots-code": 2})]),
        ("Wat nog meer?", "dit-of-dat", [("Een dijk", {"water": 3}), ("Een game", {"ontwerpen-media": 1})]),
    )  # fmt: skip
    Theme.objects.filter(slug="bouwen").update(character="Bouwer")
    Theme.objects.filter(slug="robots-code").update(character="Programmeur")
    Theme.objects.filter(slug="water").update(character="Dijkbewaker")
    for n, place in enumerate(["Dalfsen", "Nieuwleusen", "Zwolle", "Ommen", "Lemelerveld"]):
        for theme in ("bouwen", "robots-code", "water"):
            factories.activity(f"{theme} in {place}", theme=theme, place=place, days=(n + 2,))
    session = class_session_start(school="De Vlieger", groep=6, place=find_place("Dalfsen"))

    board = page.context.new_page()  # closed with the test's context, so it stops polling
    board.goto(f"{live_server.url}/klas/bord/{session.code}/")
    expect(board.locator(".board-code")).to_have_text(session.code)
    expect(board.locator("#bord-klaar")).to_have_text("0 leerlingen zijn klaar")

    screens = {}
    picks = [("Een hut", "Een dijk"), ("Een robot", "Een game"), ("Een hut", "Een game")] * 2
    for first, second in picks:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        pupil = context.new_page()
        pupil.goto(f"{live_server.url}/klas/?code={session.code}")
        pupil.get_by_role("button", name="Start de quiz").click()
        pupil.get_by_label(first).check()
        pupil.get_by_role("button", name="Volgende vraag").click()
        pupil.get_by_label(second).check()
        pupil.get_by_role("button", name="Laat mijn uitslag zien").click()
        number = int(pupil.locator(".class-number strong").inner_text())
        who = re.search(r"Jij bent een (\w+)!", pupil.locator("h1").inner_text()).group(1)
        titles = pupil.locator(".top-three .title-link").all_inner_texts()
        screens[number] = (who, titles)
        assert context.cookies() == []
        context.close()
    assert sorted(screens) == [1, 2, 3, 4, 5, 6]
    expect(board.locator("#bord-klaar")).to_have_text("6 leerlingen zijn klaar", timeout=10_000)

    page.goto(f"{live_server.url}{session.teacher_url()}kaartjes/")
    expect(page.locator(".take-home")).to_have_count(6)
    for card in page.locator(".take-home").all():
        number = int(card.locator(".card-number strong").inner_text())
        who = re.search(r"Ik ben een (\w+)!", card.locator("h2").inner_text()).group(1)
        titles = card.locator("li strong").all_inner_texts()
        assert (who, titles) == screens[number], number
        assert len(titles) == 3
