from django.urls import path

from api import availability, views

app_name = "api"
urlpatterns = [
    path("", views.docs, name="docs"),
    path("openapi.json", views.openapi_json, name="openapi"),
    path("activities", views.activity_list, name="activities"),
    path("activities.geojson", views.activity_geojson, name="activities-geojson"),
    path("activities.ics", views.activity_ics, name="activities-ics"),
    path("activities/<str:slug>", views.activity_detail, name="activity"),
    path("activities/<str:slug>/availability", availability.availability, name="availability"),
    path("themes", views.themes, name="themes"),
    path("providers", views.providers, name="providers"),
    path("venues", views.venues, name="venues"),
    path("places", views.places, name="places"),
    path("recommendations", views.recommendations, name="recommendations"),
    path("feeds/new.rss", views.new_activities_rss, name="feed-new"),
    path("widget/", views.widget, name="widget"),
    path("widget/maken/", views.widget_maker, name="widget-maker"),
]
