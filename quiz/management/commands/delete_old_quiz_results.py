"""Delete quiz results older than QUIZ_RESULT_RETENTION_DAYS (run daily, e.g. from cron)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from quiz.services import quiz_results_delete_old


class Command(BaseCommand):
    help = "Verwijder quizuitslagen die ouder zijn dan de bewaartermijn."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--days", type=int, default=settings.QUIZ_RESULT_RETENTION_DAYS,
            help="Bewaartermijn in dagen (standaard QUIZ_RESULT_RETENTION_DAYS).",
        )  # fmt: skip

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        if days < 1:
            self.stderr.write("--days moet 1 of meer zijn.")
            return
        deleted = quiz_results_delete_old(older_than=dt.timedelta(days=days))
        self.stdout.write(f"{deleted} uitslagen ouder dan {days} dagen verwijderd.")
