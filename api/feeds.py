"""RSS of newly published activities, with the catalogue's filters (django.contrib.syndication)."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.db.models import Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.models import Activity
from catalogue.search import search
from moderation.models import PUBLICATIONS, AuditLog
from techniekkaart.feedtext import feed_html, feed_text

ITEMS = 30
PUBLISHING = PUBLICATIONS  # approved, published directly or by the coordinator in the admin


def newest(pks: list[int] | None) -> QuerySet[Activity]:
    """Public activities, newest first by the moment they were first published (from the audit log;
    activities published before the log existed count from their creation)."""
    first_published = (
        AuditLog.objects.filter(activity=OuterRef("pk"), action__in=PUBLISHING)
        .values("activity")
        .annotate(first=Min("created"))
        .values("first")
    )
    qs = Activity.objects.public().annotate(
        published_at=Coalesce(Subquery(first_published), "created")
    )
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    return qs.select_related("provider", "main_theme").order_by("-published_at", "-pk")


class NewActivities(Feed):
    title = gettext_lazy("Techniekkaart Regio Zwolle: nieuwe activiteiten")
    description = gettext_lazy("Nieuwe technische activiteiten voor kinderen in Regio Zwolle.")

    def get_object(self, request: HttpRequest) -> list[int] | None:
        filters = getattr(request, "api_filters", None)
        if filters is None:
            return None
        return [hit.pk for hit in search(filters).hits]

    def link(self) -> str:
        return reverse("public:activities")

    def items(self, pks: list[int] | None) -> list[Activity]:
        return list(newest(pks)[:ITEMS])

    def item_title(self, item: Activity) -> str:
        return feed_text(item.title)

    def item_description(self, item: Activity) -> str:
        """Provider text, read as HTML by feed readers: sent as text (techniekkaart.feedtext)."""
        ages = _("%(min)s-%(max)s jaar") % {"min": item.min_age, "max": item.max_age}
        return feed_html(f"{feed_text(item.summary)} ({feed_text(item.provider.name)}, {ages})")

    def item_pubdate(self, item: Activity) -> dt.datetime:
        return item.published_at  # type: ignore[attr-defined]

    def item_updateddate(self, item: Activity) -> dt.datetime:
        return item.updated

    def item_categories(self, item: Activity) -> list[str]:
        return [feed_text(item.main_theme.name)]

    def item_guid(self, item: Activity) -> str:
        return f"techniekkaart-activiteit-{item.pk}"

    item_guid_is_permalink = False
