from django.urls import path

from . import views, views_audit

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("o/<slug:organisation_slug>/", views.organisation_detail, name="organisation"),
    path("o/<slug:organisation_slug>/colours.css", views.organisation_colours, name="organisation_colours"),
    path("o/<slug:organisation_slug>/legal/<str:kind>/", views.legal_page, name="legal"),
    path("o/<slug:organisation_slug>/audit/", views_audit.audit_log, name="audit_log"),
    path("o/<slug:organisation_slug>/audit/download/", views_audit.audit_log_csv, name="audit_log_csv"),
]
