"""The spreadsheet import of the provider portal: download the template, upload a file, read the
report. The work is done by portal.importer; these views only check who may import for which
organisation (catalogue.access.provider_for_user: 404 for any other) and show the outcome."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from catalogue.access import provider_for_user
from catalogue.models import Theme
from portal import importer
from techniekkaart import ratelimit
from techniekkaart.http import AuthenticatedHttpRequest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    bestand = forms.FileField(
        label=_("Jullie bestand (Excel of CSV)"),
        help_text=_("Een .xlsx- of .csv-bestand van hoogstens 5 MB en 10.000 rijen."),
        widget=forms.ClearableFileInput(attrs={"accept": f".csv,.xlsx,text/csv,{XLSX}"}),
    )

    def clean_bestand(self) -> bytes:
        """The bytes, read at most one past the limit so a huge upload is not held in memory."""
        data = self.cleaned_data["bestand"].read(importer.MAX_BYTES + 1)
        if len(data) > importer.MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 5 MB. Splits het in delen."))
        return data


@login_required
@require_http_methods(["GET", "POST"])
def activity_import(request: AuthenticatedHttpRequest, provider: str) -> HttpResponse:
    organisation = provider_for_user(request.user, provider)
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    report, limit = None, None
    if posted and form.is_valid():
        # Per organisation, not per address: reading a big file costs a worker seconds.
        limit = ratelimit.hit(request, "import", f"organisation:{organisation.pk}")
    if limit is not None and limit.blocked:
        minutes = -(-limit.retry_after // 60)
        message = _(
            "Je hebt dit uur al vaak geïmporteerd. Probeer het over %(minutes)s minuten weer."
        )
        form.add_error("bestand", message % {"minutes": minutes})
    elif posted and form.is_valid():
        try:
            report = importer.import_activities(
                provider=organisation, data=form.cleaned_data["bestand"], by=request.user
            )
        except importer.FileRefused as refused:
            form.add_error("bestand", str(refused))
    template = "portal/import.html"
    if request.htmx and request.htmx.target == "import-result":
        template += "#result"  # htmx swaps only the outcome in; without JS the whole page comes
    themes = Theme.objects.values_list("slug", flat=True)
    context = {"provider": organisation, "form": form, "report": report, "themes": themes}
    response = render(request, template, context)
    return ratelimit.with_retry_after(response, limit) if limit and limit.blocked else response


@login_required
@require_GET
def activity_import_template(
    request: HttpRequest, provider: str, excel: bool = False
) -> HttpResponse:
    provider_for_user(request.user, provider)
    if excel:
        data, kind, extension = importer.template_xlsx(), XLSX, "xlsx"
    else:
        data, kind, extension = importer.template_csv(), "text/csv; charset=utf-8", "csv"
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = (
        f'attachment; filename="techniekkaart-activiteiten.{extension}"'
    )
    return response
