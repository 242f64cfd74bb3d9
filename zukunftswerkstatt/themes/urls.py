from django.urls import path

from . import views

app_name = "themes"

urlpatterns = [
    path("p/<int:process_pk>/", views.themes_page, name="process"),
    path("p/<int:process_pk>/run/", views.run_start, name="run"),
    path("p/<int:process_pk>/new/", views.theme_create, name="theme_create"),
    path("p/<int:process_pk>/move/", views.items_move, name="items_move"),
    path("t/<int:pk>/accept/", views.theme_accept, name="theme_accept"),
    path("t/<int:pk>/rename/", views.theme_rename, name="theme_rename"),
    path("t/<int:pk>/dissolve/", views.theme_dissolve, name="theme_dissolve"),
    path("t/<int:pk>/cluster/", views.theme_cluster, name="theme_cluster"),
    path("t/<int:pk>/measure/", views.theme_measure, name="theme_measure"),
]
