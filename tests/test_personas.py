"""Persona suite: generated children and classes in every municipality against the demo catalogue.

The demo catalogue (load_demo) is loaded once for the module and read back as the recommender's snapshot.
Each persona's cards are checked against the rules of issue 14 as properties, using an oracle written
here from the activities' structured fields (audience, kind, location type, availability, dates), not
from the recommender's own code:

- a child at home never gets class-only offers; a class never gets family-only offers and, of offers
  with dates, only those with a date on a school day in school hours;
- every card is for the child's age, shows its town (online ones say "online"), and no title twice;
- fitting offers with a place rank above online ones; at most two online in the first ten;
- with a place, nothing of the child's top theme is nearer than the first card;
- the reason names the theme that really matched; the widening message counts activities with a
  place, never online ones.

Plus hand-written cases whose first card is stated, and the suite's figures printed for the note.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
import statistics
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from catalogue.models import Activity, Occurrence
from catalogue.places import DATA_DIR, Place, all_places, distance_km, find_place
from catalogue.recommendations import THEME_WORDS, recommendations_for, snapshot
from demo.catalogue import load_demo
from matching import Catalogue, Recommendations, top_themes
from tests import factories

# The demo is loaded once for the module (and rolled back); the mark makes pytest-django set up the test
# database even when only this module runs.
pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
HORIZON = dt.timedelta(days=60)  # matching.Query.horizon_days
LIMIT = 10
ASKED_KM = 10  # the result page's default radius
THEMES = sorted(THEME_WORDS)
CLASS_ONLY_KINDS = {"gastles", "techlables"}
SCHOOL_DAY = (dt.time(8, 30), dt.time(15, 30))


@dataclass(frozen=True)
class Facts:
    """One public activity as the database has it (the oracle's side, not the recommender's)."""

    title: str
    kind: str
    audience: str
    location_type: str
    availability: str
    min_age: int
    max_age: int
    town: str
    main_theme: str
    themes: frozenset[str]
    point: tuple[float, float] | None
    dates: tuple[tuple[dt.datetime, dt.datetime], ...]


@dataclass(frozen=True)
class Demo:
    now: dt.datetime
    catalogue: Catalogue
    facts: dict[int, Facts]


@dataclass(frozen=True)
class Persona:
    name: str
    profile: dict[str, float]
    age: int
    municipality: str
    place: Place | None
    audience: str = "gezin"


@dataclass
class Figures:
    personas: int = 0
    cards: int = 0
    top_ten: int = 0
    online_top_ten: int = 0
    first_km: list[float] = field(default_factory=list)  # children with a place
    class_first_km: list[float] = field(default_factory=list)
    first_online: int = 0
    widened: int = 0


FIGURES = Figures()


# --- The demo catalogue, once --------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Demo:
    """Load the demo, read snapshot and facts, and roll everything back: the tests need no database."""
    with django_db_blocker.unblock(), transaction.atomic():
        factories.theme_named("bouwen")  # themes exist even after a flushing test ran before
        load_demo()
        now = timezone.now()
        found = Demo(now=now, catalogue=snapshot(now), facts=_facts(now))
        transaction.set_rollback(True)
    return found


def _facts(now: dt.datetime) -> dict[int, Facts]:
    public = Activity.objects.public(now).select_related("venue", "provider", "main_theme")
    dates: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
    for activity_id, start, end in Occurrence.objects.filter(
        start__gte=now, start__lte=now + HORIZON
    ).values_list("activity_id", "start", "end"):
        dates.setdefault(activity_id, []).append((start, end))
    return {
        a.pk: Facts(
            title=a.title,
            kind=a.kind,
            audience=a.audience,
            location_type=a.location_type,
            availability=a.availability,
            min_age=a.min_age,
            max_age=a.max_age,
            town=a.venue.place if a.venue_id else a.provider.place,
            main_theme=a.main_theme.slug,
            themes=frozenset(t.slug for t in a.themes.all()) - {a.main_theme.slug},
            point=a.point(),
            dates=tuple(sorted(dates.get(a.pk, []))),
        )
        for a in public.prefetch_related("themes")
    }


# --- Personas --------------------------------------------------------------------------------


def municipalities() -> list[str]:
    with (DATA_DIR / "municipalities.csv").open(encoding="utf-8") as fh:
        return [row["municipality"] for row in csv.DictReader(fh)]


def places_in(municipality: str) -> list[Place]:
    return [p for p in all_places() if p.municipality == municipality and p.pc4]


def single(rng: random.Random) -> dict[str, float]:
    return {rng.choice(THEMES): 1.0}


def mixed(rng: random.Random) -> dict[str, float]:
    return {t: float(rng.randint(1, 6)) for t in rng.sample(THEMES, rng.randint(2, 3))}


def quiz_like(rng: random.Random) -> dict[str, float]:
    """As a real quiz gives: a little of many themes, one or two standing out."""
    profile = {t: rng.random() * 0.05 for t in rng.sample(THEMES, rng.randint(4, 11))}
    for theme in rng.sample(THEMES, rng.randint(1, 2)):
        profile[theme] = 0.2 + rng.random() * 0.3
    return profile


def generated_personas() -> list[Persona]:
    """Per municipality: a single-theme child and a mixed child in one of its places, a single-theme
    and a quiz-like child without a place, and a class at school there (88 children, 22 classes)."""
    rng = random.Random(14)
    people = []
    for municipality in municipalities():
        places = places_in(municipality)
        assert places, municipality
        for kind, profile in (("één thema", single), ("gemengd", mixed)):
            place = rng.choice(places)
            people.append(
                Persona(
                    f"{kind}, {place.name}", profile(rng), rng.randint(6, 14), municipality, place
                )
            )
        for kind, profile in (
            ("één thema, zonder plaats", single),
            ("quiz, zonder plaats", quiz_like),
        ):
            people.append(Persona(kind, profile(rng), rng.randint(6, 14), municipality, None))
        school = rng.choice(places)
        people.append(
            Persona(
                f"klas in {school.name}",
                quiz_like(rng),
                rng.randint(8, 12),
                municipality,
                school,
                "school",
            )
        )
    return people


PERSONAS = generated_personas()


def ask(demo: Demo, persona: Persona) -> Recommendations:
    """As the result page asks for a child (no audience: a child at home is the default), or as the
    teacher's page asks for a class."""
    for_class = {"audience": "school"} if persona.audience == "school" else {}
    return recommendations_for(
        profile=persona.profile,
        age=persona.age,
        place=persona.place,
        radius_km=ASKED_KM if persona.audience == "gezin" else 25,
        limit=LIMIT,
        now=demo.now,
        catalogue=demo.catalogue,
        **for_class,
    )


