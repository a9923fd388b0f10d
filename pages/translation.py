"""The fixed pages (about, privacy, …) in every language (django-modeltranslation, issue 18)."""

from modeltranslation.translator import TranslationOptions, register

from pages.models import Page


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "intro", "body")
