"""Daily: ask both sides "Is het doorgegaan?" after an agreed date, and forget teachers' e-mail
addresses after the retention period (and unconfirmed requests after VISIT_CONFIRM_DAYS).

`--now 2027-01-05T08:00` runs it on a simulated clock (tests, or catching up after an outage)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from visits import services
from visits.models import VisitRequest


class Command(BaseCommand):
    help = "Vraag na afloop of een klasbezoek is doorgegaan; wis oude e-mailadressen van leraren."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--now", help="ISO date-time to run as (default: now)")

    def handle(self, *args: object, **options: object) -> None:
        now = self._now(options.get("now"))
        today = timezone.localdate(now)
        asked = 0
        for request in VisitRequest.objects.filter(services.due_for_question(today)).select_related(
            "activity__provider"
        ):
            services.happened_ask(request=request, now=now)
            asked += 1
        forgotten = services.emails_forget(now=now)
        self.stdout.write(f"asked {asked}, forgot {forgotten} e-mail addresses")

    @staticmethod
    def _now(value: object) -> dt.datetime:
        if not value:
            return timezone.now()
        try:
            moment = dt.datetime.fromisoformat(str(value))
        except ValueError as error:
            raise CommandError(f"--now: {error}") from error
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
