"""The coordinator edits the about, partner, privacy and accessibility pages here."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from pages.models import Page


@admin.register(Page)
class PageAdmin(TranslationAdmin):  # title, intro and text in every language (issue 18)
    list_display = ["title", "slug", "published", "order", "updated"]
    list_editable = ["order"]
    search_fields = ["title", "intro", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "intro", "body", "order", "published"]

    def get_readonly_fields(self, request: HttpRequest, obj: Page | None = None) -> list[str]:
        # The fixed pages are linked from every page footer: their address stays put.
        return ["slug"] if obj is not None and obj.is_fixed else []

    def get_prepopulated_fields(self, request: HttpRequest, obj: Page | None = None) -> dict:
        return {} if obj is not None and obj.is_fixed else self.prepopulated_fields

    def has_delete_permission(self, request: HttpRequest, obj: Page | None = None) -> bool:
        if obj is not None and obj.is_fixed:
            return False
        return super().has_delete_permission(request, obj)
