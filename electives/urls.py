app_name = "electives"
urlpatterns: list = []
