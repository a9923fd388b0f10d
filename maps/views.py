"""/kaart/tegels/<z>/<x>/<y>.png: the region's map tiles from our own server (maps/tiles.py)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from maps import region, tiles

TILE_MAX_AGE = 30 * 24 * 3600  # map tiles change a few times a year
BLANK_MAX_AGE = 60  # try again soon: the upstream may be back


@require_safe
def tile(request: HttpRequest, z: int, x: int, y: int) -> HttpResponse:
    if not region.in_region(z, x, y):
        raise Http404("Deze kaarttegel hoort niet bij de regio.")
    found = tiles.get_tile(z, x, y)
    response = HttpResponse(found.data, content_type="image/png")
    response["X-Tile-Cache"] = found.source
    if found.blank:
        patch_cache_control(response, public=True, max_age=BLANK_MAX_AGE)
        return response
    patch_cache_control(response, public=True, max_age=TILE_MAX_AGE)
    response["ETag"] = found.etag
    return get_conditional_response(request, etag=found.etag, response=response) or response
