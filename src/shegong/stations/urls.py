from django.urls import path

from . import views

app_name = "stations"
urlpatterns = [
    path("", views.station_list, name="station-list"),
    path("new/", views.station_create, name="station-create"),
    path("<int:pk>/", views.station_detail, name="station-detail"),
    path("<int:pk>/edit/", views.station_update, name="station-update"),
    path("<int:pk>/points/new/", views.point_create, name="point-create"),
    path("<int:pk>/staff/new/", views.staff_create, name="staff-create"),
    path("deadlines/", views.deadline_calendar, name="deadline-calendar"),
    path("deadlines/calendar.ics", views.deadline_feed, name="deadline-feed"),
    path("deadlines/feed/<str:token>.ics", views.deadline_feed_token, name="deadline-feed-token"),
    path("submissions/new/", views.submission_create, name="submission-create"),
    path("supervision/", views.supervision, name="supervision"),
    path("supervision/supervisors/new/", views.supervisor_create, name="supervisor-create"),
    path("supervision/assignments/new/", views.assignment_create, name="assignment-create"),
    path("supervision/visits/new/", views.visit_create, name="visit-create"),
    path("supervision/samples/new/", views.sample_create, name="sample-create"),
    path("supervision/samples/<int:pk>/", views.sample_detail, name="sample-detail"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/<str:code>/", views.coverage_division, name="coverage-division"),
]
