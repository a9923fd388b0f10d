"""Make N synthetic quiz results (plus start counters and sign-up clicks) for timing the impact dashboard.

Never for production data: the results are random and marked by nothing but their randomness."""

from __future__ import annotations

import datetime as dt
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from catalogue.models import Activity, DailyCount, Theme
from catalogue.places import municipalities
from quiz.models import DailyStart, Result, new_code, top_theme_of


class Command(BaseCommand):
    help = "Maak synthetische quizuitslagen om het cijferoverzicht te timen."

    def add_arguments(self, parser):
        parser.add_argument("--results", type=int, default=100_000)
        parser.add_argument("--days", type=int, default=365)
        parser.add_argument("--seed", type=int, default=6)

    def handle(self, *args, results: int, days: int, seed: int, **options):
        rng = random.Random(seed)  # noqa: S311 - synthetic data, not a secret
        themes = list(Theme.objects.values_list("slug", flat=True)) or ["bouwen", "maken", "water"]
        places = municipalities()
        weights = [rng.uniform(0.2, 3) for _ in places]
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        per_day: dict[dt.date, int] = {}
        rows = []
        for _i in range(results):
            created = now - dt.timedelta(hours=rng.randrange(days * 24))
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
                    opened=created if rng.random() < 0.45 else None,
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
        self.stdout.write(f"{results} uitslagen gemaakt over {days} dagen.")
