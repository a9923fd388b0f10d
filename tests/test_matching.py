"""The recommender, pinned with personas over small hand-built catalogues (no database, no Django).

Positions are given as kilometres north/east of a place, so each test states distances instead of coordinates.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from matching import Catalogue, Offer, Query, Recommendations, recommend, top_themes

AMS = ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2026, 12, 9, 9, 0, tzinfo=AMS)  # a Wednesday
KAMPEN = (52.5550, 5.9111)
HATTEM = (52.4750, 6.0639)
KM_PER_DEGREE = 6371.0 * math.pi / 180
THEMES = {
    "bouwen": "Bouwen & Wonen",
    "maken": "Maken & Machines",
    "stroom": "Stroom & Elektronica",
    "robots-code": "Programmeren & Robots",
    "water": "Water & Dijken",
    "energie": "Energie & Klimaat",
}
BUILDER = {"bouwen": 5.0}
_ids = iter(range(1, 1_000_000))


def at(north_km: float, east_km: float = 0.0, origin: tuple[float, float] = KAMPEN) -> tuple:
    lat = origin[0] + north_km / KM_PER_DEGREE
    lon = origin[1] + east_km / (KM_PER_DEGREE * math.cos(math.radians(origin[0])))
    return (lat, lon)


def offer(
    slug: str,
    theme: str = "bouwen",
    *,
    themes: tuple[str, ...] = (),
    provider: str = "",
    ages: tuple[int, int] = (8, 12),
    km: float | None = 2.0,
    point: tuple | None = None,
    days: float | None = 7,
    on_request: bool = False,
    free: bool = False,
    wheelchair: bool = False,
    kind: str = "workshop",
    audience: str = "gezin",
    school_time: bool = True,
    title: str = "",
    town: str = "",
) -> Offer:
    """An offer `km` north of Kampen (None: online), starting `days` after NOW at 14:00 (None: no date).

    `school_time`: whether that date is one a class can go to (the catalogue works that out from the dates)."""
    lat, lon = point or (at(km) if km is not None else (None, None))
    start = None
    if days is not None:
        start = (NOW + dt.timedelta(days=days)).replace(hour=14)
    return Offer(
        id=next(_ids),
        slug=slug,
        title=title or slug.replace("-", " ").title(),
        provider=provider or f"aanbieder-{slug}",
        main_theme=theme,
        themes=themes,
        min_age=ages[0],
        max_age=ages[1],
        lat=lat,
        lon=lon,
        next_start=start,
        on_request=on_request,
        free=free,
        wheelchair=wheelchair,
        kind=kind,
        audience=audience,
        town=town or ("" if lat is None else "Kampen"),
        next_school_start=start if school_time else None,
    )


def run(offers: list[Offer], profile=BUILDER, **kwargs) -> Recommendations:
    kwargs.setdefault("origin", KAMPEN)
    kwargs.setdefault("origin_name", "Kampen")
    kwargs.setdefault("age", 9)
    return recommend(Catalogue(offers, THEMES), Query(profile=profile, now=NOW, **kwargs))


def dutch(parts) -> tuple[str, ...]:
    """The reasons as they read in Dutch (the page translates them: tests/test_i18n_reasons.py)."""
    return tuple(map(str, parts))


def slugs(result: Recommendations) -> list[str]:
    return [item.offer.slug for item in result.items]


def mixed_catalogue() -> list[Offer]:
    """Building, coding and water near and far, several providers, a few online and on request."""
    offers = []
    for i, theme in enumerate(["bouwen", "robots-code", "water", "maken", "energie"] * 6):
        offers.append(
            offer(
                f"{theme}-{i:02d}",
                theme,
                provider=f"aanbieder-{i % 7}",
                km=None if i % 11 == 0 else 1.0 + i,
                days=None if i % 5 == 4 else 1 + i % 9,
                on_request=i % 5 == 4,
                free=i % 3 == 0,
            )
        )
    return offers


def test_builder_in_kampen_gets_nearby_building_first():
    offers = [
        offer("bouw-ver", km=20),
        offer("bouw-dichtbij", km=1),
        offer("bouw-midden", km=6),
        offer("code-om-de-hoek", "robots-code", km=0.5),
        offer("bouw-verder", km=9),
        offer("water-om-de-hoek", "water", km=0.3),
    ]
    result = run(offers, radius_km=25)
    assert slugs(result)[:3] == ["bouw-dichtbij", "bouw-midden", "bouw-verder"]
    assert result.items[3].try_new
    assert slugs(result)[4] == "bouw-ver"
    assert [item.distance_km for item in result.items[:3]] == [1.0, 6.0, 9.0]


def test_an_eight_year_old_never_gets_an_activity_for_ten_plus():
    offers = [offer(f"tien-plus-{i}", ages=(10, 12), km=1) for i in range(5)]
    offers += [offer(f"voor-acht-{i}", ages=(8, 9), km=30) for i in range(2)]
    eight = run(offers, age=8, radius_km=50)
    assert slugs(eight) == ["voor-acht-0", "voor-acht-1"]
    ten = run(offers, age=10, radius_km=50)
    assert "tien-plus-0" in slugs(ten) and "voor-acht-0" not in slugs(ten)


def test_nothing_past_and_nothing_beyond_the_horizon():
    offers = [
        offer("gisteren", days=-1),
        offer("vanochtend-al-begonnen", days=0, point=at(1)),
        offer("over-59-dagen", days=59),
        offer("over-61-dagen", days=61),
        offer("op-aanvraag", days=None, on_request=True),
        offer("zonder-datum", days=None, on_request=False),
    ]
    offers[1] = replace(offers[1], next_start=NOW - dt.timedelta(hours=1))
    result = run(offers)
    assert sorted(slugs(result)) == ["op-aanvraag", "over-59-dagen"]
    assert "over-61-dagen" in slugs(run(offers, horizon_days=70))


def test_at_most_two_per_provider_in_the_first_ten():
    big = [offer(f"groot-{i}", provider="groot-bedrijf", km=1, days=1 + i) for i in range(6)]
    small = [offer(f"klein-{i}", km=8, days=20) for i in range(12)]
    result = run(big + small, limit=15)
    first_ten = [item.offer.provider for item in result.items[:10]]
    assert first_ten.count("groot-bedrijf") == 2
    assert slugs(result)[:2] == ["groot-0", "groot-1"]
    # The skipped ones come back right after the first ten.
    assert slugs(result)[10:12] == ["groot-2", "groot-3"]
    assert len(result.items) == 15


def test_try_new_is_the_best_offer_outside_the_top_themes_at_position_four():
    profile = {"bouwen": 3, "maken": 2, "stroom": 1}
    offers = [offer(f"bouw-{i}", km=1 + i) for i in range(6)]
    offers += [
        offer("water-met-bouwen", "water", themes=("bouwen",), km=0.5),  # touches a top theme
        offer("water-dichtbij", "water", km=3),
        offer("energie-ver", "energie", km=12),
    ]
    result = run(offers, profile=profile)
    picks = [item for item in result.items if item.try_new]
    assert len(picks) == 1
    assert result.items[3] is picks[0]
    assert picks[0].offer.slug == "water-dichtbij"
    assert str(picks[0].reasons[0]) == "Probeer eens iets nieuws: water"
    assert "energie-ver" not in slugs(result)[:4]


def test_the_try_new_pick_counts_for_its_provider():
    museum = [offer(f"museum-bouw-{i}", provider="museum", km=1) for i in range(3)]
    museum.append(offer("museum-water", "water", provider="museum", km=1))
    others = [offer(f"bouw-{i}", km=5) for i in range(8)]
    result = run(museum + others)
    assert result.items[3].offer.slug == "museum-water"
    assert [item.offer.provider for item in result.items].count("museum") == 2


def test_try_new_goes_last_in_a_short_list_and_needs_a_profile():
    offers = [offer("bouw-0", km=1), offer("bouw-1", km=2), offer("water", "water", km=1)]
    short = run(offers)
    assert slugs(short) == ["bouw-0", "bouw-1", "water"] and short.items[-1].try_new
    blank = run(offers, profile={})
    assert not any(item.try_new for item in blank.items)
    zero = run(offers, profile={"bouwen": 0, "water": 0})
    assert not any(item.try_new for item in zero.items)


def test_a_child_without_a_place_gets_the_soonest_strong_matches():
    offers = [
        offer("bouw-volgende-maand", days=40, km=40),
        offer("bouw-morgen", days=1, km=45),
        offer("bouw-volgende-week", days=7, km=1),
        offer("code-morgen", "robots-code", days=1, km=1),
    ]
    result = run(offers, origin=None, origin_name="")
    assert result.radius_km is None and result.widened is False
    assert slugs(result)[:3] == ["bouw-morgen", "bouw-volgende-week", "bouw-volgende-maand"]
    assert all(item.distance_km is None for item in result.items)
    assert dutch(result.items[0].reasons) == ("Je houdt van bouwen", "morgen")


def test_widening_when_nothing_is_within_ten_km():
    offers = [offer(f"bouw-{i}", km=15 + i) for i in range(4)]
    result = run(offers, limit=4)
    assert (result.radius_km, result.widened) == (25, True)
    assert len(result.items) == 4
    enough = run([offer(f"dichtbij-{i}", km=2) for i in range(4)] + offers, limit=4)
    assert (enough.radius_km, enough.widened) == (10, False)
    assert all(item.distance_km <= 10 for item in enough.items)
    online = [offer(f"online-{i}", km=None) for i in range(6)]
    with_online = run(offers + online, limit=4)
    assert (with_online.radius_km, with_online.widened) == (25, True)


def test_offers_outside_the_childs_themes_do_not_stop_the_widening():
    unrelated = [offer(f"water-{i}", "water", km=2) for i in range(6)]
    builders = [offer(f"bouw-ver-{i}", km=18, provider=f"p{i}") for i in range(4)]
    result = run([*unrelated, *builders], limit=4)
    assert (result.radius_km, result.widened) == (25, True)
    assert slugs(result)[0].startswith("bouw-ver")
    neutral = run([*unrelated, *builders], profile={}, limit=4)
    assert (neutral.radius_km, neutral.widened) == (10, False)


def test_widening_stops_at_fifty_km():
    offers = [offer("bouw-30", km=30), offer("bouw-60", km=60)]
    result = run(offers)
    assert (result.radius_km, result.widened) == (50, True)
    assert slugs(result) == ["bouw-30"]
    assert run(offers, radius_km=200).radius_km == 50


def test_online_offers_always_in_reach_but_below_every_fitting_one_with_a_place():
    offers = [
        offer("bouw-online", km=None, days=1),
        offer("bouw-dichtbij", km=3),
        offer("bouw-ver", km=30, days=50),
    ]
    result = run(offers, radius_km=50)
    assert slugs(result) == ["bouw-dichtbij", "bouw-ver", "bouw-online"]
    online = result.items[2]
    assert online.distance_km is None
    assert dutch(online.reasons) == ("Je houdt van bouwen", "online", "morgen")
    assert online.where == "online"
    far_only = run([offer("bouw-online", km=None), offer("bouw-70", km=70)], radius_km=5)
    assert slugs(far_only) == ["bouw-online"]


def test_reasons_are_exact_dutch():
    offers = [
        offer("gratis-dichtbij", point=at(3.5, origin=HATTEM), days=3, free=True),
        offer("ver-op-aanvraag", point=at(0, 14.2, origin=HATTEM), days=None, on_request=True),
        offer("vier-km", "water", themes=("bouwen",), point=at(-4, origin=HATTEM), days=4),
        offer("in-hattem", point=HATTEM, days=5),
    ]
    result = run(offers, origin=HATTEM, origin_name="Hattem", radius_km=25)
    by_slug = {item.offer.slug: dutch(item.reasons) for item in result.items}
    assert by_slug["gratis-dichtbij"] == (
        "Je houdt van bouwen",
        "3,5 km van huis",
        "zaterdag",
        "gratis",
    )
    assert by_slug["ver-op-aanvraag"] == ("Je houdt van bouwen", "14 km van huis", "op aanvraag")
    # its own theme is water, which this child does not pick: the reason names the theme it carries
    assert by_slug["vier-km"] == ("Ook leuk als je van bouwen houdt", "4 km van huis", "zondag")
    assert by_slug["in-hattem"][1:] == ("vlak bij huis", "maandag")
    blank = run(offers, profile={}, origin=HATTEM, origin_name="Hattem", radius_km=25)
    assert all("houd" not in r for item in blank.items for r in dutch(item.reasons))


def test_dates_are_read_on_the_dutch_calendar():
    late = offer("laat", days=3)
    late = replace(late, next_start=dt.datetime(2026, 12, 19, 23, 30, tzinfo=dt.UTC))
    assert str(run([late]).items[0].reasons[-1]) == "zondag 20 december"
    tonight = replace(late, next_start=dt.datetime(2026, 12, 9, 23, 30, tzinfo=dt.UTC))
    assert str(run([tonight]).items[0].reasons[-1]) == "morgen"


def test_score_is_match_times_decay_times_soonness_times_bonuses():
    near = offer("bouw", point=at(15), free=True, wheelchair=True)
    near = replace(near, next_start=NOW + dt.timedelta(days=30))
    result = run([near], radius_km=25)
    assert result.items[0].score == pytest.approx(1.01 * 0.5 * 0.5 * 1.05 * 1.02, rel=1e-3)
    asked = offer("vraag", days=None, on_request=True)
    assert run([asked], origin=None).items[0].score == pytest.approx(1.01 * 0.6)


def test_optional_filters():
    offers = [
        offer("kamp-gezin", kind="kamp", audience="gezin"),
        offer("les-school", kind="les", audience="school", free=True),
        offer("les-beide", kind="les", audience="beide"),
    ]
    anyone = {"audience": ""}
    assert sorted(slugs(run(offers, kinds=frozenset({"les"}), **anyone))) == [
        "les-beide",
        "les-school",
    ]
    assert slugs(run(offers, free_only=True, **anyone)) == ["les-school"]
    assert sorted(slugs(run(offers, audience="gezin"))) == ["kamp-gezin", "les-beide"]
    assert sorted(slugs(run(offers, audience="school"))) == ["les-beide", "les-school"]


def test_deterministic_and_independent_of_input_order():
    offers = mixed_catalogue()
    first = run(offers, profile={"water": 2, "bouwen": 1})
    assert first == run(offers, profile={"water": 2, "bouwen": 1})
    shuffled = offers[:]
    random.Random(7).shuffle(shuffled)
    assert run(shuffled, profile={"water": 2, "bouwen": 1}) == first
    assert len(first.items) == 10


def test_ties_are_broken_by_slug():
    offers = [offer(slug, km=2, days=5) for slug in ["c-bouw", "a-bouw", "b-bouw"]]
    assert slugs(run(offers)) == ["a-bouw", "b-bouw", "c-bouw"]
    many = [offer(f"bouw-{i:03d}", km=2, days=5) for i in range(200)]
    random.Random(3).shuffle(many)
    assert slugs(run(many, profile={})) == [f"bouw-{i:03d}" for i in range(10)]


def test_variety_looks_further_down_when_one_provider_fills_the_top():
    big = [offer(f"groot-{i:03d}", provider="groot-bedrijf", km=1, days=1) for i in range(150)]
    small = [offer(f"klein-{i}", km=9, days=30) for i in range(8)]
    result = run(big + small)
    assert len(result.items) == 10
    assert [item.offer.provider for item in result.items].count("groot-bedrijf") == 2


def test_a_class_profile_ranks_like_its_normalised_self():
    offers = mixed_catalogue()
    child = run(offers, profile={"robots-code": 0.5, "maken": 0.3, "water": 0.2})
    klas = run(offers, profile={"robots-code": 50, "maken": 30, "water": 20})
    assert slugs(child) == slugs(klas)


def test_empty_catalogue():
    result = recommend(Catalogue([], THEMES), Query(profile=BUILDER, now=NOW, origin=KAMPEN))
    assert result.items == ()
    assert len(Catalogue([], THEMES)) == 0


def test_top_themes():
    assert top_themes({"water": 2, "bouwen": 2, "maken": 3, "stroom": 1}) == [
        "maken",
        "bouwen",
        "water",
    ]
    assert top_themes({"water": 0, "bouwen": 1}, n=3) == ["bouwen"]
    assert top_themes({}) == []


def test_always_open_offers_say_so_instead_of_on_request():
    museum = replace(offer("museum", days=None, on_request=True), always_open=True)
    lesson = offer("gastles", days=None, on_request=True)
    reasons = {item.offer.slug: dutch(item.reasons) for item in run([museum, lesson]).items}
    assert "altijd open" in reasons["museum"]
    assert "op aanvraag" in reasons["gastles"]


# --- Issue 14: recommendations a parent would pick -------------------------------------------


def test_at_most_two_online_offers_in_the_first_ten_and_never_first():
    online = [offer(f"bouw-online-{i}", km=None, days=1) for i in range(6)]
    local = [offer("bouw-ver-weg", km=40, days=55), offer("water-dichtbij", "water", km=1)]
    result = run(online + local, radius_km=50, limit=12)
    assert slugs(result)[0] == "bouw-ver-weg"
    assert [item.offer.online for item in result.items[:10]].count(True) == 2
    assert slugs(result)[:4] == ["bouw-ver-weg", "bouw-online-0", "bouw-online-1", "water-dichtbij"]
    # a short list never lets a third online offer into the first ten
    assert [item.offer.online for item in run(online + local, radius_km=50).items].count(True) == 2


def test_a_fitting_offer_with_a_place_held_back_for_its_provider_still_comes_before_online_ones():
    museum = [offer(f"museum-bouw-{i}", provider="museum", km=1 + i) for i in range(4)]
    online = [offer(f"bouw-online-{i}", km=None, days=1) for i in range(3)]
    result = run(museum + online, limit=10)
    assert slugs(result) == [
        *(f"museum-bouw-{i}" for i in range(4)),
        "bouw-online-0",
        "bouw-online-1",
    ]


def test_with_a_place_the_nearest_offer_of_a_favourite_theme_comes_first():
    offers = [
        offer("code-morgen-ver", "robots-code", km=13, days=1, free=True),
        offer("code-over-vijf-weken", "robots-code", km=1.1, days=38),
        offer("code-gedeeltelijk", "ontwerpen-media", themes=("robots-code",), km=0.5, days=1),
        offer("code-online", "robots-code", km=None, days=1),
    ]
    result = run(offers, profile={"robots-code": 1.0}, radius_km=25)
    assert slugs(result) == [
        "code-over-vijf-weken",
        "code-morgen-ver",
        "code-gedeeltelijk",
        "code-online",
    ]
    # a theme the child likes much less is no favourite: it does not jump the queue by being near
    mixed = run(
        [*offers, offer("water-om-de-hoek", "water", km=0.2)],
        profile={"robots-code": 0.8, "water": 0.2},
        radius_km=25,
    )
    assert slugs(mixed)[:2] == ["code-over-vijf-weken", "code-morgen-ver"]


def test_one_card_per_series_naming_the_other_towns():
    series = [
        offer("robotsumo-kampen", "robots-code", km=1, title="Robotsumo", town="Kampen"),
        offer("robotsumo-zwolle", "robots-code", km=12, title="Robotsumo", town="Zwolle"),
        offer("robotsumo-urk", "robots-code", km=20, title="robotsumo ", town="Urk"),
        offer(
            "robotsumo-zwolle-2", "robots-code", km=12, days=20, title="Robotsumo", town="Zwolle"
        ),
        offer("robotsumo-online", "robots-code", km=None, title="Robotsumo"),
    ]
    result = run(series, profile={"robots-code": 1.0}, radius_km=25)
    assert slugs(result) == ["robotsumo-kampen"]
    card = result.items[0]
    assert card.where == "Kampen"
    assert card.also_in == ("Zwolle", "Urk", "online")
    assert str(card.also_text) == "ook in Zwolle, Urk en online"
    dates = run(series[1:2] + series[3:4], profile={"robots-code": 1.0}, radius_km=25)
    assert str(dates.items[0].also_text) == "ook op andere dagen"


def test_a_child_never_gets_class_only_offers_and_a_class_only_school_time_ones():
    offers = [
        offer("gastles", audience="school", days=None, on_request=True),
        offer("zaterdag-gezin", audience="gezin", school_time=False),
        offer("zaterdag-beide", audience="beide", school_time=False),
        offer("dinsdag-beide", audience="beide"),
        offer("museum-beide", audience="beide", days=None, on_request=True),
    ]
    child = run(offers)
    assert sorted(slugs(child)) == [
        "dinsdag-beide",
        "museum-beide",
        "zaterdag-beide",
        "zaterdag-gezin",
    ]
    klas = run(offers, audience="school")
    assert sorted(slugs(klas)) == ["dinsdag-beide", "gastles", "museum-beide"]
    assert all(
        r.startswith("Jullie houden van") for item in klas.items for r in dutch(item.reasons)[:1]
    )
    assert "km van school" in str(klas.items[0].reasons[1])


def test_the_reason_names_the_theme_that_really_matched():
    offers = [
        offer("animeren-online", "ontwerpen-media", themes=("robots-code",), km=None),
        offer("codeclub", "robots-code", themes=("ontwerpen-media",)),
    ]
    coder = {
        item.offer.slug: str(item.reasons[0])
        for item in run(offers, profile={"robots-code": 1}).items
    }
    assert coder == {
        "codeclub": "Je houdt van programmeren",
        "animeren-online": "Ook leuk als je van programmeren houdt",
    }
    words = {"ontwerpen-media": "tekenen en ontwerpen", "robots-code": "programmeren"}
    catalogue = Catalogue(offers, THEMES, words)
    both = Query(profile={"robots-code": 0.5, "ontwerpen-media": 0.4}, now=NOW, origin=KAMPEN)
    first = {i.offer.slug: str(i.reasons[0]) for i in recommend(catalogue, both).items}
    assert first["animeren-online"] == "Je houdt van tekenen en ontwerpen"
    assert Catalogue(offers, THEMES).theme_word("water") == "water"


def test_the_widening_message_counts_offers_with_a_place_never_online_ones():
    far = [offer(f"bouw-{i}", km=15 + i) for i in range(3)]
    near = [offer("bouw-dichtbij", km=2), offer("bouw-dichtbij-2", km=3, title="Bouw Dichtbij")]
    online = [offer(f"bouw-online-{i}", km=None) for i in range(8)]
    result = run(far + near + online, limit=4, origin_name="Kampen")
    assert (result.radius_km, result.widened, result.nearby) == (25, True, 1)
    assert str(result.widening_text) == (
        "Binnen 10 km van Kampen vonden we maar 1 activiteit die bij je past. "
        "Daarom zochten we tot 25 km."
    )
    none = run(far, limit=4, origin_name="Kampen")
    assert str(none.widening_text).startswith(
        "Binnen 10 km van Kampen vonden we niets dat bij je past."
    )
    assert not run(near * 1, limit=1).widening_text
