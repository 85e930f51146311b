"""Root URL configuration: pages, the API under /api/v1/, schema and docs."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from shegong.common import views as common_views

api_v1 = [
    path("auth/", include("shegong.accounts.api_urls")),
    path("", include("shegong.geo.api_urls")),
    path("", include("shegong.organizations.api_urls")),
    path("", include("shegong.workforce.api_urls")),
    path("", include("shegong.stations.api_urls")),
    path("", include("shegong.cases.api_urls")),
    path("", include("shegong.procurement.api_urls")),
    path("", include("shegong.recruitment.api_urls")),
    path("", include("shegong.policy.api_urls")),
    path("", include("shegong.accounts.audit_api_urls")),
]

urlpatterns = [
    path("", common_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("shegong.accounts.urls")),
    path("geo/", include("shegong.geo.urls")),
    path("organizations/", include("shegong.organizations.urls")),
    path("workforce/", include("shegong.workforce.urls")),
    path("stations/", include("shegong.stations.urls")),
    path("cases/", include("shegong.cases.urls")),
    path("projects/", include("shegong.procurement.urls")),
    path("policy/", include("shegong.policy.urls")),
    path("recruitment/", include("shegong.recruitment.urls")),
    path("portal/", include("shegong.portal.urls")),
    path("reports/", include("shegong.reports.urls")),
    path("audit/", include("shegong.accounts.audit_urls")),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler404 = "shegong.common.views.page_not_found"
handler500 = "shegong.common.views.server_error"
handler403 = "shegong.common.views.permission_denied"
