from django.urls import path

from . import views

app_name = "processes"

urlpatterns = [
    path("o/<slug:organisation_slug>/p/<slug:process_slug>/", views.process_detail, name="detail"),
    path(
        "o/<slug:organisation_slug>/p/<slug:process_slug>/phase/<int:phase_pk>/",
        views.phase_detail,
        name="phase",
    ),
    path(
        "o/<slug:organisation_slug>/p/<slug:process_slug>/module/<int:module_pk>/",
        views.module_detail,
        name="module",
    ),
]
