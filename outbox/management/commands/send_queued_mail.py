from django.core.management.base import BaseCommand

from outbox.mail import send_queued


class Command(BaseCommand):
    help = (
        "Verstuur mail die eerder niet weg kon (mailserver onbereikbaar). Draai elke paar minuten."
    )

    def handle(self, *args, **options) -> None:
        sent, failed = send_queued()
        self.stdout.write(f"{sent} verstuurd, {failed} nog in de wachtrij")
