from rest_framework.routers import SimpleRouter

from .api import OrganizationViewSet, SupervisionRecordViewSet

router = SimpleRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("supervision-records", SupervisionRecordViewSet, basename="supervision-record")
urlpatterns = router.urls
