from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("<slug:org>/catalog.rdf", views.catalog, name="catalog"),
    path("<slug:org>/<slug:process>/", views.process_page, name="process"),
    path("<slug:org>/<slug:process>/datapackage.json", views.datapackage, name="datapackage"),
    path("<slug:org>/<slug:process>/<slug:dataset>.<str:fmt>", views.download, name="download"),
]
