from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("o/<slug:organisation_slug>/", views.organisation_detail, name="organisation"),
    path("o/<slug:organisation_slug>/legal/<str:kind>/", views.legal_page, name="legal"),
]
