from rest_framework.routers import SimpleRouter

from .api import ApplicationViewSet, PostingViewSet, PublicPostingViewSet, VolunteerViewSet

router = SimpleRouter()
router.register("postings", PostingViewSet, basename="posting")
router.register("applications", ApplicationViewSet, basename="application")
router.register("volunteers", VolunteerViewSet, basename="volunteer")
router.register("public/postings", PublicPostingViewSet, basename="public-posting")
urlpatterns = router.urls
