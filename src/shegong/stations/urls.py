from django.urls import path

from . import views

app_name = "stations"
urlpatterns = [
    path("", views.station_list, name="station-list"),
    path("new/", views.station_create, name="station-create"),
    path("import/", views.station_import, name="station-import"),
    path("import/template.xlsx", views.station_template, name="station-template"),
    path("<int:pk>/", views.station_detail, name="station-detail"),
    path("<int:pk>/edit/", views.station_update, name="station-update"),
    path("<int:pk>/points/new/", views.point_create, name="point-create"),
    path("<int:pk>/staff/new/", views.staff_create, name="staff-create"),
    path("<int:pk>/regulations/new/", views.regulation_create, name="regulation-create"),
    path("<int:pk>/signs/new/", views.sign_create, name="sign-create"),
    path("<int:pk>/service-content/new/", views.content_create, name="content-create"),
    path("community-centres/", views.community_centres, name="community-centres"),
    path("community-centres/report/", views.community_centre_report, name="community-centre-report"),
    path("community-centres/staffing-table/new/", views.staffing_band_create, name="staffing-band-create"),
    path("deadlines/", views.deadline_calendar, name="deadline-calendar"),
    path("deadlines/reminders/", views.deadline_reminders, name="deadline-reminders"),
    path("deadlines/calendar.ics", views.deadline_feed, name="deadline-feed"),
    path("deadlines/feed/<str:token>.ics", views.deadline_feed_token, name="deadline-feed-token"),
    path("submissions/new/", views.submission_create, name="submission-create"),
    path("supervision/", views.supervision, name="supervision"),
    path("supervision/supervisors/new/", views.supervisor_create, name="supervisor-create"),
    path("supervision/assignments/new/", views.assignment_create, name="assignment-create"),
    path("supervision/visits/new/", views.visit_create, name="visit-create"),
    path("supervision/samples/new/", views.sample_create, name="sample-create"),
    path("supervision/samples/<int:pk>/", views.sample_detail, name="sample-detail"),
    path("designations/", views.designation_list, name="designation-list"),
    path("designations/training-bases/new/", views.training_base_create, name="training-base-create"),
    path("designations/pilot-sites/new/", views.pilot_site_create, name="pilot-site-create"),
    path("districts/<str:code>/", views.district_overview, name="district-overview"),
    path(
        "districts/<str:code>/regulations/new/",
        views.district_regulation_create,
        name="district-regulation-create",
    ),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/<str:code>/", views.coverage_division, name="coverage-division"),
]
