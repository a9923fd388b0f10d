"""Settings for mypy's Django plugin only (pyproject.toml): the site's settings without
django-modeltranslation, which swaps the translated models' managers for classes it makes at
run time, so the plugin could no longer tell their types. The translated columns (name_en, …)
are only reached with getattr, which needs no types."""

from techniekkaart.settings import *  # noqa: F403
from techniekkaart.settings import INSTALLED_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "modeltranslation"]
