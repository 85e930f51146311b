from rest_framework.routers import SimpleRouter

from .api import DivisionViewSet

router = SimpleRouter()
router.register("divisions", DivisionViewSet, basename="division")
urlpatterns = router.urls
