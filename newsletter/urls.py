from django.urls import path

from newsletter import views

app_name = "newsletter"
urlpatterns = [
    path("", views.sign_up, name="sign-up"),
    path("bevestig/<str:token>/", views.confirm, name="confirm"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
