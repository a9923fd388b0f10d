"""What the activity page shows, for every page that shows it: the public page, the provider's
preview in the portal and the coordinator's review. Read-side code shared by several apps lives
here, below them all, so that no app imports another app's views."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import urlencode

from catalogue import structured_data
from catalogue.models import Activity, Occurrence, Theme
from techniekkaart import pagecache


def activity_context(
    request: HttpRequest,
    activity: Activity,
    preview: bool = False,
    *,
    occurrences: list[Occurrence] | None = None,
    theme_list: list[Theme] | None = None,
) -> dict:
    """Everything the activity page shows; the portal's preview uses the very same. The public
    page passes the coming dates and Activity.theme_list as it found them (public.views)."""
    if occurrences is None:
        occurrences = activity.upcoming()
    return {
        "preview": preview,
        "activity": activity,
        "theme_list": activity.theme_list() if theme_list is None else theme_list,
        "occurrences": occurrences,
        # called off, put off or moved: said at the top of the page (catalogue.datechanges)
        "changed_dates": [o for o in occurrences if o.status != "gepland"],
        "json_ld": structured_data.as_script_text(
            structured_data.events(activity, occurrences, request)
        ),
        "share_url": request.build_absolute_uri(activity.get_absolute_url()),
        "route_url": route_url(*point) if (point := activity.point()) else "",
    }


def route_url(lat: float, lon: float) -> str:
    return "https://www.openstreetmap.org/directions?" + urlencode({"route": f";{lat},{lon}"})


def themes() -> list[Theme]:
    """Every theme in the order the page's language gives them, kept in the process per content
    version (issue 17): the list, the home page, the map and the result page all need them."""
    return pagecache.per_version("themes", lambda: list(Theme.objects.all()))
