"""Dashboards and reports: thin views over :mod:`shegong.reports.selectors`."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.accounts.models import OFFICER_ROLES
from shegong.organizations.models import Organization
from shegong.workforce.models import Practitioner

from . import charts, selectors
from .forms import AsOfForm
from .pdf import render_pdf


def _may_view_dashboard(user) -> bool:
    return user.is_system_admin or (user.role in OFFICER_ROLES and bool(user.division_id))


@login_required
def dashboard(request):
    """The dashboard of the viewer's level: targets, findings by rule and station coverage."""
    if not _may_view_dashboard(request.user):
        raise PermissionDenied
    form = AsOfForm(request.GET or {"as_of": timezone.localdate()})
    as_of = form.cleaned_data["as_of"] if form.is_valid() else timezone.localdate()
    data = selectors.dashboard(viewer=request.user, as_of=as_of)
    title = (
        _("Dashboard: %(division)s") % {"division": data.division.name} if data.division else _("Dashboard")
    )
    return render(
        request,
        "reports/dashboard.html",
        {
            "page_title": title,
            "breadcrumbs": [(_("Dashboard"), None)],
            "form": form,
            "dashboard": data,
            "charts": charts.dashboard_charts(data),
            "targets_alt": charts.targets_alt(data),
            "findings_alt": charts.findings_alt(data),
            "coverage_alt": charts.coverage_alt(data) if data.coverage and data.coverage.rows else "",
        },
    )


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def organization_compliance_pdf(request, pk):
    """An organisation's compliance report: its open findings with the clause text (PDF)."""
    try:
        context = selectors.organization_compliance(viewer=request.user, pk=pk)
    except Organization.DoesNotExist:
        raise Http404 from None
    title = _("Compliance report: %(organization)s") % {"organization": context["organization"].name}
    context.update(title=title, generated_on=timezone.localdate())
    content = render_pdf("reports/pdf/organization_compliance.html", context)
    return _pdf_response(content, f"{title}.pdf")


@login_required
def practitioner_credit_file_pdf(request, pk):
    """A practitioner's credit file summary (PDF)."""
    try:
        context = selectors.practitioner_credit_file(viewer=request.user, pk=pk)
    except Practitioner.DoesNotExist:
        raise Http404 from None
    title = _("Credit file: %(name)s") % {"name": context["practitioner"].name}
    context.update(title=title, generated_on=timezone.localdate())
    content = render_pdf("reports/pdf/practitioner_credit_file.html", context)
    return _pdf_response(content, f"{title}.pdf")
