from django.urls import path

from pages import views

app_name = "pages"
urlpatterns = [
    path("over/", views.page, {"slug": "techniekpact"}, name="about"),
    path("over/<slug:slug>/", views.page, name="page"),
    path("privacy/", views.page, {"slug": "privacy"}, name="privacy"),
    path("toegankelijkheid/", views.page, {"slug": "toegankelijkheid"}, name="accessibility"),
    path(".well-known/security.txt", views.security_txt, name="security-txt"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]
