"""The coordinators' admin for the catalogue, in Dutch."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import ImageField, QuerySet
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from catalogue.images import SafeImageField, new_image_kept_only_if_saved
from catalogue.models import Activity, Provider, Schedule, Theme, Venue
from moderation import services as lifecycle
from moderation.snapshots import activity_snapshot


def _plain(provider: Provider) -> dict:
    return {
        k: v for k, v in model_to_dict(provider).items() if isinstance(v, str | int | float | bool)
    }


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):  # each text in every language (issue 18)
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

    def save_model(self, request: HttpRequest, obj: Provider, form, change: bool) -> None:
        """The coordinator's changes (e.g. "mag direct publiceren") go into the audit log too."""
        before = _plain(Provider.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        lifecycle.audit(
            action=lifecycle.Action.PROVIDER_CHANGED,
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
    # The portal's one image pipeline: re-encoded, no EXIF/GPS, a random file name.
    formfield_overrides = {ImageField: {"form_class": SafeImageField}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "provider", ("status", "version")]}),
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

    # The status changes only through the actions below (the activity's transitions, each
    # audited); a form that set it would skip them.
    readonly_fields = ["status", "version"]

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None):
        """The activity as stored, before the form changes it: the "before" of the audit row."""
        activity = super().get_object(request, object_id, from_field)
        if activity is not None and request.method == "POST":
            request._activity_before = activity_snapshot(activity)  # type: ignore[attr-defined]
        return activity

    def save_model(self, request: HttpRequest, obj: Activity, form, change: bool) -> None:
        with new_image_kept_only_if_saved(obj):  # a failed save leaves no orphan file
            super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        before = getattr(request, "_activity_before", None) if change else None
        lifecycle.activity_admin_saved(activity=form.instance, before=before, by=request.user)

    @admin.action(description=_("Publiceer de gekozen activiteiten"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        self._set_status(request, queryset, lifecycle.activity_publish)

    @admin.action(description=_("Archiveer de gekozen activiteiten"))
    def archive(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        self._set_status(request, queryset, lifecycle.activity_archive)

    def _set_status(self, request: HttpRequest, queryset: QuerySet[Activity], transition) -> None:
        """Each activity through its transition, each with its own audit row."""
        for activity in queryset.select_related("provider"):
            try:
                transition(activity=activity, by=request.user)
            except lifecycle.ModerationError as error:
                self.message_user(request, f"{activity}: {error}", messages.ERROR)
