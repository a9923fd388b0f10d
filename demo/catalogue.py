"""A fictional, deterministic demo catalogue for Regio Zwolle (texts in demo/catalogue_data.py).

build_plan() turns the tables into plain rows with a seeded random generator; write_plan() stores
them with bulk queries and compares before it writes, so loading twice on one day changes nothing.
All dates are relative to today. Copy k of `--scale N` has its own generator, so copy 0 is always
the ordinary demo catalogue.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from catalogue.models import Activity, Occurrence, Provider, Schedule, Theme, Venue
from catalogue.places import Place, all_places
from catalogue.recurrence import expand
from demo import catalogue_data as data
from demo.catalogue_data import (
    ProviderSpec,
    Template,
    offers,
    provider_specs,
    rules,
    templates,
)

SEED = "techniekkaart-demo"
A, K, S = Activity.Audience, Activity.Kind, Activity.Status
ONCE, WEEKLY, MONTHLY = (f.value for f in Schedule.Frequency)
HIDDEN_STATUSES = (S.DRAFT, S.DRAFT, S.DRAFT, S.SUBMITTED, S.SUBMITTED, S.ARCHIVED, S.REJECTED)
PAST_ONLY_PER_COPY = 6
LOCATION_TYPE: dict[str, str] = {K.GUEST_LESSON: "school", K.ONLINE: "online"}


class Slot(NamedTuple):
    """One Schedule row, in the field order of the model."""

    frequency: str
    start_date: dt.date
    start_time: dt.time
    end_time: dt.time
    until: dt.date | None


@dataclass
class ProviderRow:
    slug: str
    spec: ProviderSpec
    place: Place
    fields: dict[str, Any]
    venues: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ActivityRow:
    template: int
    slug: str
    provider: str
    venue: str | None
    main_theme: str
    themes: tuple[str, ...]
    fields: dict[str, Any]
    slots: list[Slot]


@dataclass
class Plan:
    providers: list[ProviderRow] = field(default_factory=list)
    activities: list[ActivityRow] = field(default_factory=list)


@dataclass
class Ctx:
    """What the generator carries along: its random source, today and what was used already."""

    rng: random.Random
    today: dt.date
    usage: Counter[int]
    slugs: set[str]


def find_place(name: str) -> Place:
    return next(place for place in all_places() if place.name == name and place.pc4)


# --- Building the plan ----------------------------------------------------------------------


def build_plan(today: dt.date, scale: int = 1) -> Plan:
    plan, usage, slugs = Plan(), Counter[int](), set[str]()
    specs, pool = provider_specs(), templates()
    for copy in range(scale):
        ctx = Ctx(random.Random(f"{SEED}-{copy}"), today, usage, slugs)
        providers = [_provider(ctx, spec, copy) for spec in specs]
        activities = [a for p in providers for a in _provider_activities(ctx, p, pool)]
        _hide_some(ctx, activities)
        plan.providers += providers
        plan.activities += activities
    return plan


def _unique_slug(ctx: Ctx, text: str) -> str:
    base = slugify(text)[:130].strip("-")
    slug, n = base, 2
    while slug in ctx.slugs:
        slug, n = f"{base}-{n}", n + 1
    ctx.slugs.add(slug)
    return slug


def _copy_place(ctx: Ctx) -> Place:
    places = [place for place in all_places() if place.pc4]
    return ctx.rng.choices(places, weights=[len(p.pc4) + 1 for p in places])[0]


def _provider_name(spec: ProviderSpec, place: Place, copy: int) -> str:
    name = spec.name
    if copy and "{" not in name:  # another branch of the same firm somewhere else
        base = name.removesuffix(" (demo)")
        name = f"{base} {{place}}" + name[len(base) :]
    return name.format(place=place.name, municipality=place.municipality)


def _provider(ctx: Ctx, spec: ProviderSpec, copy: int) -> ProviderRow:
    place = find_place(spec.place) if copy == 0 else _copy_place(ctx)
    name = _provider_name(spec, place, copy)
    slug = _unique_slug(ctx, name)
    blurb = offers()[spec.kind].blurb.format(name=name, place=place.name)
    row = ProviderRow(slug, spec, place, {
        "name": name, "kind": spec.kind, "place": place.name,
        "municipality": place.municipality, "lat": place.lat, "lon": place.lon,
        "description": f"{blurb} Deze aanbieder is verzonnen voor de demo.",
        "website": f"https://example.org/{slug}",
    })  # fmt: skip
    row.venues.append(_venue(ctx, name, place))
    if ctx.rng.random() < 0.35:
        nearby = [p for p in all_places() if p.municipality == place.municipality and p.pc4]
        other = ctx.rng.choice([p for p in nearby if p != place] or nearby)
        row.venues.append(_venue(ctx, f"{name}, locatie {other.name}", other))
    return row


def _venue(ctx: Ctx, name: str, place: Place) -> dict[str, Any]:
    rng = ctx.rng
    distance, angle = rng.uniform(0.15, 1.5), rng.uniform(0, 2 * math.pi)  # km, radians
    letters = "SA"
    while letters in ("SA", "SD", "SS"):
        letters = "".join(rng.choices(data.POSTCODE_LETTERS, k=2))
    return {
        "name": name,
        "address": f"{rng.choice(data.STREETS)} {rng.randint(1, 140)}",
        "postcode": f"{rng.choice(place.pc4)} {letters}",
        "place": place.name,
        "municipality": place.municipality,
        "lat": round(place.lat + distance * math.cos(angle) / 111.32, 6),
        "lon": round(
            place.lon + distance * math.sin(angle) / (111.32 * math.cos(math.radians(place.lat))), 6
        ),
    }


def _fits(template: Template, provider: ProviderRow, kinds: tuple[str, ...]) -> bool:
    name, kind = provider.fields["name"].lower(), provider.spec.kind
    return template.kind in kinds and (
        not template.only or any(word in name or word == kind for word in template.only)
    )


def _provider_activities(
    ctx: Ctx, provider: ProviderRow, pool: tuple[Template, ...]
) -> list[ActivityRow]:
    """Prefer the provider's themes, templates used least so far and kinds it has not got yet."""
    count, kinds, _blurb = offers()[provider.spec.kind]
    fitting = [t for t in pool if _fits(t, provider, kinds)]
    done: Counter[str] = Counter()
    rows: list[ActivityRow] = []
    for _ in range(count + ctx.rng.choice((-1, 0, 0, 1))):
        used = {row.template for row in rows}
        fresh = [t for t in fitting if t.key not in used] or fitting
        themed = [t for t in fresh if t.theme in provider.spec.themes] or fresh
        template = min(themed, key=lambda t: (ctx.usage[t.key], done[t.kind], ctx.rng.random()))
        rows.append(_activity(ctx, provider, template))
        ctx.usage[template.key] += 1
        done[template.kind] += 1
    return rows


