"""The coordinator's admin for keuzevakken: enter modules now, publish what providers submit."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from electives.models import Module
from electives.services import module_locate
from techniekkaart import pagecache


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "status", "hours", "municipality", "updated"]
    list_filter = [
        "status",
        "profiles",
        "levels",
        "municipality",
        ("provider", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "summary", "provider__name", "place", "partners_text"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["provider", "partners", "venue"]
    readonly_fields = ["municipality", "created", "updated"]
    actions = ["publish", "archive"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "status"]}),
        (_("Voor wie"), {"fields": ["profiles", "levels", "hours"]}),
        (_("Wie"), {"fields": ["provider", "partners", "partners_text"]}),
        (_("Waar en wanneer"), {"fields": ["venue", "place", "municipality", "period"]}),
        (_("Contact voor scholen"), {"fields": ["contact_name", "contact_email", "contact_phone"]}),
        (_("Geschiedenis"), {"fields": ["created", "updated"]}),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in {"profiles", "levels"}:
            from django import forms

            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Module, form, change: bool) -> None:
        module_locate(obj)  # clean() checked the place; keep municipality and coordinates in step
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publiceren op de menukaart"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Module]) -> None:
        count = queryset.update(status=Module.Status.PUBLISHED)
        pagecache.content_changed(Module)  # an update sends no signal
        self.message_user(
            request,
            ngettext("%(n)d keuzevak gepubliceerd.", "%(n)d keuzevakken gepubliceerd.", count)
            % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Archiveren (van de menukaart halen)"))
    def archive(self, request: HttpRequest, queryset: QuerySet[Module]) -> None:
        count = queryset.update(status=Module.Status.ARCHIVED)
        pagecache.content_changed(Module)  # an update sends no signal
        self.message_user(
            request,
            ngettext("%(n)d keuzevak gearchiveerd.", "%(n)d keuzevakken gearchiveerd.", count)
            % {"n": count},
            messages.SUCCESS,
        )
