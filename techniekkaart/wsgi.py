import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "techniekkaart.settings")
application = get_wsgi_application()


def _load_before_fork() -> None:
    """gunicorn --preload (DEPLOY.md) forks its workers from this process: what is imported here
    is not imported again by each worker on its first request (about a second each on a busy
    machine). The URL configuration with every view module it imports, and the Redis client
    library that the first cache call would import. No database or Redis connection is opened."""
    get_resolver().url_patterns  # noqa: B018
    if "redis" in str(settings.CACHES["default"]["BACKEND"]).lower():
        import redis  # noqa: F401


_load_before_fork()
