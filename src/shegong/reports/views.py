"""Dashboards and reports: thin views over :mod:`shegong.reports.selectors`."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shegong.common.audit import audit_record
from shegong.common.db_router import use_replica
from shegong.common.excel import xlsx_response
from shegong.common.models import AuditEntry
from shegong.geo.models import Division
from shegong.organizations.models import Organization
from shegong.workforce.models import Practitioner

from . import charts, forms, job_kinds, jobs, packages, selectors
from .exports import EXPORTS, export_queryset, export_workbook
from .forms import AsOfForm
from .models import BackgroundJob, JobState
from .pdf import render_pdf


def _dashboard_title(data: selectors.Dashboard) -> str:
    if data.organization is not None:
        return _("Dashboard: %(division)s") % {"division": data.organization.name}
    if data.division is not None:
        return _("Dashboard: %(division)s") % {"division": data.division.name}
    return _("Dashboard")


# A district's code has 6 digits, a town's 9 (geo.CODE_LENGTHS).
DRILL_CODE = re.compile(r"[0-9]{6}|[0-9]{9}")
BAD_DIVISION = gettext_lazy(
    "“%(code)s” is not the code of a district (6 digits) or a town (9 digits); "
    "choose a division in the station coverage table."
)


def _dashboard_url(code: str = "", as_of: str = "") -> str:
    query = urlencode({k: v for k, v in (("division", code), ("as_of", as_of)) if v})
    return f"{reverse('reports:dashboard')}?{query}" if query else reverse("reports:dashboard")


def _dashboard_crumbs(viewer, division, as_of: str) -> list[tuple[str, str | None]]:
    """Dashboard of the viewer's own level → district → town, each but the last a link."""
    root = _("Dashboard")
    if division is None:
        return [(root, None)]
    if viewer.division_id and not viewer.is_system_admin:
        root = viewer.division.name
    chain = [division]
    while chain[-1].parent is not None and chain[-1].parent.level in selectors.DRILL_LEVELS:
        chain.append(chain[-1].parent)
    own = "" if viewer.is_system_admin else viewer.division_id
    # Only divisions below the viewer's own: a town officer's district is not theirs to open.
    chain = [d for d in reversed(chain) if d.code.startswith(own) and d.code != own]
    crumbs = [(root, _dashboard_url(as_of=as_of))]
    crumbs += [(d.name, _dashboard_url(d.code, as_of)) for d in chain[:-1]]
    return [*crumbs, (chain[-1].name, None)] if chain else [(root, None)]


@login_required
def dashboard(request):
    """The dashboard of the viewer's level: a city's, a district's, a town's or an organisation's.

    Officers see their jurisdiction (targets and coverage at city and district level), station staff
    the town view of their organisation's stations, an organisation's administrator its projects,
    budgets, staff and findings; everybody else is refused. ``?division=`` opens the dashboard of a
    district or town of an officer's jurisdiction (drill-down); one outside it answers 404.
    """
    if selectors.dashboard_level(request.user) is None:
        raise PermissionDenied
    params = request.GET.copy()
    if "as_of" not in params:  # a drill-down link without a day shows today's figures, no error
        params["as_of"] = timezone.localdate()
    form = AsOfForm(params)
    as_of = form.cleaned_data["as_of"] if form.is_valid() else timezone.localdate()
    as_of_param = form.cleaned_data["as_of"].isoformat() if form.is_valid() and "as_of" in request.GET else ""
    code = request.GET.get("division", "").strip()
    division, division_error = None, ""
    if code and not DRILL_CODE.fullmatch(code):
        division_error = BAD_DIVISION % {"code": code[:20]}
    elif code:
        try:
            division = selectors.dashboard_division(viewer=request.user, code=code)
        except Division.DoesNotExist:
            raise Http404 from None
    data = selectors.dashboard(viewer=request.user, as_of=as_of, division=division)
    drill = selectors.can_drill_down(request.user)
    with use_replica():
        title = _dashboard_title(data)
        rows = data.coverage.rows if data.coverage else []
        context = {
            "page_title": title,
            "breadcrumbs": _dashboard_crumbs(request.user, division, as_of_param),
            "form": form,
            "dashboard": data,
            "division_error": division_error,
            "coverage_rows": [
                (
                    row,
                    reverse("stations:coverage-division", args=[row.division.code]),
                    _dashboard_url(row.division.code, as_of_param)
                    if drill and row.division.level in selectors.DRILL_LEVELS
                    else "",
                )
                for row in rows
            ],
            "charts": charts.dashboard_charts(data),
            "targets_alt": charts.targets_alt(data),
            "findings_alt": charts.findings_alt(data),
            "coverage_alt": charts.coverage_alt(data) if rows else "",
            "phases_alt": charts.phases_alt(data) if data.phases else "",
            "sections": [
                (key, title, charts.bars_alt(title, bars), bars)
                for key, title, _series, bars in charts.bar_sections(data)
            ],
        }
        return render(request, "reports/dashboard.html", context, status=400 if division_error else 200)


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
@use_replica()
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
@use_replica()
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


