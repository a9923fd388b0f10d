from django.urls import path

from classroom import views

app_name = "classroom"
urlpatterns = [
    path("", views.join, name="join"),
    path("nieuw/", views.start, name="start"),
    path("leraar/<code:token>/", views.teacher, name="teacher"),
    path("leraar/<code:token>/kaartjes/", views.cards, name="cards"),
    path("bord/<code:code>/", views.board, name="board"),
    path("<code:code>/", views.class_quiz, name="quiz"),
]
