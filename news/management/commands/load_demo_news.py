"""Load the demo news items and success stories (idempotent: run it as often as you like)."""

from typing import Any

from django.core.management.base import BaseCommand

from news.demo import load_demo_news


class Command(BaseCommand):
    help = "Zet verzonnen voorbeeldberichten en -verhalen klaar (veilig om vaker te draaien)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{load_demo_news()} demoberichten klaargezet.")
