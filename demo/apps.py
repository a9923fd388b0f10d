from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The fictional demo catalogue (`manage.py load_demo`), kept out of the core catalogue app."""

    name = "demo"
    verbose_name = _("Demo")
