"""Make N synthetic quiz results (plus start counters and sign-up clicks) for timing the impact dashboard.

The results fall in the quarters the dashboard offers: the last --quarters quarters that have ended and lie
inside the retention window (impact.figures.is_final); some are opened, always before their quarter ended.
Never for production data: the results are random and marked by nothing but their randomness."""

from __future__ import annotations

import datetime as dt
import random
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from catalogue.models import Activity, DailyCount, Theme
from catalogue.places import municipalities
from impact import figures
from impact.figures import Period
from quiz.models import DailyStart, Result, new_code, top_theme_of


class Command(BaseCommand):
    help = "Maak synthetische quizuitslagen om het cijferoverzicht te timen."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--results", type=int, default=100_000)
        parser.add_argument("--quarters", type=int, default=3)
        parser.add_argument("--seed", type=int, default=6)

    def handle(self, *args: Any, results: int, quarters: int, seed: int, **options: Any) -> None:
        rng = random.Random(seed)  # noqa: S311 - synthetic data, not a secret
        themes = list(Theme.objects.values_list("slug", flat=True)) or ["bouwen", "maken", "water"]
        places = municipalities()
        weights = [rng.uniform(0.2, 3) for _ in places]
        now = timezone.now()
        periods: list[Period] = []
        period = Period.containing(timezone.localdate(now)).previous()
        while len(periods) < quarters and figures.is_final(period, now):
            periods.append(period)
            period = period.previous()
        if not periods:
            self.stderr.write("Geen afgelopen kwartaal binnen de bewaartermijn.")
            return
        first, last = periods[-1].bounds()[0], periods[0].bounds()[1]
        hours = int((last - first).total_seconds()) // 3600
        per_day: dict[dt.date, int] = {}
        rows = []
        for _i in range(results):
            created = first + dt.timedelta(hours=rng.randrange(hours))
            end = Period.containing(timezone.localdate(created)).bounds()[1]
            opened = created + dt.timedelta(hours=rng.randrange(48))
            chosen = rng.sample(themes, k=min(3, len(themes)))
            profile = {slug: round(rng.uniform(0.05, 1), 4) for slug in chosen}
            rows.append(
                Result(
                    code=new_code(),
                    answers=[],
                    profile=profile,
                    top_theme=top_theme_of(profile),
                    age=rng.choice([8, 9, 9, 10, 10, 11, 11, 12, None]),
                    municipality=rng.choices(places, weights)[0] if rng.random() > 0.05 else "",
                    created=created,
                    opened=opened if rng.random() < 0.45 and opened < end else None,
                )
            )
            day = timezone.localdate(created)
            per_day[day] = per_day.get(day, 0) + 1
        with transaction.atomic():
            Result.objects.bulk_create(rows, batch_size=5000)
            for day, n in per_day.items():
                started = n + rng.randint(0, n // 2 + 1)
                row, _new = DailyStart.objects.get_or_create(date=day)
                DailyStart.objects.filter(pk=row.pk).update(count=row.count + started)
            activities = list(Activity.objects.public().values_list("pk", flat=True)[:50])
            if activities:
                clicks = [
                    DailyCount(
                        activity_id=pk,
                        date=day,
                        views=rng.randint(5, 40),
                        signup_clicks=rng.randint(0, 6),
                    )
                    for day in per_day
                    for pk in rng.sample(activities, k=min(5, len(activities)))
                ]
                DailyCount.objects.bulk_create(clicks, ignore_conflicts=True, batch_size=5000)
        names = ", ".join(p.slug for p in reversed(periods))
        self.stdout.write(f"{results} uitslagen gemaakt in {names}.")
