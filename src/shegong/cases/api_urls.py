from rest_framework.routers import SimpleRouter

from .api import CaseViewSet, ConsentViewSet, HouseholdViewSet, ReferralViewSet, VisitViewSet

router = SimpleRouter()
router.register("households", HouseholdViewSet, basename="household")
router.register("cases", CaseViewSet, basename="case")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("consents", ConsentViewSet, basename="consent")
router.register("visits", VisitViewSet, basename="visit")
urlpatterns = router.urls