# --- The oracle ----------------------------------------------------------------------------


def class_only(f: Facts) -> bool:
    return f.audience == "school" or f.kind in CLASS_ONLY_KINDS or f.location_type == "school"


def in_school_time(start: dt.datetime, end: dt.datetime) -> bool:
    start, end = start.astimezone(AMSTERDAM), end.astimezone(AMSTERDAM)
    return start.weekday() < 5 and start.time() >= SCHOOL_DAY[0] and end.time() <= SCHOOL_DAY[1]


def open_for(f: Facts, persona: Persona) -> bool:
    """Who may go and when: the audience rules and a date in the next 60 days (or none needed)."""
    if f.availability != "data":
        dated = True
    elif persona.audience == "school":
        dated = any(in_school_time(start, end) for start, end in f.dates)
    else:
        dated = bool(f.dates)
    if persona.audience == "school":
        return dated and f.audience in ("school", "beide")
    return dated and not class_only(f)


def fits(f: Facts, top: list[str]) -> bool:
    return f.main_theme in top or bool(f.themes & set(top))


def km(f: Facts, persona: Persona) -> float | None:
    if f.point is None or persona.place is None:
        return None
    return round(distance_km(persona.place.lat, persona.place.lon, *f.point), 1)


def fitting_with_a_place(demo: Demo, persona: Persona, within: float) -> dict[int, Facts]:
    """Open, age-right, fitting activities with a place within `within` km: the ones a parent picks."""
    top = top_themes(persona.profile, 3)
    return {
        pk: f
        for pk, f in demo.facts.items()
        if open_for(f, persona)
        and f.min_age <= persona.age <= f.max_age
        and fits(f, top)
        and f.point is not None
        and (km(f, persona) or 0) <= within
    }


