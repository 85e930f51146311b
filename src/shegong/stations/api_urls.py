from rest_framework.routers import SimpleRouter

from .api import ServicePointViewSet, StationViewSet

router = SimpleRouter()
router.register("stations", StationViewSet, basename="station")
router.register("service-points", ServicePointViewSet, basename="service-point")
urlpatterns = router.urls
