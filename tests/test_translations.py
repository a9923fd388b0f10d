"""The translation catalogues are complete and compiled (issue 18).

- every text in the code is in the catalogues (`make messages` would add nothing new);
- each catalogue compiles (msgfmt --check) and the committed .mo says what its .po says;
- English has every text translated, and every language has every text of the children's and
  parents' pages (techniekkaart.languages.FAMILY_SOURCES); nothing is fuzzy anywhere;
- the quiz, theme and page texts that ship with the site (locale/content) are translated for
  every language, and each translation still belongs to a Dutch text the site has.

The Dutch catalogue (locale/nl) only holds Dutch for texts of Django and django-axes, whose
message ids are English: it is kept by hand and not part of these checks.
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from catalogue.models import Theme
from pages.models import Page
from quiz.models import Answer, Question
from techniekkaart import content_translations
from techniekkaart.languages import ALL, DEFAULT, FAMILY_SOURCES

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code in ALL if code != DEFAULT]
HAVE_GETTEXT = shutil.which("xgettext") is not None and shutil.which("msgfmt") is not None
needs_gettext = pytest.mark.skipif(
    not HAVE_GETTEXT and not os.environ.get("REQUIRE_BROWSER"),
    reason="gettext is not installed (apt-get install gettext); CI installs it",
)


def catalogue(code: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po"))


def key(entry: polib.POEntry) -> tuple[str | None, str, str]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def texts(po: polib.POFile) -> set[tuple[str | None, str, str]]:
    return {key(e) for e in po if not e.obsolete and e.msgid}


def is_family(entry: polib.POEntry) -> bool:
    return any(FAMILY_SOURCES.match(path) for path, _line in entry.occurrences)


@needs_gettext
def test_make_messages_would_add_nothing(tmp_path, settings, monkeypatch):
    """Runs Django's makemessages for English into a scratch folder and compares the texts found.

    makemessages writes into any folder named locale it walks past (ours too), so it walks a
    folder of links to the source folders instead, and writes to LOCALE_PATHS there."""
    source, out = tmp_path / "source", tmp_path / "locale-out"
    source.mkdir()
    (out / "en" / "LC_MESSAGES").mkdir(parents=True)
    skip = {"locale", "tests", "bench", "node_modules", "staticfiles", "media", "backups"}
    for path in Path(settings.BASE_DIR).iterdir():
        if path.is_dir() and not path.name.startswith(".") and path.name not in skip:
            (source / path.name).symlink_to(path)
    monkeypatch.chdir(source)
    settings.LOCALE_PATHS = [out]
    call_command(
        "makemessages", locale=["en"], add_location="file", no_obsolete=True, symlinks=True,
        verbosity=0,
    )  # fmt: skip
    found = texts(polib.pofile(str(out / "en" / "LC_MESSAGES" / "django.po")))
    committed = texts(catalogue("en"))
    new = sorted(m for _c, m, _p in found - committed)
    gone = sorted(m for _c, m, _p in committed - found)
    assert not new, f"run `make messages` and translate: {new[:10]}"
    assert not gone, f"run `make messages`: texts no longer in the code: {gone[:10]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_catalogue_holds_the_same_texts(code):
    assert texts(catalogue(code)) == texts(catalogue("en")), "run `make messages`"


@needs_gettext
@pytest.mark.parametrize("code", TRANSLATED)
def test_each_catalogue_compiles_and_the_committed_mo_matches_it(code):
    po_path = LOCALE / code / "LC_MESSAGES" / "django.po"
    msgfmt = shutil.which("msgfmt")
    assert msgfmt
    check = subprocess.run(  # noqa: S603 (our own file, a fixed program)
        [msgfmt, "--check", "-o", os.devnull, str(po_path)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    with open(po_path.with_suffix(".mo"), "rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    for entry in catalogue(code).translated_entries():
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            want = {(msgid, int(n)): text for n, text in entry.msgstr_plural.items()}
            got = {k: compiled.get(k) for k in want}
        else:
            want, got = entry.msgstr, compiled.get(msgid)
        assert got == want, f"{code}: .mo is older than .po for {entry.msgid!r}: `make messages`"


@pytest.mark.parametrize("code", TRANSLATED)
def test_nothing_is_fuzzy_or_untranslated_where_it_must_be_translated(code):
    po = catalogue(code)
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags and e.msgid]
    assert not fuzzy, f"{code}: fuzzy entries: {fuzzy[:10]}"
    missing = [
        e.msgid for e in po.untranslated_entries() if e.msgid and (code == "en" or is_family(e))
    ]
    assert not missing, f"{code}: untranslated: {missing[:10]}"


def test_the_family_sources_cover_the_quiz_and_the_error_pages():
    for path in [
        "templates/quiz/question.html", "templates/base.html", "templates/500.html",
        "templates/public/home.html", "templates/classroom/join.html", "matching/reasons.py",
        "catalogue/filters.py", "templates/_language_menu.html",
    ]:  # fmt: skip
        assert FAMILY_SOURCES.match(path), path
    for path in ["templates/portal/dashboard.html", "moderation/services.py"]:
        assert not FAMILY_SOURCES.match(path), path


SHIPPED = [
    (Theme, ("name", "description", "character", "jobs")),
    (Question, ("text",)),
    (Answer, ("text",)),
]


@pytest.mark.django_db
@pytest.mark.parametrize("code", TRANSLATED)
def test_the_shipped_quiz_and_theme_texts_are_translated(code):
    """After the migrations, every theme, question and answer text is filled in each language."""
    for model, fields in SHIPPED:
        for obj in model.objects.all():
            for field in fields:
                if getattr(obj, f"{field}_nl"):
                    assert getattr(obj, f"{field}_{code}"), f"{model.__name__} {obj.pk} {field}"


@pytest.mark.django_db
def test_the_shipped_pages_are_in_english():
    for page in Page.objects.all():
        assert page.title_en and page.body_en, page.slug


@pytest.mark.django_db
def test_every_content_translation_belongs_to_a_dutch_text_the_site_has():
    dutch = set()
    for (app, name), fields in content_translations.FIELDS.items():
        for obj in apps.get_model(app, name).objects.all():
            dutch.update(getattr(obj, f"{field}_nl") or "" for field in fields)
    for code, by_dutch in content_translations.translations().items():
        assert code in TRANSLATED
        stale = [text[:60] for text in by_dutch if text not in dutch]
        assert not stale, f"{code}: translations of Dutch texts the site no longer has: {stale}"
