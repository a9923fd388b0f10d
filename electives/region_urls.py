from django.urls import path

from electives import region_views as views

app_name = "regions"  # the STO region pages keep their names: regions:list, regions:detail
urlpatterns = [
    path("", views.region_list, name="list"),
    path("<slug:slug>/", views.region_detail, name="detail"),
]
