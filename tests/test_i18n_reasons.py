"""The recommender's reasons are composed without Django (matching.reasons) and said in the page's language."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template
from django.utils import translation

from catalogue.phrases import say, say_all
from catalogue.recommendations import THEME_WORDS
from matching.reasons import Day, Number, Part, also_text, distance_text, theme_text, widening_text

SATURDAY = dt.datetime(2026, 12, 12, 9, 0, tzinfo=dt.UTC)


def test_dutch_without_django_reads_as_the_dutch_page():
    parts: list[Part] = [
        distance_text(3.5),
        distance_text(14.2, "school"),
        Day(SATURDAY),
        Day(SATURDAY, with_date=False),
        theme_text(str(THEME_WORDS["maken"]), main=False, try_new=False, audience=""),
        also_text(["Zwolle", "Urk", "online"], more_dates=False),
        widening_text(asked_km=10, radius_km=25, nearby=3, origin_name="Kampen"),
    ]
    with translation.override("nl"):
        assert say_all(parts) == [str(p) for p in parts]
    assert str(parts[2]) == "zaterdag 12 december"
    assert str(parts[4]) == "Ook leuk als je van dingen maken houdt"
    assert str(parts[6]) == (
        "Binnen 10 km van Kampen vonden we maar 3 activiteiten die bij je passen. "
        "Daarom zochten we tot 25 km."
    )


def test_numbers_and_days_follow_the_language():
    with translation.override("en"):
        assert say(Number(3.5, 1)) == "3.5"
        assert say(Day(SATURDAY)) == "Saturday 12 December"
        assert say(Day(SATURDAY, with_date=False)) == "Saturday"
        assert say(distance_text(0.05)) == "close to home"
    with translation.override("nl"):
        assert say(Number(3.5, 1)) == "3,5"


def test_the_template_filter_says_a_list_and_one_reason():
    template = Template('{% load catalogue %}{{ reasons|say|join:" · " }}|{{ also|say }}')
    context = Context(
        {"reasons": (distance_text(2), Day(SATURDAY)), "also": also_text([], more_dates=True)}
    )
    with translation.override("nl"):
        assert (
            template.render(context) == "2 km van huis · zaterdag 12 december|ook op andere dagen"
        )
