from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The fictional demo catalogue (`manage.py load_demo`), kept out of the core catalogue app."""

    name = "demo"
    verbose_name = "Demo"
