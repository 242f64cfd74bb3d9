from django.urls import path

from .views import public, staff

app_name = "swot"

urlpatterns = [
    path("m/<int:module_pk>/", public.matrix, name="matrix"),
    path("m/<int:module_pk>/suggest/", public.suggest, name="suggest"),
    path("m/<int:module_pk>/<int:pk>/", public.item_detail, name="detail"),
    path("m/<int:module_pk>/<int:pk>/comment/", public.comment_create, name="comment"),
    path("m/<int:module_pk>/<int:pk>/comment/<int:comment_pk>/report/", public.comment_report, name="report"),
    path(
        "m/<int:module_pk>/<int:pk>/comment/<int:comment_pk>/visibility/",
        public.comment_visibility,
        name="comment_visibility",
    ),
    # staff
    path("m/<int:module_pk>/manage/", staff.manage, name="manage"),
    path("m/<int:module_pk>/new/", staff.item_create, name="create"),
    path("m/<int:module_pk>/<int:pk>/edit/", staff.item_edit, name="edit"),
    path("m/<int:module_pk>/<int:pk>/delete/", staff.item_delete, name="delete"),
    path("m/<int:module_pk>/<int:pk>/move/", staff.item_move, name="move"),
    path("m/<int:module_pk>/suggestions/<int:suggestion_pk>/", staff.suggestion_decide, name="suggestion"),
    path("m/<int:module_pk>/export.pdf", staff.export_pdf, name="export"),
    path("m/<int:module_pk>/pdf/<int:pk>/", staff.pdf_status, name="pdf_status"),
    path("m/<int:module_pk>/pdf/<int:pk>/download/", staff.pdf_download, name="pdf_download"),
    path("m/<int:module_pk>/pdf/<int:pk>/retry/", staff.pdf_retry, name="pdf_retry"),
    path("m/<int:module_pk>/settings/", staff.module_settings, name="settings"),
]
