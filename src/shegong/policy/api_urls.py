from rest_framework.routers import SimpleRouter

from .api import FindingViewSet, PolicyDocumentViewSet

router = SimpleRouter()
router.register("findings", FindingViewSet, basename="finding")
router.register("policy/documents", PolicyDocumentViewSet, basename="policy-document")
urlpatterns = router.urls
