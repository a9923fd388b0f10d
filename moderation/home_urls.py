"""/techniekpact/: the coordinator's home. The staff log-in page next to it
(/techniekpact/inloggen/) is wired in techniekkaart/urls.py: it is portal.login's view."""

from django.urls import path

from moderation import home

app_name = "coordinator"
urlpatterns = [
    path("", home.home, name="home"),
]
