"""Every text a child reads on the result page is measured for readability (issue 14).

Flesch-Douma, the Dutch Flesch formula (206.835 - 0.93 x words per sentence - 77 x syllables per word),
as textstat computes it with `set_lang("nl")`. Above 60 is "normal", above 70 "fairly easy", above 80
"easy". Theme names and job names are long Dutch compounds a child cannot avoid (elektronicamonteur), so
the thresholds hold per text and per theme, and the scores are printed (`pytest -s`) for the record.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
import textstat

from catalogue.models import Theme
from catalogue.places import find_place
from quiz.models import Result
from tests import factories

pytestmark = pytest.mark.django_db

DESCRIPTION_MIN = 60  # each theme's one-line explanation
JOBS_MIN = 65  # a theme's job lines read together
JOB_LINE_MIN = 55  # no single job line far below the rest
PHRASE_MIN = 50  # each heading or sentence of the result page itself
PAGE_MIN = 70  # the result page's own sentences together
REASONS_MIN = 65  # the "why" lines under the activities together
REASON_MIN = 40  # each one (a short line of fragments: "online" weighs heavily)

# Measured on 3 December 2026 before the rewrite (the texts of quiz/data/themes.json and
# catalogue/data/themes.csv as first loaded, and the old result page).
BEFORE = {
    "description": {
        "bouwen": 63.6, "maken": 70.4, "stroom": 51.2, "robots-code": 74.3, "vervoer": 49.6,
        "energie": 88.1, "water": 60.9, "boerderij-eten": 60.9, "proefjes": 49.6,
        "zorgtechniek": 48.1, "ontwerpen-media": 35.3,
    },
    "jobs": {
        "bouwen": 79.2, "maken": 59.6, "stroom": 57.4, "robots-code": 66.3, "vervoer": 67.5,
        "energie": 60.9, "water": 68.9, "boerderij-eten": 53.2, "proefjes": 53.6,
        "zorgtechniek": 44.9, "ontwerpen-media": 53.0,
    },
    "lowest job line": 9.6,  # "Een elektronicamonteur zet kleine onderdelen op printplaten, ..."
    "page": 88.5,  # but three identities and "Echte beroepen die hierbij passen" (48.2)
    "reason": 56.6,  # "past bij Programmeren & Robots · 1,1 km van Kampen · zaterdag 12 december"
}  # fmt: skip


def flesch_douma(text: str) -> float:
    textstat.set_lang("nl")
    return round(textstat.flesch_reading_ease(text), 1)


def sentence(text: str) -> str:
    """A heading or a reason line as one sentence: the formula counts sentences by their end."""
    text = " ".join(text.replace(" · ", ", ").split())
    return text if text.endswith((".", "!", "?", ":")) else text + "."


class ChildText(HTMLParser):
    """The result page's own sentences (headings, summaries, paragraphs outside the activity cards,
    the share box and the form) and the "why" lines of the cards."""

    SKIP = {
        "share",
        "qr",
        "share-url",
        "filters",
        "small",
        "town",
        "try-new-label",
        "visually-hidden",
    }

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool, bool]] = []  # tag, skipped, a "why" line
        self.phrases: list[str] = []
        self.reasons: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in {"img", "input", "br", "meta", "link", "option"}:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skipped = bool(classes & self.SKIP) or tag in {
            "article",
            "script",
            "form",
            "svg",
            "select",
            "header",
            "footer",
            "noscript",
        }
        outer = self.stack[-1] if self.stack else ("", False, False)
        self.stack.append((tag, outer[1] or skipped, outer[2] or "why" in classes))
        if tag in {"h1", "h2", "h3", "p", "summary", "li"}:
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            return
        _tag, skipped, why = self.stack.pop()
        text = " ".join("".join(self._text).split())
        if tag == "p" and why and text:
            self.reasons.append(text)
        elif tag in {"h1", "h2", "p", "summary"} and not skipped and text:
            self.phrases.append(text)

    def handle_data(self, data: str) -> None:
        if self.stack and not (self.stack[-1][1] and not self.stack[-1][2]):
            self._text.append(data)


def the_page(client) -> ChildText:
    questions = factories.quiz(
        ("Wat doe je liever?", "dit-of-dat", [("Een robot bouwen", {"robots-code": 2}), ("Een hut", {"bouwen": 2})]),
        ("Kies er drie", "kies-drie", [("Een game maken", {"robots-code": 1, "ontwerpen-media": 1}), ("Tekenen", {"ontwerpen-media": 1}), ("Lassen", {"maken": 1})]),
    )  # fmt: skip
    picks = [a for q in questions for a in q.answers.all() if a.text != "Een hut"]
    from quiz.services import quiz_result_save

    result: Result = quiz_result_save(answers=picks, age=9, place=find_place("Kampen"))
    factories.activity("Robotsumo", theme="robots-code", place="Kampen", days=(3,), price=0)
    factories.activity("Game maken", theme="ontwerpen-media", place="Zwolle", days=(10,))
    factories.activity("Lassen", theme="maken", place="IJsselmuiden", days=(20,))
    factories.activity("Code online", theme="robots-code", location_type="online", days=(5,))
    factories.activity("Dijkwerk", theme="water", place="Kampen", days=(4,))
    parser = ChildText()
    parser.feed(client.get(result.get_absolute_url()).content.decode())
    return parser


def test_theme_descriptions_read_easily():
    scores = {t.slug: flesch_douma(t.description) for t in Theme.objects.all()}
    print("\nFlesch-Douma, theme descriptions (before -> after):")
    for slug, score in scores.items():
        print(f"  {slug:16} {BEFORE['description'].get(slug, '-'):>5} -> {score}")
    assert {slug: s for slug, s in scores.items() if s < DESCRIPTION_MIN} == {}


def test_jobs_read_easily():
    print("\nFlesch-Douma, jobs per theme (before -> after, lowest line):")
    low = {}
    for theme in Theme.objects.all():
        together = flesch_douma(" ".join(theme.job_lines()))
        lines = {line: flesch_douma(line) for line in theme.job_lines()}
        lowest = min(lines.values())
        print(
            f"  {theme.slug:16} {BEFORE['jobs'].get(theme.slug, '-'):>5} -> {together}  ({lowest})"
        )
        if together < JOBS_MIN:
            low[theme.slug] = together
        low.update({line: s for line, s in lines.items() if s < JOB_LINE_MIN})
    assert low == {}


def test_the_result_page_and_its_reasons_read_easily(client):
    page = the_page(client)
    assert page.phrases[0].startswith("Jij bent een")
    assert len(page.reasons) == 5
    scores = {p: flesch_douma(sentence(p)) for p in page.phrases}
    whole = flesch_douma(" ".join(sentence(p) for p in page.phrases))
    reasons = {r: flesch_douma(sentence(r)) for r in page.reasons}
    together = flesch_douma(" ".join(sentence(r) for r in page.reasons))
    print(f"\nFlesch-Douma, result page: before {BEFORE['page']} -> after {whole}")
    for phrase, score in scores.items():
        print(f"  {score:6}  {phrase}")
    print(f"Flesch-Douma, reasons together: {together} (before: lowest line {BEFORE['reason']})")
    for reason, score in reasons.items():
        print(f"  {score:6}  {reason}")
    assert whole >= PAGE_MIN
    assert {p: s for p, s in scores.items() if s < PHRASE_MIN} == {}
    assert together >= REASONS_MIN
    assert {r: s for r, s in reasons.items() if s < REASON_MIN} == {}
