from django.contrib import admin

from outbox.models import QueuedMail


@admin.register(QueuedMail)
class QueuedMailAdmin(admin.ModelAdmin):
    list_display = ["subject", "created", "attempts", "last_error"]
    readonly_fields = [
        "created",
        "to",
        "subject",
        "body",
        "html",
        "headers",
        "attempts",
        "last_error",
    ]

    def has_add_permission(self, request) -> bool:
        return False
