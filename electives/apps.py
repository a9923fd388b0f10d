from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectivesConfig(AppConfig):
    name = "electives"
    verbose_name = _("Keuzevakken")
