from django.urls import path

from maps import views

app_name = "maps"
urlpatterns = [
    path("tegels/<int:z>/<int:x>/<int:y>.png", views.tile, name="tile"),
]