def series(title: str) -> str:
    return " ".join(title.casefold().split())


def word(slug: str) -> str:
    return str(THEME_WORDS[slug])


# --- The properties --------------------------------------------------------------------------


def check(demo: Demo, persona: Persona, recs: Recommendations) -> None:
    items = recs.items
    facts = [demo.facts[item.offer.id] for item in items]
    top = top_themes(persona.profile, 3)
    for item, f in zip(items, facts, strict=True):
        assert open_for(f, persona), (persona, f)  # audience and school time
        assert f.min_age <= persona.age <= f.max_age
        assert item.where == ("online" if f.point is None else f.town), f
        assert item.where, f
        _check_reason(item, f, top, persona)
        if persona.place is not None and f.point is not None:
            assert km(f, persona) <= recs.radius_km + 0.05
    titles = [series(f.title) for f in facts]
    assert len(titles) == len(set(titles)), titles
    _check_online(demo, persona, recs, facts)
    if persona.place is not None:
        _check_nearest_first(demo, persona, recs, facts)
        _check_widening(demo, persona, recs)


def _check_reason(item, f: Facts, top: list[str], persona: Persona) -> None:
    """ "Je houdt van X" names the activity's own theme; "Ook leuk als je van X houdt" a theme it carries."""
    first = str(item.reasons[0])
    you = (
        ("Jullie houden", "als jullie") if persona.audience == "school" else ("Je houdt", "als je")
    )
    if item.try_new:
        assert first == f"Probeer eens iets nieuws: {word(f.main_theme)}"
        assert not fits(f, top)
    elif f.main_theme in top:
        assert first == f"{you[0]} van {word(f.main_theme)}"
    elif f.themes & set(top):
        carried = [t for t in top if t in f.themes]
        assert first.startswith(f"Ook leuk {you[1]} van {word(carried[0])} "), first
    else:
        assert "houd" not in " ".join(map(str, item.reasons))


def _check_online(demo: Demo, persona: Persona, recs: Recommendations, facts: list[Facts]) -> None:
    online = [i for i, f in enumerate(facts) if f.point is None]
    assert len([i for i in online if i < 10]) <= 2
    if not online:
        return
    top = top_themes(persona.profile, 3)
    fitting_local = [i for i, f in enumerate(facts) if f.point is not None and fits(f, top)]
    assert all(i < online[0] for i in fitting_local), (persona, facts)
    # every fitting series with a place in reach came before the first online card
    reach = recs.radius_km if persona.place is not None else 1000
    wanted = {series(f.title) for f in fitting_with_a_place(demo, persona, reach).values()}
    assert wanted <= {series(f.title) for f in facts[: online[0]]}


def _check_nearest_first(
    demo: Demo, persona: Persona, recs: Recommendations, facts: list[Facts]
) -> None:
    """Nothing of the child's top theme, open and age-right, is nearer than the first card."""
    top = top_themes(persona.profile, 1)
    candidates = [
        km(f, persona)
        for f in fitting_with_a_place(demo, persona, recs.radius_km).values()
        if f.main_theme in top
    ]
    if not candidates:
        return
    first = facts[0]
    assert first.point is not None, "online first while a fitting one with a place exists"
    assert km(first, persona) <= min(candidates) + 0.05, (persona, first, min(candidates))


