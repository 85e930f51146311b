from django.urls import path

from . import views

app_name = "procurement"
urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("new/", views.project_create, name="project-create"),
    path("calculator/", views.budget_calculator, name="budget-calculator"),
    path("<int:pk>/", views.project_detail, name="project-detail"),
    path("<int:pk>/edit/", views.project_update, name="project-update"),
    path("<int:pk>/budget/", views.budget_submit, name="budget-submit"),
    path("<int:pk>/contracts/new/", views.contract_create, name="contract-create"),
    path("<int:pk>/evaluations/new/", views.evaluation_create, name="evaluation-create"),
]
