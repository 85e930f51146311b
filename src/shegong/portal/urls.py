from django.urls import path

from . import queue_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.language, name="language"),
    path("stations/", views.station_directory, name="station-directory"),
    path("disclosures/sanctions/", views.sanction_disclosures, name="sanction-list"),
    path("disclosures/pay/", views.pay_disclosures, name="pay-disclosure-list"),
    path("statistics/", views.statistics, name="statistics"),
    path("jobs/", views.job_board, name="job-board"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("complaints/new/", views.complaint_create, name="complaint-create"),
    path("complaints/track/", views.complaint_track, name="complaint-track"),
    path("queue/", queue_views.complaint_queue, name="complaint-queue"),
    path("queue/new/", queue_views.complaint_intake, name="complaint-intake"),
    path("queue/<int:pk>/", queue_views.complaint_detail, name="complaint-detail"),
    path("queue/<int:pk>/steps/", queue_views.complaint_step, name="complaint-step"),
    path("queue/<int:pk>/close/", queue_views.complaint_close, name="complaint-close"),
]
