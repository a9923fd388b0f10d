"""Load the fictional demo keuzevakken (electives/demo.py). Run after load_demo; safe to run again."""

from django.core.management.base import BaseCommand, CommandError

from electives.demo import load_demo_electives


class Command(BaseCommand):
    help = (
        "Laadt verzonnen keuzevakken voor de demo (na load_demo); nog eens draaien verandert niets."
    )

    def handle(self, *args: object, **options: object) -> None:
        try:
            created, updated = load_demo_electives()
        except LookupError as missing:
            raise CommandError(
                f"Deze demo-aanbieders ontbreken: {missing}. Draai eerst: manage.py load_demo"
            ) from missing
        self.stdout.write(f"Demo-keuzevakken: {created} nieuw, {updated} bijgewerkt.")