# Background jobs -----------------------------------------------------------------------------------


@login_required
def job_list(request):
    """The viewer's background jobs with their progress; htmx polls the table while one is running."""
    job_rows = list(jobs.job_list(viewer=request.user)[:50])
    context = {
        "jobs": job_rows,
        "polling": any(not job.finished for job in job_rows),
        "kinds": {name: kind.label for name, kind in jobs.job_kinds().items()},
    }
    if request.htmx:
        return render(request, "reports/_job_table.html", context)
    context.update(
        page_title=_("Background jobs"),
        breadcrumbs=[(_("Background jobs"), None)],
        can_scan=job_kinds.is_officer(request.user),
        package_form=forms.ReportPackageForm(
            user=request.user, initial={"year": job_kinds.default_report_year()}
        )
        if job_kinds.is_officer(request.user)
        else None,
        city_form=forms.CityReportsForm(user=request.user, initial={"year": job_kinds.default_report_year()})
        if job_kinds.is_city_officer(request.user)
        else None,
    )
    return render(request, "reports/job_list.html", context)


@login_required
def job_download(request, pk):
    """The result file of one of the viewer's own finished jobs; any other job answers 404."""
    try:
        job = jobs.job_get(viewer=request.user, pk=pk)
    except BackgroundJob.DoesNotExist:
        raise Http404 from None
    if job.state != JobState.DONE or not job.result:
        raise Http404
    response = FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name or None)
    return response


def _submit(request, kind: str, params: dict):
    try:
        job = jobs.submit(kind, user=request.user, params=params)
    except jobs.JobRefused as exc:
        messages.error(request, str(exc.message))
        return None
    messages.success(
        request,
        _("The job “%(kind)s” has been started; its progress is shown below.")
        % {"kind": jobs.job_kinds()[kind].label},
    )
    return job


@login_required
@require_POST
def job_scan(request):
    """Start a compliance scan of the officer's jurisdiction in the background."""
    if not job_kinds.is_officer(request.user):
        raise PermissionDenied
    _submit(request, "scan", {"rule": request.POST.get("rule", "")})
    return redirect("reports:job-list")


@login_required
@require_POST
def report_package(request):
    """Start building a district's report package for a year (a zip) in the background."""
    if not job_kinds.is_officer(request.user):
        raise PermissionDenied
    form = forms.ReportPackageForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("reports:job-list")
    _submit(
        request,
        "report_package",
        {"division": form.cleaned_data["division"], "year": form.cleaned_data["year"]},
    )
    return redirect("reports:job-list")


