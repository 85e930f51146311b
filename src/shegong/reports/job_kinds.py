"""The kinds of background job: a policy scan, an export, a district's report package (issue 10/11)."""

from __future__ import annotations

import datetime
import io
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shegong.accounts.models import OFFICER_ROLES
from shegong.common.db_router import use_replica
from shegong.geo.models import Division, DivisionLevel

from .exports import EXPORTS, export_workbook
from .jobs import JobError, JobOutput, JobRefused, register_job_kind

UNKNOWN_EXPORT = gettext_lazy("This list cannot be exported.")
BAD_FILTERS = gettext_lazy("The filters of the export are not valid: %(errors)s")
UNKNOWN_RULE = gettext_lazy("No rule with this number is registered.")
BAD_DISTRICT = gettext_lazy("Choose a district or county inside your jurisdiction.")
BAD_YEAR = gettext_lazy("Enter a year between 2000 and this year.")


def is_officer(user) -> bool:
    return user.is_system_admin or (user.role in OFFICER_ROLES and bool(user.division_id))


# Scan ----------------------------------------------------------------------------------------------


def _clean_scan(user, params: dict) -> dict:
    from shegong.policy import engine

    rule = str(params.get("rule") or "").strip()
    if rule and rule not in {r.spec_id for r in engine.registered_rules()}:
        raise JobRefused(UNKNOWN_RULE)
    # The scan always covers the officer's own jurisdiction, whatever was asked.
    return {"rule": rule, "within": user.division_id or ""}


@register_job_kind("scan", label=gettext_lazy("Compliance scan"), may_submit=is_officer, clean=_clean_scan)
def run_scan(job, progress) -> JobOutput:
    """Run the rules as of today inside the owner's jurisdiction and update the findings ledger."""
    from shegong.policy.scanning import scan

    progress(5, _("Checking the rules…"))
    rule = job.params.get("rule")
    report = scan(within=job.params.get("within") or None, rule_ids=[rule] if rule else None, actor=job.owner)
    return JobOutput(
        message=_("Scan finished: %(found)d findings, %(opened)d new, %(resolved)d resolved.")
        % {"found": len(report.rows), "opened": report.opened, "resolved": report.resolved}
    )


# Export --------------------------------------------------------------------------------------------


def clean_export(user, params: dict) -> dict:
    """Validate an export's name and filters with the export's own form; keep the filters as shown."""
    spec = EXPORTS.get(str(params.get("export") or ""))
    if spec is None:
        raise JobRefused(UNKNOWN_EXPORT)
    form = spec.form_class(params.get("filters") or {})
    if not form.is_valid():
        errors = "；".join(str(m) for messages in form.errors.values() for m in messages)
        raise JobRefused(BAD_FILTERS % {"errors": errors})
    filters = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
    return {"export": spec.name, "filters": filters, "applied": [list(pair) for pair in form.applied()]}


@register_job_kind(
    "export", label=gettext_lazy("Excel export"), may_submit=lambda user: True, clean=clean_export
)
def run_export(job, progress) -> JobOutput:
    """Build the Excel file of a list as the owner sees it, with progress per chunk of rows."""
    from shegong.common.audit import audit_record
    from shegong.common.models import AuditEntry

    spec = EXPORTS[job.params["export"]]
    progress(2, _("Counting rows…"))
    with use_replica():  # the rows from the replica; the progress updates still go to the primary
        content, rows = export_workbook(
            spec,
            viewer=job.owner,
            filters=job.params.get("filters", {}),
            applied=[tuple(pair) for pair in job.params.get("applied", [])],
            progress=progress,
        )
    audit_record(
        actor=job.owner,
        action=AuditEntry.Action.EXPORT,
        object_type=f"reports.export.{spec.name}",
        object_repr=str(spec.title),
        after=job.params.get("filters", {}),
    )
    return JobOutput(
        filename=spec.filename(), content=content, message=_("%(rows)s rows exported.") % {"rows": rows}
    )


# Report package ------------------------------------------------------------------------------------


