from django.urls import path

from moderation import date_views, views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("logboek/", views.log, name="log"),  # before <slug>: "logboek" is a valid slug
    path("<slug:slug>/", views.review, name="review"),
    path("<slug:slug>/goedkeuren/", views.approve, name="approve"),
    path("<slug:slug>/afwijzen/", views.reject, name="reject"),
    path("<slug:slug>/aanpassen/", views.request_changes, name="request-changes"),
    path("<slug:slug>/data/", date_views.activity_dates, name="activity-dates"),
]
