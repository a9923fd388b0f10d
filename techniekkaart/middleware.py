"""Site-wide response headers that Django's SecurityMiddleware does not set."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Everything a page could ask the browser for, switched off. Only the quiz, whose "about you" step
# has the "gebruik mijn locatie" button, may ask for the location (and only on a tap).
FEATURES = (
    "accelerometer", "autoplay", "bluetooth", "camera", "display-capture", "gyroscope", "hid",
    "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "serial",
    "usb", "xr-spatial-tracking", "browsing-topics",
)  # fmt: skip
GEOLOCATION_VIEWS = {"quiz:quiz"}
_BASE = ", ".join(f"{feature}=()" for feature in FEATURES)
POLICY_WITHOUT_LOCATION = f"{_BASE}, geolocation=()"
POLICY_WITH_LOCATION = f"{_BASE}, geolocation=(self)"


def permissions_policy(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        match = getattr(request, "resolver_match", None)
        allowed = match is not None and match.view_name in GEOLOCATION_VIEWS
        response.setdefault(
            "Permissions-Policy", POLICY_WITH_LOCATION if allowed else POLICY_WITHOUT_LOCATION
        )
        return response

    return middleware
