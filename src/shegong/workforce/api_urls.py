from rest_framework.routers import SimpleRouter

from .api import PractitionerViewSet, SalaryGuideViewSet

router = SimpleRouter()
router.register("practitioners", PractitionerViewSet, basename="practitioner")
router.register("salary-guides", SalaryGuideViewSet, basename="salary-guide")
urlpatterns = router.urls
