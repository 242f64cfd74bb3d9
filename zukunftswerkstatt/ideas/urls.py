from django.urls import path

from .views import public, staff

app_name = "ideas"

urlpatterns = [
    path("m/<int:module_pk>/", public.idea_list, name="list"),
    path("m/<int:module_pk>/new/", public.idea_create, name="create"),
    path("m/<int:module_pk>/<int:pk>/", public.idea_detail, name="detail"),
    path("m/<int:module_pk>/<int:pk>/edit/", public.idea_edit, name="edit"),
    path("m/<int:module_pk>/<int:pk>/received/", public.idea_received, name="received"),
    path("m/<int:module_pk>/<int:pk>/withdraw/", public.idea_withdraw, name="withdraw"),
    path("guest-mails/<str:token>/", public.guest_unsubscribe, name="guest_unsubscribe"),
    path("m/<int:module_pk>/<int:pk>/comment/", public.comment_create, name="comment"),
    path("m/<int:module_pk>/<int:pk>/comment/<int:comment_pk>/", public.comment_edit, name="comment_edit"),
    path("m/<int:module_pk>/<int:pk>/support/", public.support, name="support"),
    path("m/<int:module_pk>/<int:pk>/follow/", public.follow, name="follow"),
    path("m/<int:module_pk>/<int:pk>/report/", public.report, name="report"),
    path("m/<int:module_pk>/<int:pk>/report/<int:comment_pk>/", public.report, name="report_comment"),
    path("m/<int:module_pk>/new/similar/", public.idea_hints, name="hints"),
    path("similar-contributions/", public.similar_explained, name="similar_explained"),
    # staff
    path("m/<int:module_pk>/moderation/", staff.moderation, name="moderation"),
    path("m/<int:module_pk>/settings/", staff.module_settings, name="settings"),
    path("m/<int:module_pk>/offline/", staff.offline_create, name="offline"),
    path("m/<int:module_pk>/export.<str:file_format>", staff.export, name="export"),
    path("m/<int:module_pk>/<int:pk>/visibility/", staff.idea_visibility, name="visibility"),
    path(
        "m/<int:module_pk>/<int:pk>/comment/<int:comment_pk>/visibility/",
        staff.comment_visibility,
        name="comment_visibility",
    ),
    path("m/<int:module_pk>/<int:pk>/answer/", staff.answer, name="answer"),
    path("m/<int:module_pk>/<int:pk>/status/", staff.status, name="status"),
    path("m/<int:module_pk>/<int:pk>/block/", staff.block, name="block"),
    path("m/<int:module_pk>/<int:pk>/answer-sent/", staff.answer_sent, name="answer_sent"),
    path("m/<int:module_pk>/<int:pk>/letter/", staff.letter, name="letter"),
    path("m/<int:module_pk>/<int:pk>/scan/", staff.scan, name="scan"),
    path("m/<int:module_pk>/duplicates/", staff.duplicate_overview, name="duplicate_overview"),
    path("m/<int:module_pk>/<int:pk>/duplicates/", staff.duplicates, name="duplicates"),
    path("m/<int:module_pk>/<int:pk>/merge/", staff.merge, name="merge"),
]
