"""Small builders for test data. Every builder takes keyword overrides and saves through the services."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import itertools
import re
from dataclasses import dataclass
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


# Builders that several test modules share (moved here from the modules that first needed them) ---------


def member(django_user_model: Any, provider: Provider, email: str) -> Any:
    """A user who may act for `provider` in the portal."""
    from portal.models import Membership

    user = django_user_model.objects.create_user(email, email, "wachtwoord-voor-test-123")
    Membership.objects.create(user=user, provider=provider)
    return user


SIGNUP = {
    "name": "Bouwbedrijf De Steiger", "kind": "bedrijf", "municipality": "Kampen", "place": "IJsselmuiden",
    "website": "example.org", "contact_name": "Sam de Vries", "email": "Sam@Example.org",
    "phone": "", "password": "een-lang-en-eigen-wachtwoord-42",
}  # fmt: skip


def link_in(message: Any) -> str:
    """The path of the first link to this site in a sent mail."""
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def activity_post(theme: Theme, venue: Venue | None = None, **extra: Any) -> dict[str, Any]:
    """The portal's activity form filled in: a weekly series from three days from now."""
    start = timezone.localdate() + dt.timedelta(days=3)
    data = {
        "title": "Robots bouwen", "summary": "Bouw en programmeer een robot.", "description": "",
        "main_theme": theme.pk, "kind": "workshop", "min_age": 8, "max_age": 12, "audience": "gezin",
        "price": "0", "signup_method": "geen", "location_type": "locatie", "availability": "data",
        "availability_text": "", "image_alt": "",
        "data-TOTAL_FORMS": 1, "data-INITIAL_FORMS": 0, "data-MIN_NUM_FORMS": 0, "data-MAX_NUM_FORMS": 20,
        "data-0-frequency": "wekelijks", "data-0-start_date": start.isoformat(),
        "data-0-start_time": "14:00", "data-0-end_time": "16:00",
        "data-0-until": (start + dt.timedelta(days=14)).isoformat(),
    }  # fmt: skip
    if venue:
        data["venue"] = venue.pk
    return {**data, **extra}


def import_day(n: int) -> str:
    """A date n days from today as the import file writes it."""
    return f"{timezone.localdate() + dt.timedelta(days=n):%d-%m-%Y}"


def good_row(ref: str = "WS-1", **change: str) -> dict[str, str]:
    """One valid row of the spreadsheet import."""
    row = {
        "kenmerk": ref, "titel": "Bouw een brug", "korte_uitleg": "Hoe sterk is jouw brug?",
        "thema": "bouwen", "andere_themas": "", "soort": "workshop", "leeftijd_vanaf": "8",
        "leeftijd_tot": "12", "voor_wie": "gezin", "prijs": "0", "rolstoel": "nee",
        "aanmelden": "geen", "waar": "locatie", "locatie_naam": "De Werkplaats",
        "locatie_adres": "Dorpsstraat 1", "locatie_postcode": "8011 AB", "locatie_plaats": "Zwolle",
        "wanneer": "data", "datum": import_day(14), "begintijd": "14:00", "eindtijd": "16:00",
        "herhaling": "eenmalig", "tot_en_met": "",
    }  # fmt: skip
    return {**row, **change}


def csv_file(
    rows: Any, *, delimiter: str = ";", encoding: str = "utf-8-sig", columns: Any = None
) -> bytes:
    """Import rows as a CSV file (the import's own columns unless `columns`)."""
    from portal import importer

    buffer = io.StringIO()
    fieldnames = list(importer.COLUMNS if columns is None else columns)
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, delimiter=delimiter, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def module(
    title: str = "Lassen (test)",
    *,
    owner: Provider | None = None,
    profiles: str = "pie",
    levels: str = "basis",
    place: str = "Zwolle",
    status: str = "",
    partners: Any = (),
    **fields: Any,
) -> Any:
    """An elective module (Menukaart) saved straight to the database, published unless `status`."""
    from electives.models import Level, Module, Profile

    owner = owner or provider("Techniekcollege Test", kind="mbo")
    found = find_place(place)
    assert found is not None, place
    defaults: dict[str, Any] = {
        "slug": re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"),
        "summary": "Leerlingen lassen een kleine constructie.",
        "hours": 40,
        "period": "schooljaar 2026-2027, blok 3",
        "contact_name": "Anouk Smid",
        "contact_email": "anouk@example.org",
        "place": found.name,
        "municipality": found.municipality,
        "lat": found.lat,
        "lon": found.lon,
    }
    made = Module.objects.create(
        title=title,
        provider=owner,
        status=status or Module.Status.PUBLISHED,
        **{**defaults, **fields},
    )
    made.profiles.set(Profile.objects.filter(slug__in=profiles.split()))
    made.levels.set(Level.objects.filter(slug__in=levels.split()))
    made.partners.set(partners)
    return made


def first_pages() -> None:
    """The about pages the migration writes; recreated after transactional (browser) tests flushed them."""
    from pages.models import Page

    first_versions = importlib.import_module("pages.migrations.0002_first_versions")
    for slug, title, intro, body, order in first_versions.PAGES:
        Page.objects.get_or_create(
            slug=slug, defaults={"title": title, "intro": intro, "body": body, "order": order}
        )


@dataclass
class XssPublic:
    """Every payload of tests/xss_payloads.py in the public catalogue: one activity each, 20 providers."""

    texts: list[str]
    owners: list[Provider]
    activities: list[Activity]

    def urls(self) -> list[str]:
        urls = ["/", "/activiteiten/", f"/activiteiten/?q={self.texts[5][:50]}"]
        urls += [a.get_absolute_url() for a in self.activities]
        return urls + [o.get_absolute_url() for o in self.owners]


