"""The partners' write API under /api/v1/partner/ (portal/partner_api.py; contract in api/write.py).
Included by techniekkaart/urls.py before the open-data API."""

from django.urls import path

from portal import partner_api

app_name = "partner-api"
urlpatterns = [
    path("activities", partner_api.activities, name="activities"),
    path("activities/<str:ref>", partner_api.activity, name="activity"),
]
