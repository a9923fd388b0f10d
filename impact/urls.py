from django.urls import path

from impact import views

app_name = "impact"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("csv/<slug:slug>/", views.table_csv, name="csv"),
    path("rapport/", views.report, name="report"),
    path("rapport/<slug:slug>/tekst/", views.report_note, name="report-note"),
]
