"""The floor of `make bench`: the site's own settings, with bench/floor_urls.py as the URL
configuration (the site's URLs plus one bare view at /__floor__/).

gunicorn serves it with DJANGO_SETTINGS_MODULE=bench.floor, so the bare view goes through exactly
the middleware every page goes through; what a page costs above it is the page's own work.
Only the benchmark uses this module; the site never loads it.
"""

from techniekkaart.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
