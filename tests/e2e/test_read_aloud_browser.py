"""Read-aloud picks a voice for the page's language, and says so when the device has none (a fake speechSynthesis)."""

import json

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

FAKE_SPEECH = """
window.__spoken = [];
window.__voices = %s;
Object.defineProperty(window, "speechSynthesis", { configurable: true, value: {
  getVoices: function () { return window.__voices; },
  speak: function (u) { window.__spoken.push({ voice: u.voice && u.voice.name, lang: u.lang, text: u.text }); },
  cancel: function () {},
  addEventListener: function () {}, removeEventListener: function () {},
} });
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""
VOICES = [
    {"name": "Belgisch", "lang": "nl-BE", "localService": True},
    {"name": "Nederlands", "lang": "nl-NL", "localService": True},
    {"name": "English", "lang": "en-GB", "localService": True},
]


def first_question(live_server, page, voices, language=None):
    factories.quiz(("Wat bouw je liever?", "dit-of-dat", [("Een hut", {"bouwen": 2}), ("Een robot", {"robots-code": 2})]))  # fmt: skip
    page.add_init_script(FAKE_SPEECH % json.dumps(voices))
    page.goto(f"{live_server.url}/quiz/")
    page.get_by_role("button", name="Start de quiz").click()
    # The click navigates; wait for the first question's page before changing its language.
    expect(page.get_by_role("button", name="Lees voor")).to_be_visible()
    if language:
        page.evaluate("lang => { document.documentElement.lang = lang; }", language)
    page.get_by_role("button", name="Lees voor").click()


def test_a_dutch_page_reads_with_the_dutch_voice(live_server, page, outside_requests):
    first_question(live_server, page, VOICES)
    page.wait_for_function("window.__spoken.length === 1")
    spoken = page.evaluate("window.__spoken[0]")
    assert (spoken["voice"], spoken["lang"]) == ("Nederlands", "nl-NL")
    assert spoken["text"].startswith("Wat bouw je liever?")
    assert not outside_requests


def test_an_english_page_reads_with_an_english_voice(live_server, page):
    first_question(live_server, page, VOICES, language="en")
    page.wait_for_function("window.__spoken.length === 1")
    assert page.evaluate("window.__spoken[0].lang") == "en-GB"


def test_no_voice_for_the_language_says_so_and_reads_nothing(live_server, page):
    first_question(live_server, page, VOICES, language="ar")
    status = page.locator(".read-aloud-status")
    expect(status).to_have_text("Je apparaat kan deze taal niet voorlezen.")
    expect(status).to_have_attribute("aria-live", "polite")
    assert page.evaluate("window.__spoken") == []
