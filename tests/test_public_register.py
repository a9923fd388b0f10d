"""One register on the public STO region and keuzevakken pages: "je", never "u"/"uw", and no
internal doubts ("indeling nog niet bevestigd" is for the coordinator's admin only)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from electives.models import Module
from regions.models import MunicipalityRegion, STORegion
from tests import factories
from tests.factories import module

pytestmark = pytest.mark.django_db

FORMAL = re.compile(r"\b(u|uw|uzelf)\b", re.IGNORECASE)
SHOWN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "value"}


class VisibleText(HTMLParser):
    """Text a reader sees or hears: text nodes outside script/style/template, plus the
    attributes a screen reader speaks or a form shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "template"}:
            self.hidden += 1
        kind = dict(attrs).get("type")
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value and not (name == "value" and kind == "hidden"):
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "template"} and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def formal_words(html: str) -> list[str]:
    text = visible_text(html)
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in FORMAL.finditer(text)]


def test_the_check_finds_formal_words_and_leaves_other_words_alone():
    assert formal_words("<p>Kies wat bij uw leerlingen past.</p>") != []
    assert formal_words("<p>Weet U het?</p>") != []
    assert formal_words('<img alt="Uw school" src="/x.png">') != []
    assert formal_words("<p>Uur, museum, nu, duur.</p>") == []
    assert formal_words("<script>var u = 1;</script><p>Kies wat bij je past.</p>") == []


def public_pages(client) -> dict[str, str]:
    """Every public STO region page and keuzevakken page, with modules and filters filled in."""
    college = factories.provider("Techniekcollege Kampen", kind="mbo", place="Kampen")
    made = module("Scheepsbouw", owner=college, profiles="mat", levels="kader", place="Kampen")
    module("Verborgen concept", status=Module.Status.DRAFT)
    urls = ["/sto-regios/", "/keuzevakken/", made.get_absolute_url(),
            "/keuzevakken/?profiel=mat&niveau=gt&q=niets-dat-past",  # the "nothing found" text
            "/keuzevakken/?profiel=onzin"]  # fmt: skip
    urls += [region.get_absolute_url() for region in STORegion.objects.all()]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


def test_public_region_and_elective_pages_show_no_unconfirmed_placements(client):
    assert MunicipalityRegion.objects.filter(confirmed=False).exists()  # there are doubts to hide
    for url, html in public_pages(client).items():
        assert "nog niet bevestigd" not in visible_text(html).lower(), url


def test_public_region_and_elective_pages_say_je_not_u(client):
    for url, html in public_pages(client).items():
        assert formal_words(html) == [], url


def test_the_providers_keuzevakken_pages_say_je_not_u(client, django_user_model):
    org = factories.provider("Techniekcollege Kampen", kind="mbo", place="Kampen")
    client.force_login(factories.member(django_user_model, org, "p@example.org"))
    made = module("Scheepsbouw", owner=org, place="Kampen")
    for url in ["/keuzevakken/beheer/", f"/keuzevakken/beheer/{org.slug}/nieuw/",
                f"/keuzevakken/beheer/module/{made.slug}/"]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        assert formal_words(response.content.decode()) == [], url
    # and the answers to a bad form
    response = client.post(f"/keuzevakken/beheer/{org.slug}/nieuw/", {"actie": "publiceren"})
    assert response.status_code == 200
    assert formal_words(response.content.decode()) == []


def test_the_admin_still_shows_which_placements_are_unconfirmed(admin_client):
    body = admin_client.get("/beheer/regions/municipalityregion/").content.decode()
    assert "Hattem" in body and "bevestigd" in body