def _activity(ctx: Ctx, provider: ProviderRow, template: Template) -> ActivityRow:
    rng, rule, kind = ctx.rng, rules()[template.kind], template.kind
    venue = rng.choice(provider.venues) if kind not in (K.GUEST_LESSON, K.ONLINE) else None
    place = venue["place"] if venue else provider.place.name
    title = template.titles[ctx.usage[template.key] % len(template.titles)]
    title = title.format(place=place, provider=provider.fields["name"])
    slug = _unique_slug(ctx, title if place in title else f"{title} {place}")
    min_age, max_age = map(int, rng.choice(rule.ages).split("-"))
    audience = rng.choice(rule.audiences)
    fields = {
        "title": title, "summary": template.summary, "kind": kind,
        "min_age": min_age, "max_age": max_age, "audience": audience,
        "price": Decimal(rng.choice(rule.prices)),
        "wheelchair_accessible": venue is not None and rng.random() < 0.5,
        "location_type": LOCATION_TYPE.get(kind, "locatie"),
        "status": S.PUBLISHED,
        "last_confirmed": ctx.today - dt.timedelta(days=rng.randint(0, 89)),
        "description": _description(template, provider, place, audience, min_age),
        **_signup(ctx, rng.choice(rule.signups), provider.slug, slug),
    }  # fmt: skip
    fields.update(_availability(ctx, kind, audience, min_age, max_age))
    slots = _slots(ctx, kind, audience) if fields["availability"] == "data" else []
    others = data.RELATED[template.theme]
    themes = tuple(rng.sample(others, rng.choice((0, 1, 1, 2))))
    venue_name = venue["name"] if venue else None
    return ActivityRow(
        template.key, slug, provider.slug, venue_name, template.theme, themes, fields, slots
    )


