"""The portal's page for a link with the organisation's own system: API keys and a feed to import.

/portaal/organisatie/<slug>/koppelingen/: only members of the organisation see it
(catalogue.access.provider_for_user, 404 for anybody else), behind the same log-in and two-factor
rules as every portal page. A new key is shown once, on the answer to the post that made it (never
cached), and stored only as a hash (portal/keys.py); making and revoking are audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from catalogue import access
from catalogue.models import Provider, Venue
from portal import keys
from portal.partner_models import ApiKey, PartnerFeed
from techniekkaart.http import AuthenticatedHttpRequest

MAX_ACTIVE_KEYS = 10


class KeyForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Naam van de sleutel"),
        max_length=80,
        help_text=gettext_lazy("Waarvoor is hij? Bijvoorbeeld “agenda van de bibliotheek”."),
    )


class FeedForm(forms.ModelForm):
    class Meta:
        model = PartnerFeed
        fields = ["url", "active", "main_theme", "kind", "min_age", "max_age", "venue"]

    def __init__(self, *args: Any, provider: Provider, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.provider = provider
        self.fields["venue"].queryset = Venue.objects.filter(provider=provider)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and low > high:
            self.add_error("max_age", _("“Leeftijd tot” is kleiner dan “leeftijd vanaf”."))
        return data


def _page(
    request: AuthenticatedHttpRequest,
    provider: Provider,
    *,
    key_form: KeyForm | None = None,
    feed_form: FeedForm | None = None,
    new_key: str = "",
    status: int = 200,
) -> HttpResponse:
    feed = PartnerFeed.objects.filter(provider=provider).first()
    context = {
        "provider": provider,
        "keys": ApiKey.objects.filter(provider=provider).select_related("created_by"),
        "key_form": key_form or KeyForm(),
        "feed": feed,
        "feed_form": feed_form or FeedForm(instance=feed, provider=provider),
        "new_key": new_key,
    }
    return render(request, "portal/apikeys/page.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def page(request: AuthenticatedHttpRequest, provider: str) -> HttpResponse:
    """GET: the keys and the feed. POST: a new key, shown once on this answer."""
    organisation = access.provider_for_user(request.user, provider)
    if request.method != "POST":
        return _page(request, organisation)
    form = KeyForm(request.POST)
    if not form.is_valid():
        return _page(request, organisation, key_form=form)
    if (
        ApiKey.objects.filter(provider=organisation, revoked__isnull=True).count()
        >= MAX_ACTIVE_KEYS
    ):
        form.add_error(
            "name",
            _("Jullie hebben al %(n)d sleutels. Trek er eerst een in.") % {"n": MAX_ACTIVE_KEYS},
        )
        return _page(request, organisation, key_form=form)
    made = keys.key_create(provider=organisation, name=form.cleaned_data["name"], by=request.user)
    return _page(request, organisation, new_key=made.plaintext)


@login_required
@require_POST
def revoke(request: AuthenticatedHttpRequest, provider: str, pk: int) -> HttpResponse:
    organisation = access.provider_for_user(request.user, provider)
    key = ApiKey.objects.filter(provider=organisation, pk=pk).first()
    if key is None:
        raise Http404
    keys.key_revoke(key=key, by=request.user)
    messages.success(request, _("De sleutel “%(name)s” werkt niet meer.") % {"name": key.name})
    return redirect("portal:apikeys", organisation.slug)


@login_required
@require_POST
def feed(request: AuthenticatedHttpRequest, provider: str) -> HttpResponse:
    organisation = access.provider_for_user(request.user, provider)
    current = PartnerFeed.objects.filter(provider=organisation).first()
    form = FeedForm(request.POST, instance=current, provider=organisation)
    if not form.is_valid():
        return _page(request, organisation, feed_form=form)
    form.instance.set_by = request.user
    form.save()
    messages.success(request, _("Opgeslagen. We lezen de agenda elke nacht in."))
    return redirect("portal:apikeys", organisation.slug)
