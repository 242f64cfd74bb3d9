from django.urls import path

from . import views

app_name = "progress"

urlpatterns = [
    path("mine/", views.my_contributions, name="mine"),
    path("mine/<slug:kind>/", views.my_contributions_kind, name="mine_kind"),
    path("m/<int:module_pk>/", views.progress_page, name="module"),
    path("m/<int:module_pk>/what-became-of-my-idea/", views.lookup, name="lookup"),
    path("m/<int:module_pk>/measures/<int:pk>/", views.measure_page, name="measure"),
    path("m/<int:module_pk>/measures/<int:pk>/progress/", views.progress_update_create, name="update_create"),
    path("m/<int:module_pk>/measures/<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("m/<int:module_pk>/milestones/<int:pk>/", views.milestone_met, name="milestone"),
    path("m/<int:module_pk>/indicators/<int:pk>/values/new/", views.indicator_value_create, name="indicator_value"),
    path("m/<int:module_pk>/indicators/<int:pk>.csv", views.indicator_csv, name="indicator_csv"),
    path("m/<int:module_pk>/rounds/new/", views.round_create, name="round_create"),
    path("m/<int:module_pk>/rounds/<int:pk>/", views.round_page, name="round"),
    path("m/<int:module_pk>/rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("m/<int:module_pk>/rounds/<int:pk>/measures/<int:measure_pk>/rate/", views.rate, name="rate"),
    path("m/<int:module_pk>/rounds/<int:pk>/report/", views.report, name="report"),
    path("m/<int:module_pk>/rounds/<int:pk>/report/pdf/", views.report_pdf_request, name="report_pdf"),
    path("m/<int:module_pk>/reports/<int:pk>.pdf", views.report_download, name="report_download"),
    path("m/<int:module_pk>/reports/<int:pk>/retry/", views.report_retry, name="report_retry"),
]
