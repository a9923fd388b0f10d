"""The demo catalogue that `make run` loads: big and varied enough, and loading it twice changes nothing."""

import pytest
from django.core.management import call_command

from catalogue.models import Activity, Occurrence, Provider, Schedule, Theme, Venue

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Provider, Venue, Activity, Schedule, Occurrence)]


def test_the_demo_catalogue_is_realistic_and_loading_it_twice_changes_nothing():
    call_command("load_demo")
    first = counts()
    snapshot = set(Occurrence.objects.values_list("activity__slug", "start"))
    call_command("load_demo")
    assert counts() == first
    assert set(Occurrence.objects.values_list("activity__slug", "start")) == snapshot

    public = Activity.objects.public()
    assert Provider.objects.count() >= 40
    assert public.count() >= 250
    assert public.values("venue__municipality").distinct().count() >= 18
    assert set(public.values_list("main_theme__slug", flat=True)) == set(
        Theme.objects.values_list("slug", flat=True)
    )
    assert set(public.values_list("kind", flat=True)) == set(Activity.Kind.values)
    ages = public.values_list("min_age", "max_age")
    assert min(a for a, _ in ages) >= 6
    assert max(b for _, b in ages) <= 14
    assert set(Schedule.objects.values_list("frequency", flat=True)) == set(
        Schedule.Frequency.values
    )
    assert set(public.values_list("availability", flat=True)) == set(Activity.Availability.values)
    assert public.filter(price=0).exists()
    assert public.filter(price__gt=0).exists()
    assert public.filter(audience__in=["school", "beide"]).count() >= 30
    assert Activity.objects.exclude(pk__in=public.values("pk")).exists()  # drafts and past ones
