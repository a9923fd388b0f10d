"""The audit log in the admin: to read and search, never to add, change or delete."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from moderation.models import AuditLog
from moderation.sentences import sentence


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["created", "what", "actor", "activity", "provider"]
    list_filter = ["action"]
    search_fields = ["activity__title", "provider__name", "actor__username", "message"]
    list_select_related = ["actor", "activity", "provider"]
    date_hierarchy = "created"
    readonly_fields = [
        "created", "actor", "action", "activity", "provider", "before", "after", "message",
    ]  # fmt: skip

    @admin.display(description=_("wat er gebeurde"), ordering="action")
    def what(self, row: AuditLog) -> str:
        return sentence(row)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditLog | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditLog | None = None) -> bool:
        return False
