"""Daily: remind providers to confirm their ongoing offers (on request / always open)."""

from typing import Any

from django.core.management.base import BaseCommand

from portal.freshness import reminders_send


class Command(BaseCommand):
    help = "Stuur aanbieders een herinnering om doorlopend aanbod te bevestigen."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{reminders_send()} activiteiten herinnerd.")
