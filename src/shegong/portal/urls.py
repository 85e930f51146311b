from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("stations/", views.station_directory, name="station-directory"),
    path("disclosures/sanctions/", views.sanction_disclosures, name="sanction-list"),
    path("disclosures/pay/", views.pay_disclosures, name="pay-disclosure-list"),
    path("statistics/", views.statistics, name="statistics"),
    path("complaints/new/", views.complaint_create, name="complaint-create"),
]