def _description(
    template: Template, provider: ProviderRow, place: str, audience: str, min_age: int
) -> str:
    name = provider.fields["name"]
    where_by_kind: dict[str, str] = {
        K.GUEST_LESSON: f"Een vakmens van {name} komt hiervoor naar jullie school.",
        K.ONLINE: "Je doet mee vanaf je eigen computer of tablet, thuis of in de klas.",
    }
    where = where_by_kind.get(template.kind, f"Je bent welkom bij {name} in {place}.")
    who_by_audience: dict[str, str] = {
        A.SCHOOLS: "De leerkracht meldt de klas aan.",
        A.BOTH: "Kom met je ouders, of vraag je juf of meester om met de klas te komen.",
    }
    who = who_by_audience.get(audience)
    if who is None:
        young = min_age < 8
        who = "Kinderen onder de 8 komen met een ouder mee." if young else "Ouders mogen kijken."
    return f"{template.description} {where} {who}"


def _signup(ctx: Ctx, method: str, provider_slug: str, slug: str) -> dict[str, str]:
    fields = {"signup_method": method, "signup_url": "", "signup_email": "", "signup_phone": ""}
    if method == "link":
        fields["signup_url"] = f"https://example.org/aanmelden/{slug}"
    elif method == "email":
        fields["signup_email"] = f"{provider_slug[:40].strip('-')}@example.org"
    elif method == "telefoon":
        fields["signup_phone"] = f"038-{ctx.rng.randint(4200000, 4699999)}"
    return fields


def school_groups(min_age: int, max_age: int) -> str:
    """Ages to Dutch school years: 8-12 is "groep 5-8"; up to 14 adds the first years of vo."""
    first, last = max(min_age - 3, 1), min(max_age - 4, 8)
    groups = f"groep {first}-{last}" if first < last else f"groep {first}"
    return groups + (" en de brugklas" if max_age > 12 else "")


def _availability(ctx: Ctx, kind: str, audience: str, min_age: int, max_age: int) -> dict:
    rng = ctx.rng
    if kind == K.MUSEUM:
        return {"availability": "altijd", "availability_text": rng.choice(data.OPENING_HOURS)}
    if kind == K.ONLINE and rng.random() < 0.3:
        return {"availability": "altijd", "availability_text": "Altijd online, in je eigen tempo"}
    requested = kind == K.GUEST_LESSON or (kind == K.TECHLAB and rng.random() < 0.6)
    if requested or (audience == A.SCHOOLS and kind in (K.COMPANY_VISIT, K.WORKSHOP)):
        text = f"Voor {school_groups(min_age, max_age)}, {rng.choice(data.ON_REQUEST)}"
        return {"availability": "aanvraag", "availability_text": text}
    return {"availability": "data", "availability_text": ""}


# --- Dates ----------------------------------------------------------------------------------


def _times(text: str) -> tuple[dt.time, dt.time]:
    start, end = text.split("-")
    return dt.time.fromisoformat(start), dt.time.fromisoformat(end)


