from django.urls import path

from quiz import views

app_name = "quiz"
urlpatterns = [
    path("", views.quiz, name="quiz"),
    path("uitslag/<code:code>/", views.result, name="result"),
    path("uitslag/<code:code>/open/<slug:slug>/", views.result_open, name="result-open"),
    path("uitslag/<code:code>/print/", views.result_print, name="result-print"),
]
