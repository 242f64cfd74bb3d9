from django.urls import path

from .views import classes, public, staff

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
    # class mode: the team's invitations, the teacher's pages (by the invitation's secret key)
    path("classes/process/<int:process_pk>/", classes.invitations, name="class_invitations"),
    path("classes/<int:pk>/revoke/", classes.invitation_revoke, name="class_revoke"),
    path("class/<str:key>/", classes.class_home, name="class_home"),
    path("class/<str:key>/<int:pk>/", classes.class_console, name="class_console"),
    path("class/<str:key>/<int:pk>/live/", classes.class_console_live, name="class_console_live"),
    path("class/<str:key>/<int:pk>/step/", classes.class_step, name="class_step"),
    path("class/<str:key>/<int:pk>/cards/<int:card_pk>/hide/", classes.class_card_hide, name="class_card_hide"),
    path("class/<str:key>/<int:pk>/finish/", classes.class_finish, name="class_finish"),
]
