"""Sends what is waiting: confirmation mails that did not go out yet, then queued issues.

Run it every few minutes (cron / systemd timer). Safe to run again at any moment, also after it
stopped halfway or while the mail server was down: nobody gets an issue twice, nobody is skipped
(see newsletter.services.send_issue for the one uncertain case)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from newsletter import services


class Command(BaseCommand):
    help = "Verstuurt wachtende bevestigingsmails en klaargezette nieuwsbrieven (hervatbaar)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=100)
        parser.add_argument(
            "--limit", type=int, default=None, help="Stop na zoveel nieuwsbrief-mails in deze run."
        )

    def handle(self, *args, batch_size: int, limit: int | None, **options) -> None:
        sent, failed = services.send_pending_confirmations()
        if sent or failed:
            self.stdout.write(f"Bevestigingsmails: {sent} verstuurd, {failed} mislukt.")
        remaining = limit
        for issue in services.issues_to_send():
            result = services.send_issue(issue, batch_size=max(1, batch_size), limit=remaining)
            state = "klaar" if result.finished else "nog niet klaar"
            self.stdout.write(
                f"Nieuwsbrief {issue.pk} ({issue.subject}): {result.sent} verstuurd, {state}."
            )
            if result.failed:
                self.stderr.write("De mailserver weigerde een mail; de volgende run gaat verder.")
                break
            if remaining is not None:
                remaining -= result.sent
                if remaining <= 0:
                    break
