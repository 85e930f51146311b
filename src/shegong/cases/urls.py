from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("households/", views.household_list, name="household-list"),
    path("households/new/", views.household_create, name="household-create"),
    path("households/<int:pk>/", views.household_detail, name="household-detail"),
    path("households/<int:pk>/edit/", views.household_update, name="household-update"),
    path("households/<int:pk>/members/new/", views.member_create, name="member-create"),
    path("households/<int:pk>/full/", views.household_full_file, name="household-full-file"),
    path("households/<int:pk>/cases/new/", views.case_create, name="case-create"),
    path("<int:pk>/", views.case_detail, name="case-detail"),
    path("<int:pk>/advance/", views.case_advance, name="case-advance"),
    path("<int:pk>/records/<str:step>/", views.case_record, name="case-record"),
    path("<int:pk>/visits/new/", views.visit_create, name="visit-create"),
]
