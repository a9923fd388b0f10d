"""``manage.py backup [pad]``: database and uploaded files in one .tar.gz; see ops/backup.py."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Maak een backup van de hele site (alle gegevens en de geüploade foto's) in één "
        ".tar.gz-bestand. Zonder pad: backups/techniekkaart-<datum>-<tijd>.tar.gz. "
        "Terugzetten met `manage.py restore <bestand>`."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", nargs="?", help="Bestand of map voor de backup.")
        parser.add_argument(
            "--database", default="default", help="Welke database (standaard: default)."
        )

    def handle(self, *args: Any, path: str | None, database: str, **options: Any) -> None:
        try:
            target, manifest = backup(Path(path) if path else None, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Backup gemaakt: {target} ({rows} rijen in {len(manifest['counts'])} tabellen, "
            f"{len(manifest['media'])} bestanden, {target.stat().st_size} bytes)."
        )
