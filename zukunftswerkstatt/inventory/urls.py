from django.urls import path

from . import views

app_name = "inventory"

urlpatterns = [
    path("m/<int:module_pk>/", views.item_list, name="list"),
    path("m/<int:module_pk>/export.<str:file_format>", views.export, name="export"),
    path("m/<int:module_pk>/suggest/", views.suggest, name="suggest"),
    path("m/<int:module_pk>/<int:pk>/", views.item_detail, name="detail"),
    # staff
    path("m/<int:module_pk>/new/", views.item_create, name="create"),
    path("m/<int:module_pk>/<int:pk>/edit/", views.item_edit, name="edit"),
    path("m/<int:module_pk>/<int:pk>/delete/", views.item_delete, name="delete"),
    path("m/<int:module_pk>/import/", views.import_upload, name="import"),
    path("m/<int:module_pk>/template.<str:file_format>", views.template_download, name="template"),
    path("m/<int:module_pk>/suggestions/", views.suggestions, name="suggestions"),
    path("m/<int:module_pk>/suggestions/<int:pk>/decline/", views.suggestion_decline, name="suggestion_decline"),
    path("m/<int:module_pk>/settings/", views.module_settings, name="settings"),
]
