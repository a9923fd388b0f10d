from django.apps import AppConfig


class ElectivesConfig(AppConfig):
    name = "electives"
    verbose_name = "Keuzevakken"
