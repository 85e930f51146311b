from django.urls import path

from . import views

app_name = "geo"
urlpatterns = [
    path("", views.division_list, name="division-list"),
    path("<str:code>/", views.division_detail, name="division-detail"),
]
