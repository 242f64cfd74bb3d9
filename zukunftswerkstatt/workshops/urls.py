from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    # participants
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join, name="join_code"),
    path("<int:pk>/me/", views.participant_page, name="participant"),
    path("<int:pk>/me/live/", views.participant_live, name="participant_live"),
    path("<int:pk>/me/cards/", views.participant_card, name="participant_card"),
    path("<int:pk>/me/dots/", views.participant_dot, name="participant_dot"),
    # the wall
    path("wall/<str:key>/", views.projector, name="projector"),
    path("wall/<str:key>/live/", views.projector_live, name="projector_live"),
    # the record and the module page
    path("<int:pk>/", views.record, name="record"),
    path("module/<int:module_pk>/", views.module_page, name="module"),
    # moderators
    path("event/<int:event_pk>/start/", views.session_start, name="start"),
    path("<int:pk>/console/", views.console, name="console"),
    path("<int:pk>/console/live/", views.console_board, name="console_live"),
    path("<int:pk>/step/", views.step_set, name="step"),
    path("<int:pk>/cards/", views.paper_card_add, name="paper_card"),
    path("<int:pk>/cards/<int:card_pk>/move/", views.card_move, name="card_move"),
    path("<int:pk>/cards/<int:card_pk>/hide/", views.card_hide, name="card_hide"),
    path("<int:pk>/clusters/", views.cluster_create, name="cluster_create"),
    path("<int:pk>/clusters/<int:cluster_pk>/", views.cluster_change, name="cluster_change"),
    path("<int:pk>/vote/", views.vote_change, name="vote"),
    path("<int:pk>/vote/paper/", views.paper_dots, name="paper_dots"),
    path("<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("<int:pk>/photos/<int:photo_pk>/delete/", views.photo_delete, name="photo_delete"),
]
