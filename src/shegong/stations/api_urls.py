from rest_framework.routers import SimpleRouter

from .api import (
    PilotSiteViewSet,
    ServicePointViewSet,
    StationViewSet,
    SubmissionViewSet,
    SupervisionAssignmentViewSet,
    SupervisionVisitViewSet,
    TrainingBaseViewSet,
)

router = SimpleRouter()
router.register("stations", StationViewSet, basename="station")
router.register("service-points", ServicePointViewSet, basename="service-point")
router.register("station-submissions", SubmissionViewSet, basename="station-submission")
router.register("supervision-assignments", SupervisionAssignmentViewSet, basename="supervision-assignment")
router.register("supervision-visits", SupervisionVisitViewSet, basename="supervision-visit")
router.register("training-bases", TrainingBaseViewSet, basename="training-base")
router.register("pilot-sites", PilotSiteViewSet, basename="pilot-site")
urlpatterns = router.urls
