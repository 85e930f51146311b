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
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/<str:code>/", views.coverage_division, name="coverage-division"),
]
