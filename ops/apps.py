from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the site: backups, health, production checks."""

    name = "ops"
    verbose_name = _("Beheer van de server")
