"""A child does the shipped quiz in English and in Arabic on a phone (issue 18): every visible text
is in that language (provider texts excepted, marked lang="nl"), Arabic right to left, axe clean,
no cookies, nothing leaves localhost. Screenshots of each step go to SCREENSHOT_DIR."""

from __future__ import annotations

import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from quiz.models import Question, Result
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("SCREENSHOT_DIR", os.path.join(os.path.dirname(__file__), "screenshots"))
PHONE = {"width": 390, "height": 844}

# Words that are Dutch and not English (nor names here): one of them in a visible text of an
# English or Arabic page means a text was not translated.
DUTCH = {
    "het", "een", "je", "jij", "jouw", "van", "voor", "niet", "wat", "naar", "met", "zijn", "ook",
    "bij", "kies", "vraag", "volgende", "terug", "klaar", "leeftijd", "plaats", "uitslag",
    "activiteiten", "activiteit", "bekijk", "meer", "hoe", "waar", "wanneer", "jaar", "lees",
    "welke", "leuk", "maken", "bouwen", "samen", "kinderen", "dichtbij", "zoeken",
}  # fmt: skip

VISIBLE_TEXTS = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement;
    const text = node.textContent.trim();
    if (!text || !element || !element.checkVisibility()) continue;
    if (element.closest("script, style, .language-menu")) continue;
    const lang = element.closest("[lang]").getAttribute("lang");
    texts.push([lang, text]);
  }
  for (const element of document.querySelectorAll("[aria-label], img[alt], [placeholder]")) {
    const lang = element.closest("[lang]").getAttribute("lang");
    for (const name of ["aria-label", "alt", "placeholder"]) {
      const value = (element.getAttribute(name) || "").trim();
      if (value && element.checkVisibility()) texts.push([lang, value]);
    }
  }
  return texts;
}"""


def untranslated(page, code: str) -> list[str]:
    found = []
    for lang, text in page.evaluate(VISIBLE_TEXTS):
        if lang == "nl" or re.fullmatch(r"https?://\S+", text):
            continue  # a provider's own text, marked as Dutch; an address
        assert lang == code, (lang, text)
        words = set(re.findall(r"[a-zà-ÿ]+", text.lower()))
        if words & DUTCH:
            found.append(text)
    return found


def check(page, code: str, outside_requests, step: str) -> None:
    direction = "rtl" if code == "ar" else "ltr"
    assert page.locator("html").get_attribute("lang") == code
    assert page.locator("html").get_attribute("dir") == direction
    left = untranslated(page, code)
    assert left == [], f"{step}: {left}"
    axe = Axe().run(page)
    assert axe.violations_count == 0, (step, axe.generate_report())
    assert outside_requests == []
    assert page.context.cookies() == []
    page.screenshot(path=os.path.join(SHOTS, f"quiz-{code}-{step}.png"), full_page=True)


@pytest.mark.parametrize(
    ("code", "start", "done"), [("en", "Start", "You are"), ("ar", "ابدأ", "")]
)
def test_a_child_does_the_quiz_in_another_language_on_a_phone(
    live_server, page, outside_requests, code, start, done
):
    factories.migration_data()
    factories.activity("Bruggen bouwen", theme="bouwen", place="Kampen")
    factories.activity("Robots programmeren", theme="robots-code", place="Zwolle")
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/{code}/quiz/")
    check(page, code, outside_requests, "intro")
    page.locator("form button[type=submit]").first.click()

    total = Question.objects.filter(active=True).count()
    for number in range(1, total + 1):
        expect(page.locator("progress")).to_have_attribute("value", str(number))
        if number == 1:
            check(page, code, outside_requests, "question")
        page.locator(".answer").first.click()
        page.locator("button[value=verder]").click()

    expect(page.locator("#id_leeftijd")).to_be_visible()
    check(page, code, outside_requests, "about")
    page.locator("#id_leeftijd").select_option("10")
    page.locator("#id_plaats").fill("Kampen")
    page.locator("button[value=klaar]").click()

    expect(page.locator("h1#wie")).to_be_visible()
    result = Result.objects.get()
    assert page.url.endswith(f"/{code}/quiz/uitslag/{result.code}/")
    if done:
        expect(page.locator("h1#wie")).to_contain_text(done)
    assert page.locator("[lang=nl]").count() >= 1  # the activities' own titles
    check(page, code, outside_requests, "result")

    page.goto(f"{live_server.url}/{code}/quiz/uitslag/{result.code}/print/")
    check(page, code, outside_requests, "print")
