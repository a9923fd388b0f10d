"""Removes sign-ups that were not confirmed within 14 days. Run daily."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from newsletter import services


class Command(BaseCommand):
    help = "Wist aanmeldingen voor de nieuwsbrief die na 14 dagen nog niet bevestigd zijn."

    def handle(self, *args, **options) -> None:
        deleted = services.delete_unconfirmed()
        self.stdout.write(f"{deleted} onbevestigde aanmelding(en) gewist.")
