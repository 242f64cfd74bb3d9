from django.urls import path

from .views import public, staff

app_name = "demography"

urlpatterns = [
    path("m/<int:module_pk>/", public.dashboard, name="dashboard"),
    path("m/<int:module_pk>/chart.csv", public.chart_csv, name="chart_csv"),
    # staff
    path("o/<slug:organisation_slug>/", staff.overview, name="overview"),
    path("o/<slug:organisation_slug>/import/", staff.import_file, name="import"),
    path("o/<slug:organisation_slug>/template/<str:kind>.<str:file_format>", staff.template_download, name="template"),
    path("o/<slug:organisation_slug>/batch/<int:pk>/delete/", staff.batch_delete, name="batch_delete"),
    path("o/<slug:organisation_slug>/projection/new/", staff.projection_create, name="projection_create"),
    path("o/<slug:organisation_slug>/projection/<int:pk>/", staff.projection_edit, name="projection_edit"),
    path("o/<slug:organisation_slug>/projection/<int:pk>/delete/", staff.projection_delete, name="projection_delete"),
]
