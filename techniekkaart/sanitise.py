"""The one HTML sanitiser for text the coordinator writes (pages, news items), built on nh3.

Pages, news and the newsletter import `clean_html`: bodies are cleaned when saved and again when rendered, so a row
written by a command, a fixture or an older version of this list is still safe to show.

Allowed: headings h2-h4 (h1 is the page title), paragraphs, lists, links, images, strong, em and
blockquote. Links keep only http, https and mailto (or a path on this site) and always get
rel="noopener noreferrer". Images keep src and alt, and src must be this site's media or https.
Everything else (scripts, styles, event attributes, iframes, forms) is dropped; the content of
script and style elements is dropped with them.
"""

from __future__ import annotations

import re

import nh3
from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Shown under the body field in the admin, which prints help texts as HTML: no tags in here.
BODY_HELP = _(
    "Opmaak in HTML. Toegestaan: tussenkoppen (h2, h3, h4), alinea's (p), lijstjes (ul, ol, li), "
    "links (a met href), plaatjes (img met src en alt), vet (strong), schuin (em) en citaten "
    "(blockquote). Al het andere halen we weg bij het opslaan."
)
TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "a", "img", "strong", "em", "blockquote"}
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
URL_SCHEMES = {"http", "https", "mailto"}
# nh3's output quotes every attribute and escapes < and > inside values, so a tag ends at the first >.
IMG = re.compile(r"<img\b[^>]*>")
ATTRIBUTE_NAME = re.compile(r'\s([a-z]+)="[^"]*"')


def _image_source_allowed(src: str) -> bool:
    media = settings.MEDIA_URL
    if media.startswith("/") and src.startswith(media) and not src.startswith("//"):
        return True
    return src.startswith("https://")


def _filter(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        return value if _image_source_allowed(value.strip()) else None
    return value


def clean_html(html: str, *, tags: set[str] = TAGS) -> str:
    """Safe HTML from whatever was typed; empty input gives an empty string. `tags` narrows or
    changes the allowed set (the newsletter's mails take no images, but line breaks and rules)."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=tags,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        attribute_filter=_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return IMG.sub(_fix_image, cleaned)


def _fix_image(match: re.Match[str]) -> str:
    """Drop an image whose source was refused; give one without alt an empty (decorative) alt."""
    tag = match.group(0)
    names = set(ATTRIBUTE_NAME.findall(tag))
    if "src" not in names:
        return ""
    return tag if "alt" in names else tag[:-1] + ' alt="">'
