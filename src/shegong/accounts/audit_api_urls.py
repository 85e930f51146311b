"""The accounts app's resources at /api/v1/: ``users/`` and ``audit-entries/`` (read only)."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("users", api.UserViewSet, basename="user")
router.register("audit-entries", api.AuditEntryViewSet, basename="audit-entry")

urlpatterns = router.urls
