from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("p/<int:process_pk>/", views.archive, name="archive"),
    path("p/<int:process_pk>/subscribe/", views.subscribe, name="subscribe"),
    path("issue/<int:issue_pk>/", views.issue_detail, name="issue"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("p/<int:process_pk>/manage/", views.manage, name="manage"),
    path("p/<int:process_pk>/manage/new/", views.issue_create, name="issue_create"),
    path("p/<int:process_pk>/manage/postal/", views.postal, name="postal"),
    path("manage/postal/<int:subscription_pk>/stop/", views.postal_stop, name="postal_stop"),
    path("manage/issue/<int:issue_pk>/", views.issue_edit, name="issue_edit"),
    path("manage/issue/<int:issue_pk>/text/", views.issue_text, name="issue_text"),
    path("manage/issue/<int:issue_pk>/send/", views.issue_send, name="issue_send"),
    path("manage/issue/<int:issue_pk>/status/", views.issue_status, name="issue_status"),
    path("manage/issue/<int:issue_pk>/posted/", views.issue_posted, name="issue_posted"),
    path("manage/issue/<int:issue_pk>/letters.pdf", views.issue_letters, name="issue_letters"),
]
