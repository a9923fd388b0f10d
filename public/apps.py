from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Publieke pagina's")

    def ready(self) -> None:
        from techniekkaart import pagecache

        pagecache.connect_signals()  # a content change shows at once on the cached pages