def _next(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _slots(ctx: Ctx, kind: str, audience: str) -> list[Slot]:
    if kind in (K.CLUB, K.ONLINE):
        return _series(ctx, data.CLUB_SLOTS if kind == K.CLUB else data.ONLINE_SLOTS)
    if kind == K.CAMP:
        return _camp(ctx)
    school = audience == A.SCHOOLS
    times = data.OPEN_DAY_TIMES if kind == K.OPEN_DAY else data.FAMILY_TIMES
    times = data.SCHOOL_TIMES if school else times
    days = data.SCHOOL_DAYS if school else data.FAMILY_DAYS
    return _dates(ctx, days, _times(ctx.rng.choice(times)))


def _dates(ctx: Ctx, weekdays: tuple[int, ...], times: tuple[dt.time, dt.time]) -> list[Slot]:
    """One to three single dates, mostly within 90 days; one in eight starts this week."""
    rng, tomorrow = ctx.rng, ctx.today + dt.timedelta(days=1)
    soon = rng.random() < 0.125
    days = set()
    for n in range(rng.choice((1, 1, 1, 2, 2, 3))):
        start = tomorrow if soon and n == 0 else tomorrow + dt.timedelta(days=rng.randint(0, 84))
        days.add(_next(start, rng.choice(weekdays)))
    return [Slot(ONCE, day, *times, None) for day in sorted(days)]


def _series(ctx: Ctx, slots: tuple[tuple[int, str], ...]) -> list[Slot]:
    """A weekly or monthly series; some started a few weeks ago, none lasts over a year."""
    rng = ctx.rng
    weekday, times = rng.choice(slots)
    start = _next(ctx.today + dt.timedelta(days=1), weekday)
    start -= dt.timedelta(weeks=rng.choice((0, 0, 2, 4)))
    if rng.random() < 0.6:
        until = start + dt.timedelta(weeks=rng.randint(8, 30))
        return [Slot(WEEKLY, start, *_times(times), until)]
    start += dt.timedelta(weeks=rng.randint(0, 3))
    until = start + dt.timedelta(days=30 * rng.randint(4, 12))
    return [Slot(MONTHLY, start, *_times(times), until)]


def _camp(ctx: Ctx) -> list[Slot]:
    rng = ctx.rng
    first = _next(ctx.today + dt.timedelta(days=rng.randint(14, 80)), rng.choice((0, 1, 2)))
    times = _times(rng.choice(data.CAMP_TIMES))
    return [
        Slot(ONCE, first + dt.timedelta(days=n), *times, None) for n in range(rng.randint(2, 4))
    ]


def _hide_some(ctx: Ctx, rows: list[ActivityRow]) -> None:
    """A few drafts and archived rows, and a few activities whose only dates have passed."""
    rng = ctx.rng
    hidden = rng.sample(range(len(rows)), len(HIDDEN_STATUSES))
    for index, status in zip(hidden, HIDDEN_STATUSES, strict=True):
        rows[index].fields["status"] = status
    dated = [i for i, row in enumerate(rows) if row.slots and i not in hidden]
    for index in rng.sample(dated, PAST_ONLY_PER_COPY):
        day = ctx.today - dt.timedelta(days=rng.randint(3, 60))
        rows[index].slots = [Slot(ONCE, day, *_times(rng.choice(data.FAMILY_TIMES)), None)]


# --- Writing --------------------------------------------------------------------------------


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    deleted: int = 0


def load_demo(*, scale: int = 1, wipe: bool = False) -> str:
    """Load (or refresh) the demo catalogue and return a one-line summary in Dutch."""
    plan = build_plan(timezone.localdate(), scale)
    with transaction.atomic():
        if wipe:
            for model in (Occurrence, Schedule, Activity, Venue, Provider):  # themes stay
                model.objects.all().delete()
        counts = write_plan(plan)
    return summary(plan, counts)


def write_plan(plan: Plan) -> Counts:
    counts, theme_ids = Counts(), dict(Theme.objects.values_list("slug", "pk"))
    missing = sorted({a.main_theme for a in plan.activities} - set(theme_ids))
    if missing:
        raise LookupError(f"Thema's ontbreken (eerst migrate draaien?): {', '.join(missing)}")
    providers = {p.slug: {"slug": p.slug, **p.fields} for p in plan.providers}
    provider_ids = _upsert(Provider.objects.filter(slug__in=list(providers)), providers, counts)
    venues = {
        (provider_ids[p.slug], v["name"]): {"provider_id": provider_ids[p.slug], **v}
        for p in plan.providers
        for v in p.venues
    }
    stored_venues = Venue.objects.filter(provider_id__in=list(provider_ids.values()))
    venue_ids = _upsert(stored_venues, venues, counts)
    activities = {
        a.slug: _activity_values(a, provider_ids, venue_ids, theme_ids) for a in plan.activities
    }
    activity_ids = _upsert(Activity.objects.filter(slug__in=list(activities)), activities, counts)
    wanted = {(activity_ids[a.slug], theme_ids[t]) for a in plan.activities for t in a.themes}
    _write_themes(list(activity_ids.values()), wanted, counts)
    _write_occurrences(_write_schedules(plan, activity_ids, counts), counts)
    return counts


def _key(obj: Any) -> Any:
    """How a stored row is found again: a venue by provider and name, the others by slug."""
    return (obj.provider_id, obj.name) if isinstance(obj, Venue) else obj.slug


def _upsert(stored: models.QuerySet, rows: dict[Any, dict[str, Any]], counts: Counts) -> dict:
    """Create missing rows and update rows that differ; returns the primary key of each row."""
    model, existing = stored.model, {_key(obj): obj for obj in stored}
    create, update = [], []
    for key, values in rows.items():
        obj = existing.get(key)
        if obj is None:
            create.append(model(**values))
        elif any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            update.append(obj)
    names = list(next(iter(rows.values()), {}))
    if model is Activity:  # bulk_update does not touch auto_now fields
        now = timezone.now()
        for obj in update:
            obj.updated = now
        names.append("updated")
    model.objects.bulk_create(create, batch_size=500)
    model.objects.bulk_update(update, names, batch_size=500)
    counts.created, counts.updated = counts.created + len(create), counts.updated + len(update)
    return {_key(obj): obj.pk for obj in stored.all()}


def _activity_values(
    row: ActivityRow, provider_ids: dict, venue_ids: dict, theme_ids: dict
) -> dict[str, Any]:
    provider_id = provider_ids[row.provider]
    return {
        "slug": row.slug,
        "provider_id": provider_id,
        "venue_id": venue_ids[(provider_id, row.venue)] if row.venue else None,
        "main_theme_id": theme_ids[row.main_theme],
        **row.fields,
    }


def _write_themes(activity_ids: list[int], wanted: set[tuple[int, int]], counts: Counts) -> None:
    through = Activity.themes.through
    stored = through.objects.filter(activity_id__in=activity_ids)
    have = {(a, t): pk for pk, a, t in stored.values_list("pk", "activity_id", "theme_id")}
    stale = [pk for pair, pk in have.items() if pair not in wanted]
    if stale:
        counts.deleted += through.objects.filter(pk__in=stale).delete()[0]
    new = [through(activity_id=a, theme_id=t) for a, t in sorted(wanted - set(have))]
    through.objects.bulk_create(new, batch_size=500)
    counts.created += len(new)


def _slot_key(slot: Slot) -> tuple:
    return (
        slot.start_date,
        slot.start_time,
        slot.end_time,
        slot.frequency,
        slot.until or dt.date.min,
    )


def _stored_schedules(activity_ids: list[int]) -> dict[int, list[Schedule]]:
    result: dict[int, list[Schedule]] = {pk: [] for pk in activity_ids}
    for schedule in Schedule.objects.filter(activity_id__in=activity_ids).order_by("pk"):
        result[schedule.activity_id].append(schedule)
    return result


def _write_schedules(
    plan: Plan, activity_ids: dict[str, int], counts: Counts
) -> dict[int, list[Schedule]]:
    """Replace the schedules of each activity whose schedules differ from the plan."""
    stored = _stored_schedules(list(activity_ids.values()))
    stale, new = [], []
    for row in plan.activities:
        pk = activity_ids[row.slug]
        have = [Slot(*(getattr(s, name) for name in Slot._fields)) for s in stored[pk]]
        if sorted(have, key=_slot_key) != sorted(row.slots, key=_slot_key):
            stale.append(pk)
            new += [Schedule(activity_id=pk, **slot._asdict()) for slot in row.slots]
    if not stale:
        return stored
    counts.deleted += Schedule.objects.filter(activity_id__in=stale).delete()[0]
    Schedule.objects.bulk_create(new, batch_size=500)
    counts.created += len(new)
    return _stored_schedules(list(activity_ids.values()))


def _write_occurrences(schedules: dict[int, list[Schedule]], counts: Counts) -> None:
    """Store exactly what catalogue.services.activity_sync_occurrences would, in bulk."""
    have: dict[int, set[tuple]] = defaultdict(set)
    stored = Occurrence.objects.filter(activity_id__in=list(schedules))
    for activity_id, *rest in stored.values_list("activity_id", "schedule_id", "start", "end"):
        have[activity_id].add(tuple(rest))
    stale, new = [], []
    for pk, rows in schedules.items():
        wanted = {
            (s.pk, start, end)
            for s in rows
            for start, end in expand(**{name: getattr(s, name) for name in Slot._fields})
        }
        if wanted != have[pk]:
            stale.append(pk)
            new += [Occurrence(activity_id=pk, schedule_id=s, start=a, end=b) for s, a, b in wanted]
    if stale:
        counts.deleted += Occurrence.objects.filter(activity_id__in=stale).delete()[0]
    new.sort(key=lambda o: (o.activity_id, o.start, o.schedule_id))
    Occurrence.objects.bulk_create(new, batch_size=1000)
    counts.created += len(new)


def summary(plan: Plan, counts: Counts) -> str:
    mine = Activity.objects.filter(slug__in=[row.slug for row in plan.activities])
    venues = [v for p in plan.providers for v in p.venues]
    return (
        f"Demo-aanbod: {len(plan.providers)} aanbieders, {len(plan.activities)} activiteiten "
        f"({mine.public().count()} openbaar), {len(venues)} locaties in "
        f"{len({v['municipality'] for v in venues})} gemeenten, "
        f"{Occurrence.objects.filter(activity__in=mine).count()} data; "
        f"{counts.created} rijen nieuw, {counts.updated} bijgewerkt, {counts.deleted} verwijderd."
    )
