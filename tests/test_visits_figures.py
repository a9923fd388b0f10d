"""Class visits in /cijfers/ (impact/visits.py): small counts hidden with their partners, and a quarter's
figures fixed by what was known at its end."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from catalogue.models import Activity
from impact.units import Period
from impact.visits import quarter_visits, totals
from tests import factories
from visits.models import VisitRequest

pytestmark = pytest.mark.django_db
QUARTER = Period(2026, 2)
IN_QUARTER = timezone.make_aware(dt.datetime.combine(dt.date(2026, 5, 4), dt.time(10)))
AFTER = timezone.make_aware(dt.datetime.combine(dt.date(2026, 7, 2), dt.time(10)))


@pytest.fixture
def lesson():
    return factories.activity("Gastles", audience=Activity.Audience.SCHOOLS)


def visits(lesson, n: int, place: str = "Dalfsen", said=IN_QUARTER, happened=True, **extra):
    for i in range(n):
        factories.class_request(
            lesson, school=f"S{i}", municipality=place, created=IN_QUARTER,
            email_confirmed=IN_QUARTER, state=VisitRequest.State.HAPPENED, date=dt.date(2026, 5, 20),
            agreed=IN_QUARTER, teacher_happened=happened, teacher_said=said, theme="bouwen",
            provider_kind="bedrijf", **extra,
        )  # fmt: skip


def cells(table, key):
    return {column: shown.text for column, shown in {k: c for k, _l, c in table.rows}[key].items()}


def test_nine_visits_are_hidden_ten_are_shown(lesson):
    visits(lesson, 9)
    assert {k: s.text for k, s in totals(quarter_visits(QUARTER)).items()} == {
        "r": "< 10", "a": "< 10", "h": "< 10",
    }  # fmt: skip
    visits(lesson, 1)
    assert {k: s.text for k, s in totals(quarter_visits(QUARTER)).items()} == {
        "r": "10", "a": "10", "h": "10",
    }  # fmt: skip


def test_a_small_municipality_is_hidden_with_a_partner(lesson):
    visits(lesson, 12, "Zwolle")
    visits(lesson, 11, "Kampen")
    visits(lesson, 3, "Dalfsen")
    places = quarter_visits(QUARTER)[0]
    assert cells(places, "Dalfsen")["r"] == "< 10"
    hidden = [key for key, _l, c in places.rows if c["r"].value is None]
    assert len(hidden) >= 2  # never one alone: it would follow from the total
    assert totals([places])["r"].text == "26"


def test_an_answer_after_the_quarter_never_changes_it(lesson):
    visits(lesson, 10)
    visits(lesson, 10, said=AFTER)  # said "it happened" only after the quarter ended
    table = totals(quarter_visits(QUARTER))
    assert (table["a"].text, table["h"].text) == ("20", "10")


def test_a_small_gap_between_agreed_and_happened_is_hidden(lesson):
    visits(lesson, 12)
    visits(lesson, 3, happened=False)  # "agreed but did not happen" would read as 3
    table = totals(quarter_visits(QUARTER))
    assert (table["a"].text, table["h"].text) == ("15", "< 10")
