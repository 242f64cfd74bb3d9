from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    # The Werkstattplan module: the web page, its documents and versions.
    path("m/<int:module_pk>/", views.plan, name="plan"),
    path("m/<int:module_pk>/plan.<str:file_format>", views.plan_export, name="plan_export"),
    path("p/<int:process_pk>/versions/new/", views.version_create, name="version_create"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/adopt/", views.version_adopt, name="version_adopt"),
    path("versions/<int:pk>/plan.<str:file_format>", views.version_export, name="version_export"),
    path("p/<int:process_pk>/documents/<int:pk>/retry/", views.export_retry, name="export_retry"),
    # Measures.
    path("p/<int:process_pk>/measures/new/", views.measure_create, name="measure_create"),
    path("p/<int:process_pk>/measures/from-contributions/", views.measure_choose_ideas, name="measure_choose_ideas"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/contributions/", views.measure_link_ideas, name="measure_link_ideas"),
    path("measures/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/", views.milestone_change, name="milestone_change"),
    path("measures/<int:pk>/follow/", views.measure_follow, name="measure_follow"),
    path("measures/<int:pk>/help/", views.help_offer, name="help_offer"),
    path("measures/<int:pk>/help-offers/", views.help_offers, name="help_offers"),
    path("measures/<int:pk>/letters.pdf", views.measure_letters, name="measure_letters"),
    # The prioritisation module.
    path("vote/<int:module_pk>/", views.prioritisation, name="prioritisation"),
    path("vote/<int:module_pk>/points/", views.vote, name="vote"),
    path("vote/<int:module_pk>/results/", views.results, name="results"),
    path("vote/<int:module_pk>/tallies/", views.tallies, name="tallies"),
    path("vote/<int:module_pk>/settings/", views.prioritisation_settings, name="settings"),
    path("vote/<int:module_pk>/close/", views.close_vote, name="close_vote"),
]
