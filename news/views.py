"""News and success stories: a list per kind (with a tag filter) and one item with "lees ook"."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from news.models import NewsItem, Tag
from news.services import related_items, visible_items

PAGE_SIZE = 10
LISTS: dict[str, dict[str, str]] = {
    NewsItem.Kind.NEWS: {"url": "news:news", "rss": "news:news-rss", "atom": "news:news-atom"},
    NewsItem.Kind.STORY: {
        "url": "news:stories",
        "rss": "news:stories-rss",
        "atom": "news:stories-atom",
    },
}


@require_GET
def item_list(request: HttpRequest, kind: str) -> HttpResponse:
    tag_slug = request.GET.get("onderwerp", "")
    # Only a well-formed slug reaches the database (a NUL byte would be a 500 on PostgreSQL).
    tag = Tag.objects.filter(slug=tag_slug).first() if slug_re.fullmatch(tag_slug) else None
    page = Paginator(visible_items(kind=kind, tag=tag), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    context = {
        "kind": kind,
        "is_story": kind == NewsItem.Kind.STORY,
        "urls": LISTS[kind],
        "page": page,
        "tag": tag,
        "unknown_tag": bool(tag_slug) and tag is None,
        "tags": Tag.objects.filter(items__in=visible_items(kind=kind)).distinct(),
    }
    return render(request, "news/list.html", context)


@require_GET
def item_detail(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    item = get_object_or_404(NewsItem.objects.visible().prefetch_related("tags"), slug=slug)
    if item.kind != kind:  # a story under /nieuws/ or the other way round: one address each
        return HttpResponsePermanentRedirect(item.get_absolute_url())
    context = {
        "item": item,
        "is_story": item.kind == NewsItem.Kind.STORY,
        "urls": LISTS[item.kind],
        "related": related_items(item),
        "share_url": request.build_absolute_uri(item.get_absolute_url()),
        "image_url": request.build_absolute_uri(item.image.url) if item.image else "",
    }
    return render(request, "news/detail.html", context)
