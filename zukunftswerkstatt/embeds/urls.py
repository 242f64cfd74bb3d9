from django.urls import path

from . import views

app_name = "embeds"

urlpatterns = [
    path("<slug:org>/<slug:process>/", views.builder, name="builder"),
    path("<slug:org>/<slug:process>/phase/", views.phase_widget, name="phase"),
    path("<slug:org>/<slug:process>/contributions/", views.contributions_widget, name="contributions"),
    path("<slug:org>/<slug:process>/events/", views.events_widget, name="events"),
]
