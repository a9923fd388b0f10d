"""The coordinators' admin for the catalogue, in Dutch."""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.models import Activity, Provider, Schedule, Theme, Venue
from catalogue.services import activity_sync_occurrences
from moderation.services import activity_snapshot, audit


def _plain(provider: Provider) -> dict:
    return {
        k: v for k, v in model_to_dict(provider).items() if isinstance(v, str | int | float | bool)
    }


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


class VenueInline(admin.StackedInline):
    model = Venue
    extra = 0
    fields = [("name", "address"), ("postcode", "place", "municipality"), ("lat", "lon")]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "place"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "place"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [VenueInline]

    def save_model(self, request: HttpRequest, obj: Provider, form, change: bool) -> None:  # type: ignore[no-untyped-def]
        """The coordinator's changes (e.g. "mag direct publiceren") go into the audit log too."""
        before = _plain(Provider.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        audit(
            action="provider.changed",
            by=request.user,
            provider=obj,
            before=before,
            after=_plain(obj),
        )


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "place", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name", "place", "provider__name"]
    autocomplete_fields = ["provider"]


class ScheduleInline(admin.TabularInline):
    model = Schedule
    extra = 0
    fields = ["frequency", "start_date", "start_time", "end_time", "until", "skip_dates"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "main_theme", "kind", "status", "min_age", "max_age"]
    list_filter = ["status", "kind", "main_theme", "audience", "availability"]
    search_fields = ["title", "summary", "provider__name"]
    list_select_related = ["provider", "main_theme"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["provider", "venue"]
    filter_horizontal = ["themes"]
    inlines = [ScheduleInline]
    actions = ["publish", "archive"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "provider", "status"]}),
        (_("Thema en soort"), {"fields": ["main_theme", "themes", "kind"]}),
        (_("Voor wie"), {"fields": [("min_age", "max_age"), "audience", "wheelchair_accessible"]}),
        (_("Kosten en aanmelden"), {
            "fields": ["price", "signup_method", "signup_url", "signup_email", "signup_phone"]
        }),
        (_("Waar en wanneer"), {
            "fields": ["location_type", "venue", "availability", "availability_text", "last_confirmed"]
        }),
        (_("Afbeelding"), {"fields": ["image", "image_alt"]}),
    ]  # fmt: skip

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:  # type: ignore[no-untyped-def]
        before = activity_snapshot(form.instance) if change else None
        super().save_related(request, form, formsets, change)
        activity_sync_occurrences(activity=form.instance)
        after = activity_snapshot(form.instance)
        audit(action="activity.changed_by_coordinator", by=request.user, activity=form.instance,
              before=before, after=after)  # fmt: skip

    @admin.action(description=_("Publiceer de gekozen activiteiten"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        self._set_status(request, queryset, Activity.Status.PUBLISHED)

    @admin.action(description=_("Archiveer de gekozen activiteiten"))
    def archive(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        self._set_status(request, queryset, Activity.Status.ARCHIVED)

    @transaction.atomic
    def _set_status(self, request: HttpRequest, queryset: QuerySet[Activity], status: str) -> None:
        for activity in queryset.select_for_update():
            before = activity_snapshot(activity)
            activity.status = status
            if status == Activity.Status.PUBLISHED:
                activity.last_confirmed = timezone.localdate()
            activity.save(update_fields=["status", "last_confirmed", "updated"])
            audit(action=f"activity.{status}_by_coordinator", by=request.user, activity=activity,
                  before=before, after=activity_snapshot(activity))  # fmt: skip
