from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import BudgetCalculatorView, ProjectViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="project")
urlpatterns = [
    path("budget-calculator/", BudgetCalculatorView.as_view(), name="budget-calculator"),
    *router.urls,
]
