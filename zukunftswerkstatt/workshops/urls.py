from django.urls import path

from .views import public, staff

app_name = "workshops"

urlpatterns = [
    # participants
    path("join/", public.join, name="join"),
    path("join/<str:code>/", public.join, name="join_code"),
    path("<int:pk>/me/", public.participant_page, name="participant"),
    path("<int:pk>/me/live/", public.participant_live, name="participant_live"),
    path("<int:pk>/me/cards/", public.participant_card, name="participant_card"),
    path("<int:pk>/me/dots/", public.participant_dot, name="participant_dot"),
    # the wall
    path("wall/<str:key>/", public.projector, name="projector"),
    path("wall/<str:key>/live/", public.projector_live, name="projector_live"),
    # the record and the module page
    path("<int:pk>/", public.record, name="record"),
    path("module/<int:module_pk>/", public.module_page, name="module"),
    # moderators
    path("event/<int:event_pk>/start/", staff.session_start, name="start"),
    path("<int:pk>/console/", staff.console, name="console"),
    path("<int:pk>/console/live/", staff.console_board, name="console_live"),
    path("<int:pk>/step/", staff.step_set, name="step"),
    path("<int:pk>/cards/", staff.paper_card_add, name="paper_card"),
    path("<int:pk>/cards/<int:card_pk>/move/", staff.card_move, name="card_move"),
    path("<int:pk>/cards/<int:card_pk>/hide/", staff.card_hide, name="card_hide"),
    path("<int:pk>/clusters/", staff.cluster_create, name="cluster_create"),
    path("<int:pk>/clusters/<int:cluster_pk>/", staff.cluster_change, name="cluster_change"),
    path("<int:pk>/vote/", staff.vote_change, name="vote"),
    path("<int:pk>/vote/paper/", staff.paper_dots, name="paper_dots"),
    path("<int:pk>/transfer/", staff.transfer, name="transfer"),
    path("<int:pk>/photos/", staff.photo_add, name="photo_add"),
    path("<int:pk>/photos/<int:photo_pk>/delete/", staff.photo_delete, name="photo_delete"),
]
