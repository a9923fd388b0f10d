"""The coordinator writes news and success stories here: draft, scheduled or published."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalogue import images
from catalogue.dates import validate_entered_date
from catalogue.images import SafeImageField
from news.models import NewsItem, Tag


class NewsItemForm(forms.ModelForm):
    # Never store an upload as sent: re-encoded to a fresh WebP without metadata.
    image = SafeImageField(label=_("afbeelding"), required=False)

    class Meta:
        model = NewsItem
        fields = [
            "title", "slug", "kind", "summary", "body", "image", "image_alt", "tags", "status", "publish_at",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["publish_at"].validators.append(validate_entered_date)  # catalogue.dates

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        if data is not None and data.get("image") and not data.get("image_alt"):
            self.add_error("image_alt", _("Beschrijf wat er op het plaatje staat."))
        return data


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    form = NewsItemForm
    list_display = ["title", "kind", "status", "publish_at", "shown"]
    list_filter = ["kind", "status", "tags"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["tags"]
    actions = ["publish", "to_draft"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "body"]}),
        (_("Afbeelding"), {"fields": ["image", "image_alt"]}),
        (_("Onderwerpen"), {"fields": ["tags"]}),
        (_("Publiceren"), {"fields": ["status", "publish_at"]}),
    ]

    def save_model(self, request, obj, form, change) -> None:
        with images.new_image_kept_only_if_saved(obj):
            super().save_model(request, obj, form, change)

    def changeform_view(self, request, *args, **kwargs) -> HttpResponse:
        """A full disk for uploads: no half file, no row (the admin's transaction rolls back),
        and a Dutch message instead of an error page. The form has to be filled in again."""
        try:
            return super().changeform_view(request, *args, **kwargs)
        except images.StorageFull:
            messages.error(request, images.STORAGE_FULL)
            return HttpResponseRedirect(request.get_full_path())

    @admin.display(description=_("op de site"), boolean=True)
    def shown(self, item: NewsItem) -> bool:
        return item.is_visible()

    @admin.action(description=_("Publiceren (op het gekozen moment)"))
    def publish(self, request: HttpRequest, queryset: QuerySet[NewsItem]) -> None:
        count = queryset.update(status=NewsItem.Status.PUBLISHED, updated=timezone.now())
        self.message_user(
            request,
            ngettext("%(n)d bericht gepubliceerd.", "%(n)d berichten gepubliceerd.", count)
            % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Terug naar concept"))
    def to_draft(self, request: HttpRequest, queryset: QuerySet[NewsItem]) -> None:
        count = queryset.update(status=NewsItem.Status.DRAFT, updated=timezone.now())
        self.message_user(
            request,
            ngettext("%(n)d bericht is weer concept.", "%(n)d berichten zijn weer concept.", count)
            % {"n": count},
            messages.SUCCESS,
        )
