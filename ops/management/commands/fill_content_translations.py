"""Fill the language columns of the quiz, theme and page texts from locale/content/*.json again,
after a translation file changed (techniekkaart/content_translations.py). Only empty columns,
unless --overwrite: what the coordinator wrote in the admin stays."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser

from techniekkaart.content_translations import fill


class Command(BaseCommand):
    help = "Vult de vertalingen van thema's, quizvragen en pagina's uit locale/content/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--overwrite", action="store_true", help="Ook ingevulde vertalingen.")

    def handle(self, *args: Any, overwrite: bool = False, **options: Any) -> None:
        changed = fill(apps.get_model, overwrite=overwrite)
        self.stdout.write(f"{changed} bijgewerkt.")
