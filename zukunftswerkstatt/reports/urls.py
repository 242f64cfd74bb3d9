from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("m/<int:module_pk>/", views.document, name="document"),
    path("m/<int:module_pk>/pdf/", views.pdf_request, name="pdf_request"),
    path("m/<int:module_pk>/pdf/<int:pk>/", views.pdf_status, name="pdf_status"),
    path("m/<int:module_pk>/pdf/<int:pk>/download/", views.pdf_download, name="pdf_download"),
    path("m/<int:module_pk>/pdf/<int:pk>/retry/", views.pdf_retry, name="pdf_retry"),
]
