"""All settings, read from the environment with small typed readers.

Defaults are for a developer's machine and the tests (SQLite, console e-mail, local-memory cache).
Production sets PRODUCTION=1 with SECRET_KEY, ALLOWED_HOSTS, SITE_URL, DATABASE_URL and REDIS_URL
(DEPLOY.md): then a missing secret stops the start, and HTTPS, HSTS and secure cookies are on.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
PRODUCTION = env_bool("PRODUCTION", default=False)
if PRODUCTION and (DEBUG or len(env_str("SECRET_KEY")) < 50):
    raise ImproperlyConfigured("PRODUCTION=1 needs DEBUG off and a SECRET_KEY of 50+ characters.")
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin (issue 18)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "template_partials",
    "csp",
    "techniekkaart.apps_nl.AxesConfig",  # axes, named in Dutch in the admin
    "django_otp",
    "techniekkaart.apps_nl.OTPTOTPConfig",  # django_otp.plugins.otp_totp, in Dutch
    "techniekkaart.apps_nl.OTPStaticConfig",  # otp_static: one-time recovery codes, shown once at set-up
    "catalogue",
    "quiz",
    "classroom",
    "portal",
    "public",
    "api",
    "moderation",
    "pages",
    "news",
    "newsletter",
    "regions",
    "electives",
    "impact",
    "visits",
    "outbox",
    "ops",
    "maps",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "techniekkaart.languages.middleware",  # before anything resolves the address
    "techniekkaart.middleware.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "techniekkaart.middleware.CSPMiddleware",  # django-csp's, the site's policy built once
    "techniekkaart.middleware.private_pages",  # before sessions: sees a cookie being set
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.middleware.two_factor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so its 405/413 answers get every header above; it reads no body and no session.
    "techniekkaart.middleware.request_limits",
]
# Request bodies: anonymous posts are small forms; uploads (photos 5 MB, spreadsheets 5 MB) only
# after logging in (techniekkaart/middleware.py). Django's own limits stay as the second line:
# 2.5 MB of form fields in memory, files above 2.5 MB go to a temporary file.
ANONYMOUS_BODY_MAX_BYTES = env_int("ANONYMOUS_BODY_MAX_BYTES", 100_000)
UPLOAD_BODY_MAX_BYTES = env_int("UPLOAD_BODY_MAX_BYTES", 25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "public:home"
# Failed log-ins: after 5 attempts for one account from one address, locked for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.login.locked_out"  # the Dutch page, 429 with Retry-After
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "portal.login.axes_username"  # "Sam@X" and "sam@x" are one account
# Behind N proxies that each append to X-Forwarded-For, the visitor's address is the N-th entry
# from the right; rate limits and lock-outs key on it. 0 (default): REMOTE_ADDR, nothing in front.
# One function finds it (techniekkaart.ratelimit.client_address), for django-axes too.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "techniekkaart.ratelimit.client_address"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
PORTAL_VERIFY_DAYS = 3
# Two-factor log-in (TOTP app): required for coordinators (staff) on the admin and moderation pages;
# providers may switch it on, and then it is asked at every log-in.
TWO_FACTOR_FOR_STAFF = env_bool("TWO_FACTOR_FOR_STAFF", default=True)
OTP_TOTP_ISSUER = "Techniekkaart Regio Zwolle"

ROOT_URLCONF = "techniekkaart.urls"
WSGI_APPLICATION = "techniekkaart.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "public.context_processors.site",
                "techniekkaart.languages.context",
            ],
        },
    },
]

# SQLite by default (WAL so readers never wait for a writer); PostgreSQL in production.
# A stopped or unreachable PostgreSQL must fail fast (2 s) so the 503 page comes quickly
# (techniekkaart/errors.py); health checks drop a dead persistent connection so the site recovers.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 2
    # DATABASE_POOL=1: psycopg 3's connection pool instead of persistent connections (issue 17
    # measured both with make bench; see the note there for which one the site runs with).
    if env_bool("DATABASE_POOL"):
        DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 1, "max_size": 4, "timeout": 2}
        DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
# Issue 18: the language is in the address (/en/quiz/), see techniekkaart/languages.py. Every page
# comes in Dutch and English; the children's and parents' pages also in Polish, Turkish, Arabic
# and Ukrainian (the languages many parents in the region read best).
LANGUAGES = [
    ("nl", _("Nederlands")),
    ("en", _("Engels")),
    ("pl", _("Pools")),
    ("tr", _("Turks")),
    ("ar", _("Arabisch")),
    ("uk", _("Oekraïens")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Quiz, theme and page texts in the database (django-modeltranslation): one column per language,
# Dutch shown where a translation is missing (and marked lang="nl", catalogue.templatetags).
MODELTRANSLATION_DEFAULT_LANGUAGE = "nl"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nl",)
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "quiz.finders.OpenMojiFinder",
]
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("leaflet", xstatic.pkg.leaflet.BASE_DIR),
    ("leaflet", xstatic.pkg.leaflet_markercluster.BASE_DIR),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str("STATICFILES_BACKEND", "techniekkaart.storage.StaticStorage")
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Techniekkaart <noreply@techniekkaart.nl>")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 10

# Rate-limit counters, lock-outs, snapshots and sessions must be shared by every worker and
# machine: Redis in production. Without REDIS_URL (development, tests) each process has its own.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, one redis-py client per pool (issue 17: the page cache)
            "BACKEND": "techniekkaart.rediscache.Cache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tk",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The same for everyone and every request (the site's header and footer in base.html): each
# process keeps them in its own memory; a deploy starts new processes. Also every activity card
# per language and content version (public/fragments.py, about 1 kB each) and every open-data
# activity's JSON (api/serialise.py): room for a catalogue of thousands in a few languages before
# the oldest go (locmem's default keeps only 300).
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "f",
    "OPTIONS": {"MAX_ENTRIES": 10000},
}
# Whole open-data answers this process served lately (api/views.py; the shared copy is in the
# default cache), apart from the fragments so that many large answers never push those out.
CACHES["answers"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "a",
    "OPTIONS": {"MAX_ENTRIES": 200},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION or env_bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_TRUSTED_ORIGINS = [SITE_URL] if PRODUCTION else []
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HTTPS: the proxy in front terminates TLS and says so in X-Forwarded-Proto (DEPLOY.md).
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION and env_bool("SECURE_HSTS_PRELOAD", default=True)

# Map tiles come from our own server (/kaart/tegels/, the maps app): it fetches them from this
# upstream, keeps them on disk, and only for the region, so the browser never talks to a tile host.
# Default: PDOK's BRT-Achtergrondkaart (open data, Kadaster). "off" (or empty): no upstream, only
# tiles already on disk (manage.py prefetch_tiles); the map then shows the region's outline.
MAP_TILE_PDOK = (
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
)
_upstream = os.environ.get("MAP_TILE_UPSTREAM", os.environ.get("MAP_TILE_URL", MAP_TILE_PDOK))
MAP_TILE_UPSTREAM = "" if _upstream.strip().lower() in {"", "0", "off", "none"} else _upstream
MAP_TILE_ATTRIBUTION = env_str(
    "MAP_TILE_ATTRIBUTION",
    "Kaartgegevens &copy; Kadaster" if "pdok.nl" in _upstream
    else "&copy; OpenStreetMap-bijdragers" if "openstreetmap" in _upstream
    else "",
)  # fmt: skip
MAP_TILE_CACHE_DIR = Path(env_str("MAP_TILE_CACHE_DIR", str(BASE_DIR / "tilecache")))
MAP_TILE_MIN_ZOOM = env_int("MAP_TILE_MIN_ZOOM", 7)
MAP_TILE_MAX_ZOOM = env_int("MAP_TILE_MAX_ZOOM", 16)
MAP_TILE_TIMEOUT = float(env_str("MAP_TILE_TIMEOUT", "2"))  # seconds per connect or read
# After this many upstream failures within a minute, skip the upstream for MAP_TILE_PAUSE seconds.
MAP_TILE_FAILURES = env_int("MAP_TILE_FAILURES", 5)
MAP_TILE_PAUSE = env_int("MAP_TILE_PAUSE", 60)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": ["'none'"],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Catalogue behaviour.
CATALOGUE_PAGE_SIZE = env_int("CATALOGUE_PAGE_SIZE", 20)
# Offers on request or always open leave the public pages when not confirmed for this many days;
# a reminder goes out CONFIRM_REMIND_DAYS before that.
CONFIRM_EVERY_DAYS = env_int("CONFIRM_EVERY_DAYS", 120)
CONFIRM_REMIND_DAYS = env_int("CONFIRM_REMIND_DAYS", 14)

# Quiz results are anonymous, and still deleted after this many days.
QUIZ_RESULT_RETENTION_DAYS = env_int("QUIZ_RESULT_RETENTION_DAYS", 365)
# A quiz finished sooner than this after its start button is not taken (a script, not a child).
QUIZ_MINIMUM_SECONDS = env_int("QUIZ_MINIMUM_SECONDS", 20)
FORMS_URLFIELD_ASSUME_HTTPS = True

# Class mode: how long a class code and teacher link work; failed code attempts allowed per address.
CLASS_SESSION_DAYS = env_int("CLASS_SESSION_DAYS", 14)
VISIT_CONFIRM_DAYS = env_int(
    "VISIT_CONFIRM_DAYS", 7
)  # unconfirmed class requests are deleted after
VISIT_EMAIL_RETENTION_DAYS = env_int(
    "VISIT_EMAIL_RETENTION_DAYS", 90
)  # teacher's address kept after closing
CLASS_CODE_FAILURES_PER_10_MINUTES = env_int("CLASS_CODE_FAILURES_PER_10_MINUTES", 60)

# Named rate limits, "hits/seconds", counted in the default cache (techniekkaart/ratelimit.py).
RATE_LIMITS = {
    "class-code": f"{CLASS_CODE_FAILURES_PER_10_MINUTES}/600",  # failed class codes per address
    "class-start": env_str("RATE_LIMIT_CLASS_START", "20/3600"),  # class sessions per address
    "class-mail-to": env_str("RATE_LIMIT_CLASS_MAIL_TO", "5/86400"),  # teacher links per recipient
    # Figures: what one address can add in a day (a school of 300 stays well under it).
    "quiz-starts-counted": env_str("RATE_LIMIT_QUIZ_STARTS_COUNTED", "1000/86400"),
    "quiz-results": env_str("RATE_LIMIT_QUIZ_RESULTS", "1000/86400"),
    "login-failures": "1000/900",  # slow-down: failures per account+address, forgotten after 900 s quiet
    "signup": env_str("RATE_LIMIT_SIGNUP", "10/3600"),  # provider sign-ups per address
    "import": env_str("RATE_LIMIT_IMPORT", "10/3600"),  # spreadsheet imports per organisation
    "newsletter-ip": env_str("RATE_LIMIT_NEWSLETTER_IP", "10/3600"),
    "newsletter-email": env_str("RATE_LIMIT_NEWSLETTER_EMAIL", "3/86400"),  # per mailbox
    "newsletter-test": env_str(
        "RATE_LIMIT_NEWSLETTER_TEST", "5/3600"
    ),  # test mails per coordinator
    "password-reset-email": env_str("RATE_LIMIT_PASSWORD_RESET_EMAIL", "3/3600"),  # per mailbox
    "password-reset-ip": env_str("RATE_LIMIT_PASSWORD_RESET_IP", "20/3600"),
    "quiz": env_str("RATE_LIMIT_QUIZ", "3000/60"),  # quiz posts per address (a school shares one)
    "api": env_str("RATE_LIMIT_API", "600/60"),  # API, feed, widget; a school shares one address
    "api-write": env_str("RATE_LIMIT_API_WRITE", "120/60"),  # write API, per key (portal/keys.py)
    "api-key-failures": env_str(
        "RATE_LIMIT_API_KEY_FAILURES", "20/600"
    ),  # unknown keys per address
    "visit-request": env_str("RATE_LIMIT_VISIT_REQUEST", "10/3600"),  # class requests per address
    "visit-mail-to": env_str(
        "RATE_LIMIT_VISIT_MAIL_TO", "5/86400"
    ),  # confirmation mails per mailbox
    "visit-answer": env_str(
        "RATE_LIMIT_VISIT_ANSWER", "30/3600"
    ),  # teacher/provider answers per address
    "visit-reminder": "1/604800",  # a teacher's reminder to the provider, per request per week
}
CLASS_POLL_SECONDS = env_int("CLASS_POLL_SECONDS", 5)

# Whole anonymous pages in the cache (techniekkaart/pagecache.py, issue 17): an entry lives at most
# PAGE_CACHE_SECONDS (0: none is kept); a proxy may keep a public page PAGE_CACHE_PROXY_SECONDS. Saving or deleting
# a model of these apps (or "app.Model" labels) sets a new content version, so pages show it at
# once; the ignored ones are counters that no public page shows.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
PAGE_CACHE_PROXY_SECONDS = env_int("PAGE_CACHE_PROXY_SECONDS", 10)
PAGE_CACHE_WATCH = [
    "catalogue", "news", "pages", "regions", "electives",
    "quiz.Question", "quiz.Answer", "quiz.AnswerWeight",
]  # fmt: skip
PAGE_CACHE_IGNORE = ["catalogue.DailyCount"]