def _check_widening(demo: Demo, persona: Persona, recs: Recommendations) -> None:
    """The message counts fitting series with a place inside the asked radius: never online ones."""
    asked = ASKED_KM if persona.audience == "gezin" else 25
    nearby = {series(f.title) for f in fitting_with_a_place(demo, persona, asked).values()}
    assert recs.nearby == len(nearby)
    if not recs.widened:
        assert not recs.widening_text
        return
    assert len(nearby) < LIMIT
    number = re.search(r"maar (\d+) activiteit", str(recs.widening_text))
    assert (int(number.group(1)) if number else 0) == len(nearby), recs.widening_text
    assert str(recs.widening_text).endswith(f"tot {recs.radius_km:g} km.")


def count(persona: Persona, recs: Recommendations) -> None:
    FIGURES.personas += 1
    FIGURES.cards += len(recs.items)
    FIGURES.top_ten += len(recs.items[:10])
    FIGURES.online_top_ten += sum(item.offer.online for item in recs.items[:10])
    FIGURES.widened += recs.widened
    FIGURES.first_online += bool(recs.items) and recs.items[0].offer.online
    if persona.place is not None and recs.items and recs.items[0].distance_km is not None:
        into = FIGURES.first_km if persona.audience == "gezin" else FIGURES.class_first_km
        into.append(recs.items[0].distance_km)


# --- Tests -----------------------------------------------------------------------------------


def test_the_generated_personas_cover_every_municipality_age_and_kind_of_profile():
    assert len(PERSONAS) >= 50
    assert {p.municipality for p in PERSONAS if p.place} == set(municipalities())
    assert len(municipalities()) == 22
    assert {p.age for p in PERSONAS if p.audience == "gezin"} == set(range(6, 15))
    assert any(len(p.profile) == 1 for p in PERSONAS)
    assert any(len(p.profile) > 1 for p in PERSONAS)
    assert any(p.place is None for p in PERSONAS)
    assert any(p.audience == "school" for p in PERSONAS)


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: f"{p.municipality}-{p.name}-{p.age}")
def test_every_persona_gets_cards_a_parent_would_pick(demo, persona):
    recs = ask(demo, persona)
    assert recs.items, persona
    check(demo, persona, recs)
    count(persona, recs)


@hypothesis_settings(max_examples=60)
@given(
    profile=st.dictionaries(
        st.sampled_from(THEMES), st.floats(0.01, 10), min_size=1, max_size=len(THEMES)
    ),
    age=st.integers(6, 14),
    place=st.sampled_from([p for p in all_places() if p.pc4]) | st.none(),
    audience=st.sampled_from(["gezin", "school"]),
)
def test_the_rules_hold_for_any_child_or_class(demo, profile, age, place, audience):
    persona = Persona(
        "hypothesis", profile, age, place.municipality if place else "", place, audience
    )
    if audience == "school" and place is None:
        return  # a class always has its school's place
    check(demo, persona, ask(demo, persona))


def kid(profile: dict[str, float], age: int, place: str, audience: str = "gezin") -> Persona:
    found = find_place(place)
    assert found is not None
    return Persona("handgeschreven", profile, age, found.municipality, found, audience)


def test_a_nine_year_old_in_kampen_who_likes_programming_gets_a_robot_afternoon_in_kampen_first(
    demo,
):
    recs = ask(demo, kid({"robots-code": 1.0}, 9, "Kampen"))
    first = recs.items[0]
    # Two demo activities in Kampen, both 1,1 km away, are about programming robots: the sooner
    # one comes first. The demo's dates follow the calendar, so which one that is does too.
    robots = ("Robotsumo in Kampen", "Robots programmeren in de bieb")
    soonest = {
        f.title: min(f.dates)[0] for f in demo.facts.values() if f.title in robots and f.dates
    }
    assert soonest
    assert first.offer.title == min(soonest, key=lambda title: soonest[title])
    assert first.where == "Kampen"
    assert tuple(map(str, first.reasons[:2])) == ("Je houdt van programmeren", "1,1 km van huis")
    assert not any(item.offer.online for item in recs.items[:3])
    assert str(recs.widening_text).startswith("Binnen 10 km van Kampen vonden we maar")


