"""The coordinator's newsletter admin, in Dutch: subscribers with counts per role and a CSV
export (Excel or CSV) of confirmed subscribers; issues written as plain text with simple marks
(services.render_text makes the sanitised HTML), the roles that receive them, a preview of the
mail as it goes out, a test mail to yourself (rate limited, through the outbox), a "klaarzetten"
action and sending progress."""

from __future__ import annotations

import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsletter import services
from newsletter.models import Issue, Subscriber, recipient_choices
from techniekkaart import ratelimit

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


class IssueForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Wie krijgt deze nieuwsbrief?"),
        choices=recipient_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één groep die de nieuwsbrief krijgt.")},
        help_text=_("Alleen bevestigde abonnees met een van deze rollen krijgen hem."),
    )

    class Meta:
        model = Issue
        fields = ["subject", "body_text", "roles"]
        widgets = {"body_text": forms.Textarea(attrs={"rows": 18, "cols": 80})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None or not self.instance.roles:
            self.initial["roles"] = [value for value, _label in recipient_choices()]


BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    form = IssueForm
    change_form_template = "newsletter/admin/issue_change_form.html"
    list_display = ["subject", "recipients", "status", "created_at", "queued_at", "sent_at",
                    "progress"]  # fmt: skip
    list_filter = ["status"]
    actions = ["queue_selected"]
    readonly_fields = ["status", "created_at", "queued_at", "sent_at", "progress"]

    def get_fields(self, request: HttpRequest, obj: Issue | None = None):
        if obj is not None and obj.status != Issue.Status.DRAFT:
            return ["subject", "body_text", "recipients", *self.readonly_fields]
        return ["subject", "body_text", "roles", *self.readonly_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: Issue | None = None):
        if obj is not None and obj.status != Issue.Status.DRAFT:
            return ["subject", "body_text", "recipients", *self.readonly_fields]
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Issue, form, change: bool) -> None:
        """The HTML is always made from the text: nobody types HTML, nothing else gets in."""
        obj.body_html = services.render_text(obj.body_text)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("ontvangers"))
    def recipients(self, obj: Issue) -> str:
        return services.roles_label(obj)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/voorbeeld/", preview, name="newsletter_issue_preview"),
            *super().get_urls(),
        ]

    def _preview_redirect(self, request: HttpRequest, obj: Issue) -> HttpResponse | None:
        if "_preview" in request.POST:
            return HttpResponseRedirect(reverse("admin:newsletter_issue_preview", args=[obj.pk]))
        return None

    def response_add(self, request: HttpRequest, obj: Issue, post_url_continue=None):
        return self._preview_redirect(request, obj) or super().response_add(request, obj)

    def response_change(self, request: HttpRequest, obj: Issue):
        return self._preview_redirect(request, obj) or super().response_change(request, obj)

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The mail exactly as a subscriber gets it (its HTML and its text part), who gets it,
        and a button that mails it to the coordinator's own address."""
        issue = get_object_or_404(Issue, pk=pk)
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        own = (getattr(request.user, "email", "") or "").strip()
        status = 200
        if request.method == "POST":
            if not self.has_change_permission(request, issue):
                raise PermissionDenied
            status = self._send_test(request, issue, own)
            if status == 200:
                return HttpResponseRedirect(request.path)
        message = services.test_message(issue, own or "voorbeeld@example.org")
        html = next((str(c) for c, mimetype in message.alternatives if mimetype == "text/html"), "")
        body = BODY.search(html)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Voorbeeld: %(subject)s") % {"subject": issue.subject},
            "opts": self.model._meta,
            "issue": issue,
            "subject": issue.subject,
            "mail_html": body.group(1) if body else "",
            "mail_text": message.body,
            "recipients": services.roles_label(issue),
            "recipient_count": services.recipients(issue).count(),
            "own_email": own,
            "can_send_test": bool(own) and self.has_change_permission(request, issue),
            "change_url": reverse("admin:newsletter_issue_change", args=[issue.pk]),
        }
        response = TemplateResponse(request, "newsletter/admin/issue_preview.html", context)
        response.status_code = status
        return response

    def _send_test(self, request: HttpRequest, issue: Issue, own: str) -> int:
        if not own:
            self.message_user(
                request, _("Je account heeft geen e-mailadres; vul het eerst in."), messages.ERROR
            )
            return 400
        limit = ratelimit.hit(request, "newsletter-test", f"user:{request.user.pk}")
        if limit.blocked:
            minutes = -(-limit.retry_after // 60)
            self.message_user(
                request,
                _("Je hebt al veel testmails gestuurd. Probeer het over %(n)s minuten opnieuw.")
                % {"n": minutes},
                messages.ERROR,
            )
            return 429
        if services.send_test(issue, own):
            self.message_user(
                request, _("Testmail verstuurd naar %(email)s.") % {"email": own}, messages.SUCCESS
            )
        else:
            self.message_user(
                request,
                _(
                    "De mailserver is even niet bereikbaar. De testmail staat klaar en gaat later "
                    "alsnog naar %(email)s."
                )
                % {"email": own},
                messages.WARNING,
            )
        return 200

    @admin.display(description=_("verzonden"))
    def progress(self, obj: Issue) -> str:
        if obj.pk is None:
            return "-"
        counts = services.issue_counts(obj)
        confirmed = services.recipients(obj).count()
        text = _("%(sent)s verzonden (%(confirmed)s ontvangers nu)") % {
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
