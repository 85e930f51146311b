from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
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
]
