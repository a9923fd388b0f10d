from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from maps.layer import tile_layer


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "site_name": "Techniekkaart Regio Zwolle",
        # Worked out only when a page draws a map (most pages, the quiz steps among them, do not).
        "map": SimpleLazyObject(tile_layer),
    }
