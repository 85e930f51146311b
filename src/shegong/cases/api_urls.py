from rest_framework.routers import SimpleRouter

from .api import CaseViewSet, HouseholdViewSet

router = SimpleRouter()
router.register("households", HouseholdViewSet, basename="household")
router.register("cases", CaseViewSet, basename="case")
urlpatterns = router.urls
