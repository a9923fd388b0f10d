"""Small builders for test data. Every builder takes keyword overrides and saves through the services."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from catalogue.models import Activity, Provider, Schedule, Theme, Venue
from catalogue.places import DATA_DIR, find_place
from catalogue.services import activity_sync_occurrences

_counter = itertools.count(1)


def theme_named(slug: str) -> Theme:
    """The theme from the migration; recreated after transactional tests flushed the table."""
    found = Theme.objects.filter(slug=slug).first()
    if found:
        return found
    with (DATA_DIR / "themes.csv").open(encoding="utf-8") as fh:
        for order, row in enumerate(csv.DictReader(fh)):
            Theme.objects.get_or_create(
                slug=row["slug"], defaults={"name": row["name_nl"], "order": order}
            )
    return Theme.objects.get(slug=slug)


def provider(name: str = "", place: str = "Zwolle", **fields: Any) -> Provider:
    n = next(_counter)
    name = name or f"Aanbieder {n}"
    found = find_place(place)
    assert found is not None, place
    defaults: dict[str, Any] = {
        "slug": f"aanbieder-{n}",
        "kind": Provider.Kind.COMPANY,
        "municipality": found.municipality,
        "place": found.name,
        "lat": found.lat,
        "lon": found.lon,
    }
    return Provider.objects.create(name=name, **{**defaults, **fields})


def venue(owner: Provider, place: str = "", **fields: Any) -> Venue:
    found = find_place(place or owner.place)
    assert found is not None, place
    defaults: dict[str, Any] = {
        "name": f"Werkplaats {found.name}",
        "address": "Teststraat 1",
        "postcode": f"{found.pc4[0]} AA",
        "place": found.name,
        "municipality": found.municipality,
        "lat": found.lat,
        "lon": found.lon,
    }
    return Venue.objects.create(provider=owner, **{**defaults, **fields})


def activity(
    title: str = "",
    *,
    theme: str = "bouwen",
    also: tuple[str, ...] = (),
    place: str = "Zwolle",
    days: tuple[int, ...] = (7,),
    owner: Provider | None = None,
    **fields: Any,
) -> Activity:
    """A published activity at a venue in `place`, on each of `days` (days from today) at 10:00."""
    n = next(_counter)
    owner = owner or provider(place=place)
    location = fields.pop("location_type", Activity.LocationType.VENUE)
    where = venue(owner, place) if location == Activity.LocationType.VENUE else None
    defaults: dict[str, Any] = {
        "slug": f"activiteit-{n}",
        "summary": "Bouw samen iets moois.",
        "kind": Activity.Kind.WORKSHOP,
        "min_age": 8,
        "max_age": 12,
        "status": Activity.Status.PUBLISHED,
        "location_type": location,
        "venue": where,
        "last_confirmed": timezone.localdate(),
    }
    act = Activity.objects.create(
        title=title or f"Activiteit {n}",
        provider=owner,
        main_theme=theme_named(theme),
        **{**defaults, **fields},
    )
    if also:
        act.themes.set([theme_named(slug) for slug in also])
    for day in days:
        schedule_on(act, timezone.localdate() + dt.timedelta(days=day))
    activity_sync_occurrences(activity=act)
    return act


def schedule_on(act: Activity, day: dt.date, **fields: Any) -> Schedule:
    defaults: dict[str, Any] = {
        "frequency": Schedule.Frequency.ONCE,
        "start_time": dt.time(10),
        "end_time": dt.time(12),
    }
    return Schedule.objects.create(activity=act, start_date=day, **{**defaults, **fields})


def quiz(*specs: tuple[str, str, list[tuple[str, dict[str, float]]]]) -> list[Any]:
    """Replace the quiz with these questions: (text, kind, [(answer text, {theme: weight})])."""
    from quiz.models import Answer, AnswerWeight, Question

    Question.objects.all().delete()
    questions = []
    for order, (text, kind, answers) in enumerate(specs):
        question = Question.objects.create(text=text, kind=kind, order=order, active=True)
        for a_order, (answer_text, weights) in enumerate(answers):
            answer = Answer.objects.create(question=question, text=answer_text, order=a_order)
            for slug, weight in weights.items():
                AnswerWeight.objects.create(answer=answer, theme=theme_named(slug), weight=weight)
        questions.append(question)
    return questions
