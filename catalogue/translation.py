"""Theme texts in every language (django-modeltranslation, issue 18): one column per language,
Dutch shown where a translation is missing. The coordinator fills them in the admin."""

from modeltranslation.translator import TranslationOptions, register

from catalogue.models import Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description", "character", "jobs")
