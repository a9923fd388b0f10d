"""Nightly: read every active partner feed (iCalendar or schema.org JSON-LD) into the partners'
activities, as drafts that go through moderation (portal/feedimport.py; DEPLOY.md)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from portal.feedimport import import_feed
from portal.partner_models import PartnerFeed


class Command(BaseCommand):
    help = "Lees de agenda's van partners in (iCalendar of JSON-LD), als concepten die langs de controle gaan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--provider", help="Alleen de agenda van deze aanbieder (slug).")

    def handle(self, *args: Any, **options: Any) -> None:
        feeds = PartnerFeed.objects.filter(active=True).select_related(
            "provider", "main_theme", "set_by"
        )
        if options.get("provider"):
            feeds = feeds.filter(provider__slug=options["provider"])
        for feed in feeds.order_by("pk"):
            result = import_feed(feed)
            self.stdout.write(f"{feed.provider.slug}: {result.text()}")
