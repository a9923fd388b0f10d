"""Reading news: what to list, what to suggest next ("lees ook")."""

from __future__ import annotations

from django.db.models import Count, Q

from news.models import NewsItem, NewsItemQuerySet, Tag

RELATED = 3


def visible_items(*, kind: str | None = None, tag: Tag | None = None) -> NewsItemQuerySet:
    items = NewsItem.objects.visible().prefetch_related("tags")
    if kind:
        items = items.filter(kind=kind)
    if tag is not None:
        items = items.filter(tags=tag)
    return items


def related_items(item: NewsItem, limit: int = RELATED) -> list[NewsItem]:
    """Items sharing the most tags first, then the latest; both kinds, never the item itself."""
    tag_ids = [tag.pk for tag in item.tags.all()]
    return list(
        NewsItem.objects.visible()
        .exclude(pk=item.pk)
        .annotate(shared=Count("tags", filter=Q(tags__in=tag_ids), distinct=True))
        .order_by("-shared", "-publish_at", "-pk")[:limit]
    )


def latest_items(limit: int = 3) -> list[NewsItem]:
    return list(NewsItem.objects.visible()[:limit])
