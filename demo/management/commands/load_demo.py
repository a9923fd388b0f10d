"""Load the fictional demo catalogue of Regio Zwolle; see demo/catalogue.py."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from demo.catalogue import load_demo


class Command(BaseCommand):
    help = (
        "Laad een verzonnen demo-aanbod van techniekactiviteiten in Regio Zwolle. "
        "Twee keer draaien op dezelfde dag verandert niets."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Zoveel keer het aanbod, voor metingen (standaard 1).",
        )
        parser.add_argument(
            "--wipe",
            action="store_true",
            help="Verwijder eerst alle aanbieders, locaties, activiteiten en data (thema's blijven).",
        )

    def handle(self, *args: Any, scale: int, wipe: bool, **options: Any) -> None:
        if scale < 1:
            raise CommandError("--scale moet 1 of groter zijn.")
        try:
            line = load_demo(scale=scale, wipe=wipe)
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(line)
