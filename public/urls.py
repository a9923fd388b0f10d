from django.urls import path

from public import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("activiteiten/", views.activity_list, name="activities"),
    path("activiteiten.geojson", views.activity_geojson, name="activities-geojson"),
    path("activiteiten/<slug:slug>/", views.activity_detail, name="activity"),
    path("activiteiten/<slug:slug>/aanmelden/", views.activity_signup, name="activity-signup"),
    path("activiteiten/<slug:slug>/agenda.ics", views.activity_ics, name="activity-ics"),
    path(
        "activiteiten/<slug:slug>/agenda/<str:code>.ics",
        views.activity_ics,
        name="activity-ics-one",
    ),
    path("aanbieders/<slug:slug>/", views.provider_detail, name="provider"),
]