def _report_year(params: dict) -> int:
    """The year of a report job: a number, not before 2000 and not in the future."""
    try:
        year = int(params.get("year"))
    except (TypeError, ValueError):
        raise JobRefused(BAD_YEAR) from None
    if not 2000 <= year <= timezone.localdate().year:
        raise JobRefused(BAD_YEAR)
    return year


def clean_report_package(user, params: dict) -> dict:
    """A district (county) inside the owner's jurisdiction and a year not in the future."""
    code = str(params.get("division") or "").strip()
    year = _report_year(params)
    inside = user.is_system_admin or (bool(user.division_id) and code.startswith(user.division_id))
    if not inside or not Division.objects.filter(code=code, level=DivisionLevel.DISTRICT).exists():
        raise JobRefused(BAD_DISTRICT)
    return {"division": code, "year": year}


@register_job_kind(
    "report_package",
    label=gettext_lazy("Report package for reporting upward"),
    may_submit=is_officer,
    clean=clean_report_package,
)
def run_report_package(job, progress) -> JobOutput:
    """Build the year's reports of a district as one zip: the annual report and the lists behind it."""
    from . import packages

    division = Division.objects.filter(code=job.params["division"]).first()
    if division is None:
        raise JobError(str(BAD_DISTRICT))
    year = int(job.params["year"])
    buffer = io.BytesIO()
    with use_replica(), zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        files = packages.district_package_files(viewer=job.owner, division=division, year=year)
        for n, (name, build) in enumerate(files, start=1):
            progress(100 * (n - 1) // len(files), _("Building %(name)s…") % {"name": name})
            archive.writestr(name, build())
    filename = _("%(division)s %(year)s report package.zip") % {"division": division.name, "year": year}
    return JobOutput(
        filename=filename,
        content=buffer.getvalue(),
        message=_("%(count)s files in the package.") % {"count": len(files)},
    )


# A whole city's reports ---------------------------------------------------------------------------

BAD_CITY = gettext_lazy(
    "Only a city officer (or an administrator choosing a city) may build a city's reports."
)


def is_city_officer(user) -> bool:
    from shegong.accounts.models import Role

    return user.is_system_admin or (user.role == Role.CITY_OFFICER and bool(user.division_id))


def clean_city_reports(user, params: dict) -> dict:
    """The officer's own city (an administrator names one) and a year not in the future."""
    year = _report_year(params)
    code = str(params.get("city") or "").strip() if user.is_system_admin else (user.division_id or "")
    if not Division.objects.filter(code=code, level=DivisionLevel.CITY).exists():
        raise JobRefused(BAD_CITY)
    return {"city": code, "year": year}


@register_job_kind(
    "city_reports",
    label=gettext_lazy("The city's reports, every district"),
    may_submit=is_city_officer,
    clean=clean_city_reports,
)
def run_city_reports(job, progress) -> JobOutput:
    """Build the year's report package of every district of a city into one zip, a folder per
    district, with progress per district (read from the replica when there is one)."""
    from . import packages

    year = int(job.params["year"])
    with use_replica():
        city = Division.objects.filter(code=job.params["city"]).first()
        if city is None:
            raise JobError(str(BAD_CITY))
        districts = list(Division.objects.filter(parent=city, level=DivisionLevel.DISTRICT).order_by("code"))
        buffer = io.BytesIO()
        files = 0
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for n, district in enumerate(districts, start=1):
                progress(
                    100 * (n - 1) // max(len(districts), 1),
                    _("District %(n)s of %(total)s: %(name)s…")
                    % {"n": n, "total": len(districts), "name": district.name},
                )
                for name, build in packages.district_package_files(
                    viewer=job.owner, division=district, year=year
                ):
                    archive.writestr(f"{district.name}/{name}", build())
                    files += 1
    filename = _("%(division)s %(year)s report package.zip") % {"division": city.name, "year": year}
    return JobOutput(
        filename=filename,
        content=buffer.getvalue(),
        message=_("%(districts)s districts, %(count)s files in the package.")
        % {"districts": len(districts), "count": files},
    )


def default_report_year(today: datetime.date | None = None) -> int:
    """The year a report package covers by default: the last complete year."""
    return (today or timezone.localdate()).year - 1
