from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import (
    BudgetCalculatorView,
    PaymentViewSet,
    PerformanceReviewViewSet,
    ProjectViewSet,
    RenewalRewardViewSet,
)

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("payments", PaymentViewSet, basename="payment")
router.register("contract-evaluations", PerformanceReviewViewSet, basename="performance-review")
router.register("renewal-rewards", RenewalRewardViewSet, basename="renewal-reward")
urlpatterns = [
    path("budget-calculator/", BudgetCalculatorView.as_view(), name="budget-calculator"),
    *router.urls,
]
