"""What a child's result shows: one character, why, the activities, and where the theme leads later.

The pupil's screen in a class and the take-home card both ask `shown_for()`, so they can never disagree
(the card used to ask the recommender with its own radius, limit and place, and showed other activities).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.http import HttpRequest
from django.template import Context, engines
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from catalogue import presenters
from catalogue.models import Activity, Provider, Theme
from catalogue.phrases import say
from catalogue.places import Lookup, Place, all_places, find_place, lookup
from catalogue.recommendations import recommendations_for
from electives.models import Module, Profile
from matching import Catalogue, Recommendation, top_themes
from quiz.models import CODE_ALPHABET, Answer, AnswerWeight, Question, Result
from techniekkaart import pagecache, slotted
from techniekkaart.vocab import QUIZ_AGES, RADIUS_STEPS, RESULT_RADIUS_KM

TOP = 3  # activities shown big, read aloud, and printed on the take-home card
LIMIT = 10
CODE_RE = re.compile(f"^[{CODE_ALPHABET}]{{10}}$")

# Which vmbo profiles (electives/vocabulary.py) a theme leads to: the technical profiles first.
THEME_PROFILES: dict[str, tuple[str, ...]] = {
    "bouwen": ("bwi", "pie"),
    "maken": ("pie", "mat"),
    "stroom": ("pie",),
    "robots-code": ("mvi", "pie"),
    "vervoer": ("mt", "mat"),
    "energie": ("pie", "bwi"),
    "water": ("bwi", "mat"),
    "boerderij-eten": ("groen", "pie"),
    "proefjes": ("pie", "groen"),
    "zorgtechniek": ("zw", "pie"),
    "ontwerpen-media": ("mvi",),
}


@dataclass(frozen=True)
class Shown:
    """One result as the child sees it first: the character, and the ranked activities."""

    hero: Theme | None
    top: list[Theme]
    items: list[tuple[Recommendation, Activity | None]]
    radius_km: float | None
    widened: bool
    widening_text: str = ""  # counts activities with a place, never online ones

    @property
    def first(self) -> list[tuple[Recommendation, Activity | None]]:
        return self.items[:TOP]

    @property
    def rest(self) -> list[tuple[Recommendation, Activity | None]]:
        return self.items[TOP:]


def shown_for(
    saved: Result,
    *,
    themes: dict[str, Theme],
    age: int | None,
    place: Place | None,
    radius_km: float = RESULT_RADIUS_KM,
    catalogue: Catalogue | None = None,
) -> Shown:
    top = [themes[s] for s in top_themes(saved.profile, 3) if s in themes]
    recs = recommendations_for(
        profile=saved.profile, age=age, place=place, radius_km=radius_km, limit=LIMIT,
        catalogue=catalogue,
    )  # fmt: skip
    activities = shown_activities([item.offer.id for item in recs.items])
    return Shown(
        hero=top[0] if top else None,
        top=top,
        items=[(item, activities.get(item.offer.id)) for item in recs.items],
        radius_km=recs.radius_km,
        widened=recs.widened,
        widening_text=say(recs.widening_text),
    )


def shown_activities(ids: list[int]) -> dict[int, Activity]:
    """The activities on the cards, with provider and venue. Each process keeps those it read per
    content version (a class's results show mostly the same ones), so an edit shows at once."""
    known: dict[int, Activity] = pagecache.per_version("quiz.activities", dict)
    missing = [pk for pk in ids if pk not in known]
    if missing:
        known.update(Activity.objects.select_related("provider", "venue").in_bulk(missing))
    return {pk: known[pk] for pk in ids if pk in known}


def default_shown(
    saved: Result, themes: dict[str, Theme], catalogue: Catalogue | None = None
) -> Shown:
    """What the result page shows before anyone changes the options: the pupil's screen, the card."""
    place = lookup(place_name(saved)).place if place_name(saved) else None
    return shown_for(saved, themes=themes, age=saved.age, place=place, catalogue=catalogue)


def place_name(saved: Result) -> str:
    """The place as the child typed it, from what is kept (municipality and 4-digit postcode).

    A typed place name is saved as the place's first postcode, so that place is found again by it;
    a typed postcode of another place gives that place's name; no postcode: the municipality."""
    if saved.pc4:
        for place in all_places():
            if place.pc4[:1] == (saved.pc4,) and place.municipality == saved.municipality:
                return place.name
        found = lookup(saved.pc4).place
        if found:
            return found.name
    town = find_place(saved.municipality) if saved.municipality else None
    return town.name if town else ""


def class_number(saved: Result) -> int | None:
    """The pupil's card number in an open class: the order of finishing, as the cards are numbered."""
    session = saved.class_session
    if session is None or not session.is_open:
        return None
    return session.results.filter(pk__lte=saved.pk).count()


@dataclass(frozen=True)
class Weighed:
    """The answers that can explain a result: not those of "leuk of niet" questions ("Ja, super
    leuk!" says nothing without its question), each with its weight per theme (by id)."""

    answers: dict[int, Answer]
    weights: dict[tuple[int, int], Decimal]  # (answer id, theme id)


def _weighed() -> Weighed:
    answers = Answer.objects.select_related("question").exclude(question__kind=Question.Kind.LIKE)
    weights = AnswerWeight.objects.values_list("answer_id", "theme_id", "weight")
    return Weighed(
        answers={a.pk: a for a in answers},
        weights={(answer, theme): weight for answer, theme, weight in weights},
    )


def why_sentence(saved: Result, hero: Theme | None) -> str:
    """ "Je koos „Een hut” en „Brug”." : the chosen answers that weigh most for the hero theme
    (the answers and their weights are the same for everyone: kept per content version)."""
    if hero is None:
        return ""
    if not saved.answers:
        return hero.description
    weighed = pagecache.per_version("quiz.why", _weighed)
    chosen = [
        (-weighed.weights[pk, hero.pk], answer.question.order, answer.order, pk, answer)
        for pk in set(saved.answers)
        if (answer := weighed.answers.get(pk)) is not None and (pk, hero.pk) in weighed.weights
    ]
    picked = [row[-1].text for row in sorted(chosen, key=lambda row: row[:4])[:2]]
    names = list(dict.fromkeys(picked))
    if not names:
        return hero.description
    if len(names) == 1:
        # Translators: %(a)s and %(b)s are answers the child chose; the quotation marks are the language's own
        return _("Want je koos „%(a)s”.") % {"a": names[0]}
    return _("Want je koos „%(a)s” en „%(b)s”.") % {"a": names[0], "b": names[1]}


@dataclass(frozen=True)
class NextSteps:
    """ "Zo kun je later verder": vmbo profiles and keuzevakken in the region, companies in the theme."""

    theme: Theme
    profiles: list[Profile]
    modules: list[Module]
    menu_url: str
    companies: Sequence[Provider]


def next_steps(theme: Theme | None) -> NextSteps | None:
    """The same for every child with this theme: kept per content version."""
    if theme is None:
        return None
    profiles, modules, companies = pagecache.per_version(
        f"quiz.next_steps:{theme.pk}", lambda: _next_steps(theme)
    )
    query = "&".join(f"profiel={p.slug}" for p in profiles)
    return NextSteps(
        theme=theme,
        profiles=profiles,
        modules=modules,
        menu_url=reverse("electives:menu") + (f"?{query}" if query else ""),
        companies=companies,
    )


def _next_steps(theme: Theme) -> tuple[list[Profile], list[Module], Sequence[Provider]]:
    slugs = THEME_PROFILES.get(theme.slug, ())
    profiles = sorted(Profile.objects.filter(slug__in=slugs), key=lambda p: slugs.index(p.slug))
    modules = list(
        Module.objects.published().filter(profiles__slug__in=slugs).distinct().order_by("title")[:3]
    )
    published = Q(activities__status=Activity.Status.PUBLISHED)
    main = Count("activities", filter=published & Q(activities__main_theme=theme), distinct=True)
    companies = list(
        Provider.objects.filter(kind=Provider.Kind.COMPANY)
        .filter(published & (Q(activities__main_theme=theme) | Q(activities__themes=theme)))
        .annotate(main=main)
        .order_by("-main", "name")
        .distinct()[:4]
    )  # those whose own activities are mainly about the theme first
    return profiles, modules, companies


def back_to_result(raw: str) -> str:
    """The result's URL for "← terug naar jouw uitslag" when `raw` is the code of a saved result."""
    if not CODE_RE.match(raw or "") or not Result.objects.filter(code=raw).exists():
        return ""
    return reverse("quiz:result", args=[raw])


def options(request: HttpRequest, saved: Result) -> tuple[int | None, int, str]:
    """Age, radius and place from the URL (the parent may widen or change them), else as saved."""
    age: int | None = saved.age
    raw_age = request.GET.get("leeftijd", "")
    if raw_age.isascii() and raw_age.isdigit() and 6 <= int(raw_age) <= 14:
        age = int(raw_age)
    raw_radius = request.GET.get("afstand", "")
    radius = int(raw_radius) if raw_radius in {str(r) for r in RADIUS_STEPS} else RESULT_RADIUS_KM
    place_query = (request.GET.get("plaats") or place_name(saved))[:100]
    return age, radius, place_query


def result_context(request: HttpRequest, saved: Result, catalogue: Catalogue | None = None) -> dict:
    themes = {t.slug: t for t in presenters.themes()}
    age, radius, place_query = options(request, saved)
    found = lookup(place_query) if place_query else Lookup(query="")
    shown = shown_for(
        saved, themes=themes, age=age, place=found.place, radius_km=radius, catalogue=catalogue
    )
    peak = max(saved.profile.values(), default=0) or 1
    bars = [
        (t, saved.profile.get(t.slug, 0) / peak)
        for t in themes.values()
        if saved.profile.get(t.slug)
    ]
    return {
        "result": saved,
        "shown": shown,
        "hero": shown.hero,
        "top": shown.top,
        "why": why_sentence(saved, shown.hero),
        "bars": sorted(bars, key=lambda b: -b[1]),
        "items": shown.items,
        "first": shown.first,
        "rest": shown.rest,
        "age": age,
        "radius": radius,
        "shown_radius": int(shown.radius_km) if shown.radius_km else radius,
        "widened": shown.widened,
        "widening_text": shown.widening_text,
        "radii": RADIUS_STEPS,
        "ages": QUIZ_AGES,
        "place": found.place,
        "place_query": place_query,
        "place_message": found.message,
        "place_suggestions": found.suggestions,
        "next_steps": next_steps(shown.hero),
        "class_number": class_number(saved),
    }


# The result's cards (issue 17: ten includes were half of the page's first render). A card is the
# same for every result that shows the same recommendation (the offer, its reasons, "ook in ...",
# "probeer eens iets nieuws") in the same language under the same content version, but for the
# address its button posts to, which holds the result's code: each process keeps the rendered
# card with a marker in that place (open_url in _result_card.html) and each page fills in its own.
CARD = "quiz/_result_card.html"
SLUG_MARK = "kaart-slug-" + secrets.token_hex(8)  # a slug no activity has
KEPT_CARDS = 2000  # per process, language and version (a few kB each); then begun anew


def cards(
    code: str, items: Sequence[tuple[Recommendation, Activity | None]], *, big: bool = False
) -> list[SafeString]:
    """The rendered card of each item for the result with this code, as `{% include CARD %}`
    renders it (tests/test_quiz_result_cards.py compares them byte for byte)."""
    zone = timezone.get_current_timezone_name()
    kept: dict[tuple, tuple[str, ...]] = pagecache.per_version(f"quiz.cards:{zone}", dict)
    # reverse() once per page: the address of each card differs only in the slug.
    address = reverse("quiz:result-open", args=[code, SLUG_MARK])
    shown = []
    for item, activity in items:
        # Recommendation's parts are frozen dataclasses: equal parts say the same words (a lazy
        # theme word compares as its text in the active language, which the memo is kept under).
        key = (item.offer, item.reasons, item.also_text, item.try_new, activity is None, big)
        parts = kept.get(key)
        if parts is None:
            parts = _card_parts({"item": item, "activity": activity, "big": big})
            if len(kept) >= KEPT_CARDS:
                kept.clear()
            kept[key] = parts
        url = escape(address.replace(SLUG_MARK, item.offer.slug))
        shown.append(SafeString(url.join(parts)))
    return shown


def _card_parts(context: dict) -> tuple[str, ...]:
    """The card rendered with a marker where its button's address goes."""
    template = engines["django"].engine.get_template(CARD)  # type: ignore[attr-defined]
    return slotted.around(lambda slot: template.render(Context({**context, "open_url": slot})))
