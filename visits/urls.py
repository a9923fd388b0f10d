from django.urls import path

from visits import views

app_name = "visits"
urlpatterns = [
    path("aanvragen/<slug:slug>/", views.new, name="new"),
    path("klas/<code:token>/<slug:slug>/", views.new_for_class, name="new-for-class"),
    path("bevestig/<code:token>/", views.confirm, name="confirm"),
    path("<code:token>/", views.detail, name="request"),
]
