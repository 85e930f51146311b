from django.urls import path, re_path

from . import public_views, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("public/", public_views.public_dashboard, name="public-dashboard"),
    path(
        "organizations/<int:pk>/compliance.pdf",
        views.organization_compliance_pdf,
        name="organization-compliance-pdf",
    ),
    path(
        "practitioners/<int:pk>/credit-file.pdf",
        views.practitioner_credit_file_pdf,
        name="practitioner-credit-file-pdf",
    ),
    re_path(
        r"^stations/(?P<pk>[0-9]+)/brief/(?P<month>[0-9]{4}-[0-9]{2})\.pdf$",
        views.station_monthly_brief_pdf,
        name="station-brief-pdf",
    ),
    path(
        "huizhou/assessment-summary.pdf", views.huizhou_assessment_summary_pdf, name="huizhou-assessment-pdf"
    ),
    path("jobs/", views.job_list, name="job-list"),
    path("jobs/<int:pk>/download/", views.job_download, name="job-download"),
    path("jobs/scan/", views.job_scan, name="job-scan"),
    path("jobs/report-package/", views.report_package, name="report-package"),
    path("jobs/city-reports/", views.city_reports, name="city-reports"),
    path("exports/", views.export_center, name="export-center"),
    path("exports/<slug:name>/", views.export_list, name="export"),
]
