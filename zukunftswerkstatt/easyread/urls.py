from django.urls import path

from . import views

app_name = "easyread"

urlpatterns = [
    path("", views.organisations, name="organisations"),
    path("hints/", views.hints, name="hints"),
    path("<slug:organisation_slug>/", views.index, name="index"),
    path("<slug:organisation_slug>/now/", views.now, name="now"),
    path("<slug:organisation_slug>/edit/", views.editor, name="editor"),
    path("<slug:organisation_slug>/phase/<int:phase_pk>/edit/", views.phase_edit, name="phase_edit"),
    path("<slug:organisation_slug>/<slug:kind>/", views.page, name="page"),
    path("<slug:organisation_slug>/<slug:kind>/edit/", views.page_edit, name="page_edit"),
]