@login_required
@require_POST
def city_reports(request):
    """Start building the year's reports of every district of the officer's city in the background."""
    if not job_kinds.is_city_officer(request.user):
        raise PermissionDenied
    form = forms.CityReportsForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("reports:job-list")
    _submit(request, "city_reports", form.cleaned_data)
    return redirect("reports:job-list")


# Export centre -------------------------------------------------------------------------------------


@login_required
def export_center(request):
    """Every list that exports to Excel."""
    return render(
        request,
        "reports/export_center.html",
        {
            "page_title": _("Export centre"),
            "breadcrumbs": [(_("Export centre"), None)],
            "exports": [spec for spec in EXPORTS.values() if spec.allows(request.user)],
        },
    )


@login_required
def export_list(request, name):
    """One export: its filter form; a POST answers the workbook, or starts a job when it is large."""
    spec = EXPORTS.get(name)
    if spec is None:
        raise Http404
    if not spec.allows(request.user):
        raise PermissionDenied
    form = spec.form_class(request.POST if request.method == "POST" else request.GET or None)
    if request.method == "POST" and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
        rows = export_queryset(spec, viewer=request.user, filters=filters).count()
        if rows > settings.SHEGONG_EXPORT_INLINE_ROWS:
            if _submit(request, "export", {"export": name, "filters": filters}) is None:
                return redirect("reports:export", name=name)
            return redirect("reports:job-list")
        with use_replica():
            content, _rows = export_workbook(
                spec, viewer=request.user, filters=filters, applied=form.applied()
            )
        audit_record(
            actor=request.user,
            action=AuditEntry.Action.EXPORT,
            object_type=f"reports.export.{name}",
            object_repr=str(spec.title),
            after=filters,
        )
        return xlsx_response(content, spec.filename())
    return render(
        request,
        "reports/export_form.html",
        {
            "page_title": _("Export: %(list)s") % {"list": spec.title},
            "breadcrumbs": [(_("Export centre"), reverse("reports:export-center")), (spec.title, None)],
            "form": form if form.is_bound else spec.form_class(),
            "spec": spec,
            "limit": settings.SHEGONG_EXPORT_INLINE_ROWS,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# More PDF reports (JN-13, HZ-04) ----------------------------------------------------------------------

BAD_MONTH = gettext_lazy("Enter a month as YYYY-MM, for example 2024-03.")


@login_required
@use_replica()
def station_monthly_brief_pdf(request, pk, month):
    """A station's monthly brief (JN-13) as a PDF; a station outside the scope answers 404."""
    from shegong.stations.models import Station

    try:
        context = packages.station_monthly_brief(viewer=request.user, pk=pk, month=month)
    except Station.DoesNotExist:
        raise Http404 from None
    except ValueError:
        return HttpResponseBadRequest(str(BAD_MONTH), content_type="text/plain; charset=utf-8")
    title = _("Monthly brief of %(station)s, %(month)s") % {
        "station": context["station"].name,
        "month": month,
    }
    context.update(title=title, generated_on=timezone.localdate())
    return _pdf_response(render_pdf("reports/pdf/station_monthly_brief.html", context), f"{title}.pdf")


@login_required
@use_replica()
def huizhou_assessment_summary_pdf(request):
    """The Huizhou yearly assessment summary (HZ-04) of a division of the officer's jurisdiction."""
    if not job_kinds.is_officer(request.user):
        raise PermissionDenied
    form = forms.HuizhouSummaryForm(request.GET or None, user=request.user)
    if not form.is_valid():
        errors = "；".join(str(m) for messages_ in form.errors.values() for m in messages_)
        return HttpResponseBadRequest(
            errors or str(forms.CHOOSE_DIVISION), content_type="text/plain; charset=utf-8"
        )
    context = packages.huizhou_assessment_summary(
        viewer=request.user, within=form.cleaned_data["division"], year=form.cleaned_data["year"]
    )
    return _pdf_response(
        packages.huizhou_assessment_summary_pdf(context), f"{packages.huizhou_summary_title(context)}.pdf"
    )
