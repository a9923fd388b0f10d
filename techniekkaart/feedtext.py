"""Provider and coordinator text as plain text for RSS and Atom readers.

Feed readers show an RSS <description> and an Atom <summary type="html"> as HTML, and many show an
RSS <title> as HTML too. Django's feed generator escapes a value once, for XML only, so a provider's
``<b>`` or ``<img onerror>`` in a title or summary reached the reader as markup. Our fields are plain
text (the site escapes them), so feeds send them as text: tags stripped, and where the element is
read as HTML, escaped once more so a literal ``&lt;`` stays text. Nothing is unescaped."""

from __future__ import annotations

from django.utils.html import escape, strip_tags


def feed_text(value: object) -> str:
    """For titles and categories: plain text without tags, whitespace folded."""
    return " ".join(strip_tags(str(value or "")).split())


def feed_html(value: object) -> str:
    """For descriptions (read as HTML by every reader): feed_text, HTML-escaped."""
    return escape(feed_text(value))
