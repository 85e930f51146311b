from rest_framework.routers import SimpleRouter

from .api import PractitionerViewSet

router = SimpleRouter()
router.register("practitioners", PractitionerViewSet, basename="practitioner")
urlpatterns = router.urls
