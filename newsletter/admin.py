"""The coordinator's newsletter admin, in Dutch: subscribers with counts per role and a CSV
export (Excel or CSV) of confirmed subscribers; issues with a "klaarzetten" action and sending progress."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsletter import services
from newsletter.models import Issue, Subscriber

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    change_list_template = "newsletter/admin/subscriber_change_list.html"
    list_display = [
        "email",
        "name",
        "organisation",
        "role",
        "status",
        "signed_up_at",
        "confirmed_at",
    ]
    list_filter = ["status", "role"]
    search_fields = ["email", "name", "organisation"]
    readonly_fields = ["email", "status", "signed_up_at", "form_version", "confirmed_at",
                       "unsubscribed_at", "confirmation_sent_at"]  # fmt: skip
    fields = ["email", "name", "organisation", "role", *readonly_fields[1:]]
    actions = ["unsubscribe_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # only the visitor signs up (double opt-in); never added by hand

    def get_urls(self):
        view = self.admin_site.admin_view(self.export_view)
        return [
            path("export.xlsx", view, {"excel": True}, name="newsletter_subscriber_export_xlsx"),
            path("export.csv", view, name="newsletter_subscriber_export"),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest, excel: bool = False) -> HttpResponse:
        """Excel with every cell stored as text (no cell can be a formula), or CSV with every
        cell defused (techniekkaart.spreadsheet)."""
        if not request.user.is_staff or not self.has_view_permission(request):
            return HttpResponse(status=403)
        stamp = timezone.localdate().isoformat()
        if excel:
            response = HttpResponse(services.confirmed_xlsx(), content_type=XLSX)
        else:
            body = "\ufeff" + services.confirmed_csv()
            response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        name = f"nieuwsbrief-{stamp}.{'xlsx' if excel else 'csv'}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        statuses = services.status_counts()
        extra_context = {
            **(extra_context or {}),
            "role_counts": services.role_counts(),
            "status_counts": [
                (label, statuses[value]) for value, label in Subscriber.Status.choices
            ],
            "export_url": reverse("admin:newsletter_subscriber_export"),
            "export_xlsx_url": reverse("admin:newsletter_subscriber_export_xlsx"),
        }
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Afmelden (stuurt niets meer)"), permissions=["change"])
    def unsubscribe_selected(self, request: HttpRequest, queryset: QuerySet[Subscriber]) -> None:
        for subscriber in queryset:
            services.unsubscribe(subscriber)
        self.message_user(request, _("Afgemeld."), messages.SUCCESS)


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "status", "created_at", "queued_at", "sent_at", "progress"]
    list_filter = ["status"]
    actions = ["queue_selected"]
    readonly_fields = ["status", "created_at", "queued_at", "sent_at", "progress"]

    def get_readonly_fields(self, request: HttpRequest, obj: Issue | None = None):
        if obj is not None and obj.status != Issue.Status.DRAFT:
            return ["subject", "body_text", "body_html", *self.readonly_fields]
        return self.readonly_fields

    @admin.display(description=_("verzonden"))
    def progress(self, obj: Issue) -> str:
        if obj.pk is None:
            return "-"
        counts = services.issue_counts(obj)
        confirmed = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count()
        text = _("%(sent)s verzonden (%(confirmed)s abonnees nu)") % {
            "sent": counts["sent"],
            "confirmed": confirmed,
        }
        if counts["uncertain"]:
            text += " · " + _("%(n)s onzeker") % {"n": counts["uncertain"]}
        return text

    @admin.action(description=_("Klaarzetten om te verzenden"), permissions=["change"])
    def queue_selected(self, request: HttpRequest, queryset: QuerySet[Issue]) -> None:
        queued = sum(services.queue(issue) for issue in queryset)
        skipped = queryset.count() - queued
        self.message_user(
            request,
            ngettext(
                "%(n)s nieuwsbrief klaargezet. Hij gaat de volgende keer dat send_newsletter draait de deur uit.",
                "%(n)s nieuwsbrieven klaargezet. Ze gaan de volgende keer dat send_newsletter draait de deur uit.",
                queued,
            )
            % {"n": queued},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                _("%(n)s overgeslagen: alleen concepten kun je klaarzetten.") % {"n": skipped},
                messages.WARNING,
            )
