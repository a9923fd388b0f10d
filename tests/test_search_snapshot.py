"""The search without words filters a kept snapshot of the catalogue in Python (issue 17). It must
find exactly what the database query finds, with the same first date, for every filter, also
when the clock has moved on since the snapshot was read, and it is read anew after a change."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone, translation

from catalogue import search as searching
from catalogue.models import Activity
from catalogue.search import Filters
from demo.catalogue import load_demo
from tests import factories

pytestmark = pytest.mark.django_db

THEMES = [(), ("robots-code",), ("bouwen", "water")]
AGES = [None, 6, 9, 12]
KINDS = [(), ("workshop", "club"), ("museum",)]
AUDIENCES = ["", "gezin", "school"]


def date_ranges(today):
    day = dt.timedelta(days=1)
    return [
        (None, None),
        (today, today + 7 * day),
        (today + 10 * day, None),
        (None, today + 3 * day),
    ]


def by_database(filters, now):
    return sorted((row["pk"], row["next_start"]) for row in searching._rows(filters, now))


def by_snapshot(filters, now):
    return sorted((row["pk"], row["next_start"]) for row in searching._offered_rows(filters, now))


@pytest.fixture
def catalogue():
    load_demo()
    today = timezone.localdate()
    # ongoing offers: confirmed lately, confirmed too long ago, never confirmed
    for availability in (Activity.Availability.ALWAYS, Activity.Availability.ON_REQUEST):
        for confirmed in (today, today - dt.timedelta(days=400), None):
            factories.activity(availability=availability, last_confirmed=confirmed, days=())
    factories.activity("Kaarten", theme="robots-code", also=("water",), days=(0, 1, 9, 40))
    factories.activity("Revisie", status=Activity.Status.DRAFT, days=(2,))


def test_every_filter_finds_what_the_database_finds(catalogue):
    now = timezone.now()
    today = timezone.localdate()
    found = set()
    combinations = itertools.product(
        THEMES, AGES, [False, True], KINDS, AUDIENCES, [False, True], date_ranges(today)
    )
    for themes, age, free, kinds, audience, wheelchair, (start, end) in combinations:
        filters = Filters(
            themes=themes, age=age, free=free, kinds=kinds, audience=audience,
            wheelchair=wheelchair, date_from=start, date_to=end,
        )  # fmt: skip
        expected = by_database(filters, now)
        assert by_snapshot(filters, now) == expected, filters
        found.add(len(expected))
    assert max(found) > 200 and 0 in found and len(found) > 50  # the comparisons mean something


@pytest.mark.parametrize("hours", [3, 30, 24 * 12])
def test_a_snapshot_read_earlier_gives_the_dates_from_now_on(catalogue, hours):
    made = timezone.now()
    searching._offers(made)  # kept from this moment
    later = made + dt.timedelta(hours=hours)
    today = timezone.localdate(later)
    for start, end in date_ranges(today):
        filters = Filters(date_from=start, date_to=end)
        assert by_snapshot(filters, later) == by_database(filters, later)


def test_an_ongoing_offer_drops_out_when_its_confirmation_is_too_old(catalogue, settings):
    now = timezone.now()
    everything = by_snapshot(Filters(), now)
    settings.CONFIRM_EVERY_DAYS = 0  # every ongoing offer not confirmed today is out
    fewer = by_snapshot(Filters(), now)
    assert fewer == by_database(Filters(), now)
    assert len(fewer) < len(everything)


def test_a_change_is_in_the_next_search(page_cache):
    first = factories.activity("Eerst", days=(3,))
    assert [hit.slug for hit in searching.search(Filters()).hits] == [first.slug]
    second = factories.activity("Daarna", days=(2,))
    assert [hit.slug for hit in searching.search(Filters()).hits] == [second.slug, first.slug]
    first.occurrences.all().delete()
    assert [hit.slug for hit in searching.search(Filters()).hits] == [second.slug]
    second.themes.set([factories.theme_named("water")])
    assert [hit.slug for hit in searching.search(Filters(themes=("water",))).hits] == [second.slug]


def test_one_snapshot_serves_every_language(page_cache, django_assert_num_queries):
    factories.activity("Eerst", days=(3,))
    searching.search(Filters())
    with translation.override("en"), django_assert_num_queries(0):
        assert [hit.title for hit in searching.search(Filters()).hits] == ["Eerst"]


@pytest.mark.parametrize("hours", [0, 30, 24 * 12])
def test_the_activity_page_finds_exactly_the_public_activities(catalogue, hours):
    made = timezone.now()
    searching._offers(made)
    later = made + dt.timedelta(hours=hours)
    public = set(Activity.objects.public(later).values_list("slug", flat=True))
    slugs = [*Activity.objects.values_list("slug", flat=True), "bestaat-niet"]
    assert {slug for slug in slugs if searching.public_pk(slug, later)} == public
    assert 0 < len(public) < len(slugs) - 1
