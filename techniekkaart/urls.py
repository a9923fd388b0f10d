from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _

from moderation import home as coordinator_home
from ops.health import health
from portal.login import StaffLoginView
from techniekkaart.converters import CodeConverter
from techniekkaart.sitemaps import SITEMAPS

register_converter(CodeConverter, "code")  # before the apps' URL modules are read below

admin.site.site_header = _("Techniekkaart beheer")
admin.site.site_title = _("Techniekkaart")
admin.site.index_title = _("Beheer van de Techniekkaart")

handler500 = "techniekkaart.errors.server_error"

# Addresses without a language: the open data (its language from ?lang= or Accept-Language),
# map tiles, the sitemap and the health check. Everything a person reads is in i18n_patterns
# below: Dutch without a prefix, /en/, /pl/, … for the other languages (techniekkaart/languages.py).
urlpatterns = [
    path("api/v1/partner/", include("portal.partner_urls")),  # the write API, with a key
    path("api/v1/", include("api.urls")),
    path("kaart/", include("maps.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("health/", health, name="health"),  # the load balancer's check (DEPLOY.md)
]
urlpatterns += i18n_patterns(
    # The admin's log-in leads to the staff log-in page (same lock-out and two-factor rules).
    path("beheer/login/", coordinator_home.admin_login),
    path("beheer/", admin.site.urls),
    path("techniekpact/inloggen/", StaffLoginView.as_view(), name="staff-login"),
    path("techniekpact/", include("moderation.home_urls")),
    path("quiz/", include("quiz.urls")),
    path("klas/", include("classroom.urls")),
    path("klasbezoek/", include("visits.urls")),
    path("portaal/", include("portal.urls")),
    path("moderatie/", include("moderation.urls")),
    path("nieuwsbrief/", include("newsletter.urls")),
    path("sto-regios/", include("electives.region_urls")),
    path("keuzevakken/", include("electives.urls")),
    path("cijfers/", include("impact.urls")),
    path("", include("news.urls")),
    path("", include("pages.urls")),
    path("", include("public.urls")),
    prefix_default_language=False,
)
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
