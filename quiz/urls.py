from django.urls import path

from quiz import views

app_name = "quiz"
urlpatterns = [
    path("", views.quiz, name="quiz"),
    path("uitslag/<str:code>/", views.result, name="result"),
    path("uitslag/<str:code>/open/<slug:slug>/", views.result_open, name="result-open"),
    path("uitslag/<str:code>/print/", views.result_print, name="result-print"),
]
