from django.urls import path

from . import views

app_name = "handouts"

urlpatterns = [
    path("phase/<int:phase_pk>/infoblatt.pdf", views.infoblatt, name="infoblatt"),
    path("process/<int:process_pk>/contributions.pdf", views.contributions, name="contributions"),
]
