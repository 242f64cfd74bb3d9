from django.urls import path

from .views import public, staff

app_name = "plans"

urlpatterns = [
    # The Werkstattplan module: the web page, its documents and versions.
    path("m/<int:module_pk>/", public.plan, name="plan"),
    path("m/<int:module_pk>/plan.<str:file_format>", public.plan_export, name="plan_export"),
    path("p/<int:process_pk>/versions/new/", staff.version_create, name="version_create"),
    path("versions/<int:pk>/", public.version_detail, name="version"),
    path("versions/<int:pk>/adopt/", staff.version_adopt, name="version_adopt"),
    path("versions/<int:pk>/plan.<str:file_format>", public.version_export, name="version_export"),
    path("p/<int:process_pk>/documents/<int:pk>/retry/", staff.export_retry, name="export_retry"),
    # Measures.
    path("p/<int:process_pk>/measures/new/", staff.measure_create, name="measure_create"),
    path("p/<int:process_pk>/measures/from-contributions/", staff.measure_choose_ideas, name="measure_choose_ideas"),
    path("measures/<int:pk>/", public.measure_detail, name="measure"),
    path("measures/<int:pk>/edit/", staff.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/contributions/", staff.measure_link_ideas, name="measure_link_ideas"),
    path("measures/<int:pk>/milestones/", staff.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/", staff.milestone_change, name="milestone_change"),
    path("measures/<int:pk>/follow/", public.measure_follow, name="measure_follow"),
    path("measures/<int:pk>/help/", public.help_offer, name="help_offer"),
    path("measures/<int:pk>/help-offers/", staff.help_offers, name="help_offers"),
    path("measures/<int:pk>/letters.pdf", staff.measure_letters, name="measure_letters"),
    # The prioritisation module.
    path("vote/<int:module_pk>/", public.prioritisation, name="prioritisation"),
    path("vote/<int:module_pk>/points/", public.vote, name="vote"),
    path("vote/<int:module_pk>/results/", public.results, name="results"),
    path("vote/<int:module_pk>/tallies/", staff.tallies, name="tallies"),
    path("vote/<int:module_pk>/settings/", staff.prioritisation_settings, name="settings"),
    path("vote/<int:module_pk>/close/", staff.close_vote, name="close_vote"),
]
