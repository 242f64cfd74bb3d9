from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("p/<int:process_pk>/", views.dashboard, name="dashboard"),
    path("p/<int:process_pk>/live/", views.live, name="live"),
    path("p/<int:process_pk>/towns/", views.towns, name="towns"),
    path("p/<int:process_pk>/towns/<int:town_pk>/", views.town, name="town"),
    path("p/<int:process_pk>/figures.csv", views.figures_csv, name="csv"),
    path("p/<int:process_pk>/tallies/", views.tallies, name="tallies"),
    path("p/<int:process_pk>/tallies/new/", views.tally_create, name="tally_create"),
    path("p/<int:process_pk>/tallies/<int:pk>/", views.tally_edit, name="tally_edit"),
    path("p/<int:process_pk>/tallies/<int:pk>/delete/", views.tally_delete, name="tally_delete"),
]
