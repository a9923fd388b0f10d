from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Publieke pagina's"

    def ready(self) -> None:
        from techniekkaart import pagecache

        pagecache.connect_signals()  # a content change shows at once on the cached pages
