import datetime as dt

import pytest
from django.utils import timezone

from catalogue.models import Activity, Occurrence, Schedule
from catalogue.recurrence import expand
from catalogue.services import activity_sync_occurrences
from tests import factories


def test_a_single_date_is_one_occurrence():
    rows = expand(
        frequency="eenmalig",
        start_date=dt.date(2026, 12, 12),
        start_time=dt.time(10),
        end_time=dt.time(12),
        until=None,
    )
    assert len(rows) == 1
    start, end = rows[0]
    assert start.isoformat() == "2026-12-12T10:00:00+01:00"
    assert end.isoformat() == "2026-12-12T12:00:00+01:00"


def test_a_weekly_series_runs_to_its_end_date_inclusive():
    rows = expand(
        frequency="wekelijks",
        start_date=dt.date(2026, 12, 5),
        start_time=dt.time(14),
        end_time=dt.time(16),
        until=dt.date(2027, 1, 2),
    )
    assert [start.date() for start, _ in rows] == [
        dt.date(2026, 12, 5),
        dt.date(2026, 12, 12),
        dt.date(2026, 12, 19),
        dt.date(2026, 12, 26),
        dt.date(2027, 1, 2),
    ]


def test_a_monthly_series_keeps_the_same_weekday_of_the_month():
    # 12 December 2026 is the second Saturday.
    rows = expand(
        frequency="maandelijks",
        start_date=dt.date(2026, 12, 12),
        start_time=dt.time(10),
        end_time=dt.time(12),
        until=dt.date(2027, 3, 31),
    )
    days = [start.date() for start, _ in rows]
    assert days == [
        dt.date(2026, 12, 12),
        dt.date(2027, 1, 9),
        dt.date(2027, 2, 13),
        dt.date(2027, 3, 13),
    ]
    assert all(day.weekday() == 5 for day in days)


def test_a_monthly_series_on_a_fifth_weekday_uses_the_last_one():
    # 31 December 2026 is the fifth Thursday; February 2027 has only four.
    rows = expand(
        frequency="maandelijks",
        start_date=dt.date(2026, 12, 31),
        start_time=dt.time(10),
        end_time=dt.time(12),
        until=dt.date(2027, 2, 28),
    )
    assert [start.date() for start, _ in rows] == [
        dt.date(2026, 12, 31),
        dt.date(2027, 1, 28),
        dt.date(2027, 2, 25),
    ]


def test_times_stay_local_across_the_switch_to_summer_time():
    rows = expand(
        frequency="wekelijks",
        start_date=dt.date(2027, 3, 27),
        start_time=dt.time(10),
        end_time=dt.time(12),
        until=dt.date(2027, 4, 3),
    )
    assert [start.utcoffset() for start, _ in rows] == [
        dt.timedelta(hours=1),
        dt.timedelta(hours=2),
    ]
    assert all(start.hour == 10 for start, _ in rows)


@pytest.mark.django_db
def test_occurrences_are_real_rows_and_are_rebuilt_when_the_schedule_changes():
    act = factories.activity(days=())
    schedule = factories.schedule_on(
        act,
        timezone.localdate() + dt.timedelta(days=1),
        frequency=Schedule.Frequency.WEEKLY,
        until=timezone.localdate() + dt.timedelta(days=29),
    )
    assert activity_sync_occurrences(activity=act) == 5
    schedule.until = timezone.localdate() + dt.timedelta(days=8)
    schedule.save()
    assert activity_sync_occurrences(activity=act) == 2
    assert Occurrence.objects.filter(activity=act).count() == 2


@pytest.mark.django_db
def test_an_activity_whose_dates_are_past_disappears_from_public_pages(client):
    past = factories.activity("Al geweest", days=(-3, -10))
    coming = factories.activity("Komt nog", days=(-3, 4))
    public = set(Activity.objects.public().values_list("slug", flat=True))
    assert past.slug not in public
    assert coming.slug in public
    assert client.get(past.get_absolute_url()).status_code == 404
    body = client.get("/activiteiten/").content.decode()
    assert "Komt nog" in body
    assert "Al geweest" not in body


@pytest.mark.django_db
def test_on_request_offers_stay_public_without_dates():
    act = factories.activity(
        "Techles op aanvraag",
        days=(),
        availability=Activity.Availability.ON_REQUEST,
        availability_text="Hele schooljaar",
    )
    assert Activity.objects.public().filter(pk=act.pk).exists()