def xss_public(texts: list[str]) -> XssPublic:
    """Each payload as an activity's title, summary, description and image text (the first one also as
    its availability text), and the first 20 as providers' names."""
    owners = [provider(f"Aanbieder {p}") for p in texts[:20]]
    activities = [
        activity(
            text[:120],
            owner=owners[n % len(owners)],
            summary=text[:200],
            description=text,
            image_alt=text[:200],
            signup_method="geen",
        )
        for n, text in enumerate(texts)
    ]
    Activity.objects.filter(pk=activities[0].pk).update(
        availability="aanvraag", availability_text=texts[0][:200]
    )
    return XssPublic(texts, owners, activities)


@dataclass
class XssPrivate:
    """Payloads where providers and coordinators read them: 40 drafts of one provider (20 submitted, one
    sent back with a payload as the reason), its name, contact, venue name and address."""

    owner: Provider
    user: Any
    coordinator: Any
    drafts: list[Activity]

    def portal_urls(self, step: int = 1) -> list[str]:
        urls = ["/portaal/", f"/portaal/organisatie/{self.owner.slug}/nieuw/"]
        for draft in self.drafts[::step]:
            urls += [
                f"/portaal/activiteit/{draft.slug}/",
                f"/portaal/activiteit/{draft.slug}/voorbeeld/",
            ]
        return urls

    def coordinator_urls(self, step: int = 1) -> list[str]:
        urls = ["/moderatie/", "/moderatie/logboek/"]
        urls += [f"/moderatie/{a.slug}/" for a in self.drafts[1:20:step]]
        return [
            *urls,
            "/beheer/catalogue/activity/",
            f"/beheer/catalogue/activity/{self.drafts[5].pk}/change/",
            "/beheer/catalogue/provider/",
            f"/beheer/catalogue/provider/{self.owner.pk}/change/",
            "/beheer/catalogue/venue/",
            "/beheer/moderation/auditlog/",
        ]


def xss_private(texts: list[str], django_user_model: Any) -> XssPrivate:
    from moderation import services

    owner = provider("Aanbieder " + texts[1][:80], contact_name=texts[2][:80])
    user = member(django_user_model, owner, "p@example.org")
    coordinator = django_user_model.objects.create_superuser(
        "co@example.org", "co@example.org", "x"
    )
    place = venue(owner, name=texts[3][:100], address=texts[4][:100])
    drafts = [
        activity(
            text[:120],
            owner=owner,
            summary=text[:200],
            description=text,
            image_alt=text[:200],
            signup_method="geen",
            venue=place,
            status=Activity.Status.DRAFT,
        )
        for text in texts[:40]
    ]
    for draft in drafts[:20]:
        services.activity_submit(activity=draft, by=user)
    services.activity_request_changes(activity=drafts[0], by=coordinator, reason=texts[6][:500])
    return XssPrivate(owner, user, coordinator, drafts)


def theme_characters() -> None:
    """Give every theme its result character ("Bouwer"), as the quiz migration does: transactional
    tests flush the table, and theme_named() recreates themes without one."""
    import json

    data = json.loads((DATA_DIR.parent.parent / "quiz" / "data" / "themes.json").read_text("utf-8"))
    for slug, extra in data.items():
        Theme.objects.filter(slug=slug).update(character=extra["character"])


def edit_post(act: Activity, **change: Any) -> dict[str, Any]:
    """The portal form as it is shown for `act` (one dated schedule), with `change` typed over it."""
    data = activity_post(act.main_theme, act.venue, title=act.title)
    schedule = act.schedules.get()
    data.update({
        "data-INITIAL_FORMS": 1, "data-0-id": schedule.pk, "data-0-activity": act.pk,
        "data-0-frequency": "eenmalig", "data-0-until": "",
        "data-0-start_date": schedule.start_date.isoformat(), "data-0-start_time": "10:00",
        "data-0-end_time": "12:00", "summary": act.summary,
        "themes": [theme.pk for theme in act.themes.all()],
    })  # fmt: skip
    return {**data, **change}


def class_request(act: Activity, **fields: Any) -> Any:
    """A confirmed class request (visits) for `act`, as a provider sees it in the portal."""
    from visits.models import VisitRequest

    defaults: dict[str, Any] = {
        "school": "De Vlieger", "groep": 6, "pupils": 24, "place": "Dalfsen", "municipality": "Dalfsen",
        "email": "juf@school.example", "email_confirmed": timezone.now(), "created": timezone.now(),
    }  # fmt: skip
    return VisitRequest.objects.create(activity=act, **{**defaults, **fields})


def migration_data() -> None:
    """Transactional tests empty the tables that the data migrations fill: put back the themes,
    the quiz and the STO regions as a new database has them, with the shipped translations."""
    import importlib

    from django.apps import apps
    from django.db import migrations

    from quiz.models import Question
    from regions.models import STORegion
    from techniekkaart import content_translations

    steps = [
        (Theme, ["catalogue.migrations.0002_themes", "catalogue.migrations.0003_theme_character_theme_jobs"]),
        (Question, ["quiz.migrations.0002_questions", "quiz.migrations.0007_child_texts_a2"]),
        (STORegion, ["regions.migrations.0002_load_regions"]),
    ]  # fmt: skip
    for model, names in steps:
        if model.objects.exists():
            continue
        for name in names:
            for operation in importlib.import_module(name).Migration.operations:
                if isinstance(operation, migrations.RunPython):
                    operation.code(apps, None)
    content_translations.fill(apps.get_model)
