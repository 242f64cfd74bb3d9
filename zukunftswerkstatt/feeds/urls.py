from django.urls import path

from . import views

app_name = "feeds"

urlpatterns = [
    path("<slug:org>/<slug:process>/", views.feeds_page, name="process"),
    path("<slug:org>/<slug:process>/<slug:kind>.<str:fmt>", views.feed, name="feed"),
]