@pytest.mark.parametrize(
    ("profile", "age", "place", "audience", "title", "town", "reasons"),
    [
        (
            {"stroom": 1.0}, 12, "Hoogeveen", "gezin",
            "Elektronicaclub: bouw je eigen gadgets", "Hoogeveen",
            ("Je houdt van stroom en lampjes", "0,2 km van huis"),
        ),
        (
            {"boerderij-eten": 1.0}, 10, "Dronten", "gezin",
            "Boerderijkamp: techniek op het erf", "Dronten",
            ("Je houdt van de boerderij", "1,4 km van huis"),
        ),
        (
            {"water": 1.0}, 8, "Urk", "gezin",
            "Open dag: kijk in het gemaal", "Emmeloord",
            ("Je houdt van water", "11 km van huis"),
        ),
        (
            {"bouwen": 1.0}, 10, "Zwolle", "school",
            "Gastles: hoe blijft een huis warm?", "Zwolle",
            ("Jullie houden van bouwen", "komt naar jullie school", "op aanvraag"),
        ),
    ],
)  # fmt: skip
def test_hand_written_children_and_a_class_get_the_stated_first_card(
    demo, profile, age, place, audience, title, town, reasons
):
    recs = ask(demo, kid(profile, age, place, audience))
    first = recs.items[0]
    assert (first.offer.title, first.where) == (title, town)
    assert tuple(map(str, first.reasons[: len(reasons)])) == reasons
    check(demo, kid(profile, age, place, audience), recs)


def test_with_nothing_near_urk_the_widening_message_says_so(demo):
    recs = ask(demo, kid({"water": 1.0}, 8, "Urk"))
    assert recs.widened
    assert str(recs.widening_text) == (
        f"Binnen 10 km van Urk vonden we niets dat bij je past. Daarom zochten we tot "
        f"{recs.radius_km:g} km."
    )


def test_a_class_never_gets_an_offer_for_families_or_the_weekend(demo):
    recs = ask(demo, kid({"robots-code": 1.0}, 10, "Kampen", audience="school"))
    assert recs.items
    for item in recs.items:
        f = demo.facts[item.offer.id]
        assert f.audience in ("school", "beide")
        if f.availability == "data":
            assert item.offer.next_school_start is not None
            assert in_school_time(*next(d for d in f.dates if d[0] == item.offer.next_school_start))


def test_a_child_at_home_never_gets_a_guest_lesson_or_techlables(demo):
    for persona in PERSONAS:
        if persona.audience == "gezin":
            kinds = {demo.facts[i.offer.id].kind for i in ask(demo, persona).items}
            assert not kinds & CLASS_ONLY_KINDS


def test_figures_for_the_note(demo, capsys):
    """Runs after the persona tests in this module: prints what the lead puts in the note."""
    if FIGURES.personas < len(PERSONAS):  # run alone: ask them here
        for persona in PERSONAS:
            count(persona, ask(demo, persona))
    share = FIGURES.online_top_ten / max(FIGURES.top_ten, 1)
    children = statistics.mean(FIGURES.first_km)
    classes = statistics.mean(FIGURES.class_first_km)
    with capsys.disabled():
        print(
            f"\npersona suite: {FIGURES.personas} personas "
            f"({sum(p.audience == 'school' for p in PERSONAS)} classes), {FIGURES.cards} cards; "
            f"online in the top 10: {share:.1%} ({FIGURES.online_top_ten}/{FIGURES.top_ten}), "
            f"online first: {FIGURES.first_online}; mean distance of the first card: "
            f"{children:.1f} km for {len(FIGURES.first_km)} children with a place (radius 10 km), "
            f"{classes:.1f} km for {len(FIGURES.class_first_km)} classes (radius 25 km); "
            f"lists widened: {FIGURES.widened}"
        )
    assert share <= 0.2
