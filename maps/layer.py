"""What every map on the site needs to draw tiles: our own endpoint, its attribution, the region."""

from django.conf import settings
from django.urls import reverse

from maps import region


def tile_layer() -> dict[str, str]:
    url = reverse("maps:tile", kwargs={"z": 0, "x": 0, "y": 0})
    return {
        "tiles": url.replace("/0/0/0.png", "/{z}/{x}/{y}.png"),
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "bounds": region.region_box().as_data(),
        "zooms": f"{settings.MAP_TILE_MIN_ZOOM},{settings.MAP_TILE_MAX_ZOOM}",
    }
