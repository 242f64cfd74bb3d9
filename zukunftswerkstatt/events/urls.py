from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/register/", views.event_register, name="register"),
    path("<int:pk>/event.ics", views.event_ics, name="ics"),
    path("cancel/<str:token>/", views.registration_cancel, name="cancel"),
    path("seats/<str:token>/", views.offer, name="offer"),
    path("registrations/<int:registration_pk>/cancel/", views.my_registration_cancel, name="my_cancel"),
    path("registrations/<int:registration_pk>/take-seats/", views.my_registration_take_seats, name="my_take_seats"),
    path("process/<int:process_pk>/calendar.ics", views.process_calendar, name="calendar"),
    # staff
    path("<int:pk>/attendees/", views.attendees, name="attendees"),
    path("<int:pk>/attendees.csv", views.attendees_csv, name="attendees_csv"),
    path("<int:pk>/attendees/add/", views.staff_register, name="staff_register"),
    path("<int:pk>/attendees/<int:registration_pk>/cancel/", views.staff_cancel, name="staff_cancel"),
    path("<int:pk>/documentation/", views.documentation, name="documentation"),
    path("<int:pk>/sign-in-sheet.pdf", views.sign_in_sheet, name="sign_in_sheet"),
    path("<int:pk>/poster.pdf", views.event_poster, name="poster"),
    path("ideas/<int:module_pk>/poster.pdf", views.ideas_poster, name="ideas_poster"),
]
