from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "api"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api:docs", permanent=False), name="index"),
    path("docs/", views.docs, name="docs"),
    path("docs/try/", views.swagger, name="swagger"),
]
