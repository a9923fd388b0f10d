"""Coordinators see class requests read-only: the life of a request goes through visits/services.py."""

from django.contrib import admin

from visits.models import DateCapacity, PeriodCapacity, VisitRequest


@admin.register(VisitRequest)
class VisitRequestAdmin(admin.ModelAdmin):
    list_display = ("school", "groep", "activity", "state", "date", "created")
    list_filter = ("state",)
    search_fields = ("school", "activity__title")
    exclude = ("token", "confirm_token", "email")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


admin.site.register(DateCapacity)
admin.site.register(PeriodCapacity)
