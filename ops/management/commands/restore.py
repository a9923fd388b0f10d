"""``manage.py restore pad [--yes]``: put a backup from ``manage.py backup`` back; see ops/backup.py."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, created_at, restore


class Command(BaseCommand):
    help = (
        "Zet een backup van `manage.py backup` terug: alle gegevens en foto's. Het bestand wordt "
        "eerst helemaal gecontroleerd. Een database die al in gebruik is wordt alleen vervangen "
        "met --yes. Lukt het niet, dan blijft de database zoals hij was."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="Het backupbestand (.tar.gz).")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Ook als de database al gegevens heeft: die worden dan vervangen.",
        )
        parser.add_argument(
            "--database", default="default", help="Welke database (standaard: default)."
        )

    def handle(self, *args: Any, path: str, yes: bool, database: str, **options: Any) -> None:
        try:
            done = restore(Path(path), yes=yes, using=database, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(done.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Teruggezet: de backup van {created_at(done.manifest)} ({rows} rijen, "
                f"{done.media} bestanden). Alle aantallen kloppen met de backup."
            )
        )
