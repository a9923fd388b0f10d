from django.urls import path

from electives import views

app_name = "electives"
urlpatterns = [
    path("", views.menu, name="menu"),
    path("beheer/", views.manage, name="manage"),
    path("beheer/<slug:provider>/nieuw/", views.module_new, name="module-new"),
    path("beheer/module/<slug:slug>/", views.module_edit, name="module-edit"),
    path("beheer/module/<slug:slug>/weghalen/", views.module_remove, name="module-remove"),
    path("<slug:slug>/", views.detail, name="detail"),
]
