from django.urls import path  # noqa: F401 - the views come with issue 12

app_name = "participation"

urlpatterns: list = []
