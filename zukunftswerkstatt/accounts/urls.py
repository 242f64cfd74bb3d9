from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/parent/", views.parental_consent_request, name="parental_consent_request"),
    path("parental-consent/<str:token>/", views.parental_consent, name="parental_consent"),
    path("export/", views.export, name="export"),
    path("export/download/", views.export_download, name="export_download"),
    path("delete/", views.delete, name="delete"),
]
