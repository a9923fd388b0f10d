from django.http import HttpRequest

from maps.layer import tile_layer


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "site_name": "Techniekkaart Regio Zwolle",
        "map": tile_layer(),
    }
