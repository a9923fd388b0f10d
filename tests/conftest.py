import os

import pytest
from hypothesis import settings as hypothesis_settings

# Hypothesis checks behaviour, not speed: on a busy CI machine a slow example is not a failure.
hypothesis_settings.register_profile("techniekkaart", deadline=None)
hypothesis_settings.load_profile("techniekkaart")

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# In a parallel run (pytest-xdist, `make test`) each worker is a process with its own test database
# (test_<name>_gw0, ...). tests/test_shared_limits.py empties its Redis database (FLUSHDB) before and
# after each test, so each worker gets a database of its own there too: 15 for gw0, 14 for gw1, ...
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER.startswith("gw") and "TEST_REDIS_URL" not in os.environ:
    os.environ["TEST_REDIS_URL"] = f"redis://127.0.0.1:6379/{15 - int(_WORKER[2:]) % 6}"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters, cached snapshots and kept classes must not leak from one test into the
    next."""
    from django.core.cache import cache

    from classroom.services import forget_kept_classes
    from techniekkaart import counting

    cache.clear()
    counting.forget_seen_here()
    forget_kept_classes()


@pytest.fixture(autouse=True)
def _dutch_to_begin_with():
    """A request to /en/… leaves English active in the thread (as Django's LocaleMiddleware does);
    each test starts in Dutch, the site's language, so reverse() gives unprefixed addresses."""
    from django.utils import translation

    translation.activate("nl")
    yield
    translation.activate("nl")


@pytest.fixture(autouse=True)
def _pages_rendered_anew(settings):
    """Whole pages are not kept (techniekkaart/pagecache.py) unless a test asks for `page_cache`:
    most tests look at what a view rendered (response.context), twice on one address too."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def page_cache(settings):
    """Pages kept whole in the cache, as in production."""
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Manifest storage needs collectstatic; tests use plain storage."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Every test client comes from 127.0.0.1: the open-ended limits would trip property tests
    # that make hundreds of requests. Tests of a limit set their own.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "100000/60", "quiz": "100000/60",
                            "import": "100000/3600"}  # fmt: skip
    # Quiz flows in tests finish at once; tests of the minimum duration set their own.
    settings.QUIZ_MINIMUM_SECONDS = 0
    # Coordinators' two-factor step is tested in tests/test_two_factor.py; elsewhere it is off.
    settings.TWO_FACTOR_FOR_STAFF = False


@pytest.fixture(scope="session")
def _tile_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("tiles")


@pytest.fixture(autouse=True)
def _no_tile_upstream(settings, _tile_dir):
    """Map pages ask /kaart/tegels/ for tiles, which would fetch from PDOK: tests never reach the
    internet. tests/test_tiles.py sets a local stand-in upstream where it needs one."""
    settings.MAP_TILE_UPSTREAM = ""
    settings.MAP_TILE_CACHE_DIR = _tile_dir


@pytest.fixture
def walk_world(django_user_model):
    """For walking every URL pattern (tests.helpers.patterns): a provider with an activity, a quiz
    result, a coordinator; the values to fill the patterns' parameters with, and the visitors (nobody,
    a provider, a coordinator)."""
    from quiz.models import Result
    from tests import factories

    provider = factories.provider()
    activity = factories.activity(owner=provider)
    result = Result.objects.create(code="ABCDEFGHJK", answers=[], profile={}, age=9)
    samples = {
        "slug": activity.slug,
        "provider": provider.slug,
        "code": result.code,
        "token": "onbekend",
        "uidb64": "MQ",
        "object_id": "1",
        "app_label": "catalogue",
    }
    coordinator = django_user_model.objects.create_superuser(
        "co@example.org", "co@example.org", "x"
    )
    return {
        "samples": samples,
        "users": [
            None,
            factories.member(django_user_model, provider, "p@example.org"),
            coordinator,
        ],
    }


@pytest.fixture
def shared_redis():
    """A worker's client for the shared Redis, emptied before and after; the test is skipped
    where no Redis runs (CI starts one, and REQUIRE_BROWSER makes its absence a failure)."""
    from tests.helpers import worker_cache

    shared = worker_cache()
    try:
        shared.clear()
    except Exception as error:
        if os.environ.get("REQUIRE_BROWSER"):
            raise
        pytest.skip(f"Redis is not reachable: {error}")
    yield shared
    shared.clear()
