"""The public newsletter pages under /nieuwsbrief/: sign up, confirm, unsubscribe.

Never linked from children's pages. The pages answer the same for new, pending and confirmed
addresses, so nobody can find out whether an address is on the list."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from newsletter import services
from newsletter.consent import FORM_TEXT
from newsletter.forms import SignUpForm
from techniekkaart import ratelimit


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        limit = ratelimit.check(request, "newsletter-ip")
        if limit:
            return ratelimit.too_many(request, limit)
        if form.is_bot():
            return render(request, "newsletter/check_email.html")  # pretend; save nothing
        if form.is_valid():
            data = form.cleaned_data
            # per mailbox: a+1@x, a+2@x and A@x are one inbox to flood
            limit = ratelimit.check(request, ("newsletter-email", ratelimit.mailbox(data["email"])))
            if limit:
                return ratelimit.too_many(request, limit)
            result = services.sign_up(
                email=data["email"],
                name=data["name"],
                organisation=data["organisation"],
                role=data["role"],
            )
            services.mail_sign_up(result)  # a failure is retried later; the page stays the same
            return render(request, "newsletter/check_email.html")
    return render(request, "newsletter/sign_up.html", {"form": form, "form_text": FORM_TEXT})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows a button: mail scanners open links, only a person presses the button."""
    if request.method == "POST":
        subscriber = services.confirm(token)
        if subscriber is None:
            return render(request, "newsletter/link_invalid.html", status=400)
        return render(
            request,
            "newsletter/confirmed.html",
            {"unsubscribe_url": services.unsubscribe_link(subscriber)},
        )
    if services.subscriber_for_confirmation(token) is None:
        return render(request, "newsletter/link_invalid.html", status=400)
    return render(request, "newsletter/confirm.html")


@csrf_exempt  # RFC 8058 one-click: mail programs POST without a CSRF token; the link is the key.
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; POST (the button, or a mail program's List-Unsubscribe=One-Click)
    unsubscribes. The unguessable token in the address is what authorises it."""
    subscriber = services.subscriber_for_unsubscribe(token)
    if subscriber is None:
        return render(request, "newsletter/unsubscribe_invalid.html", status=404)
    if request.method == "POST":
        services.unsubscribe(subscriber)
        return render(request, "newsletter/unsubscribed.html")
    already = subscriber.status == subscriber.Status.UNSUBSCRIBED
    return render(request, "newsletter/unsubscribe.html", {"already": already})
