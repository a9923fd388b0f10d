from django.urls import path

from impact import views

app_name = "impact"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("csv/<slug:slug>/", views.table_csv, name="csv"),
]
