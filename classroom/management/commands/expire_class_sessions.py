"""Wipe the class codes, teacher links and school names of expired class sessions (run daily)."""

from typing import Any

from django.core.management.base import BaseCommand

from classroom.services import class_sessions_expire


class Command(BaseCommand):
    help = "Maak verlopen klassessies anoniem: code, leraarlink en schoolnaam worden gewist."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{class_sessions_expire()} klassessies verlopen.")
