"""Pages of ranks and pay: salary guides (SZ-06a/c) and a practitioner's rank, pay and benefit records.

Thin: forms validate, ``pay_services`` write, selectors read through the viewer's scope.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.accounts.scoping import scope_queryset
from shegong.geo.models import Division
from shegong.procurement.domains import ServiceDomain

from . import pay_services, ranks, selectors
from .forms import (
    AwardForm,
    ExamFeeForm,
    InsuranceRecordForm,
    PayRecordForm,
    RankForm,
    SalaryGuideCellsForm,
    SalaryGuideForm,
    SubsidyForm,
)
from .models import Rank, SalaryGuide
from .pay import salary_guide_in_force
from .views import _apply_errors, _practitioner_form


def _guides_crumb():
    return (_("Salary guides"), reverse("workforce:salary-guide-list"))


def _cities_for(user):
    """Cities whose guide ``user`` may record."""
    cities = Division.objects.filter(level="city").order_by("code")
    if user.is_system_admin:
        return cities
    return scope_queryset(cities, viewer=user).filter(
        code__in=[c.code for c in cities if pay_services.can_change_guide(user, c.code)]
    )


@login_required
def salary_guide_list(request):
    guides = list(selectors.salary_guide_list(viewer=request.user))
    findings = selectors.guide_age_findings(guides)
    today = timezone.localdate()
    in_force = {}
    for guide in guides:  # newest first per city: the first one on or before today is in force
        if guide.effective_from <= today and guide.division_id not in in_force:
            in_force[guide.division_id] = guide.pk
    rows = [(guide, in_force.get(guide.division_id) == guide.pk, findings.get(guide.pk)) for guide in guides]
    return render(
        request,
        "workforce/salary_guide_list.html",
        {
            "page_title": _("Salary guides"),
            "breadcrumbs": [(_("Salary guides"), None)],
            "rows": rows,
            "can_create": _cities_for(request.user).exists(),
        },
    )


@login_required
def salary_guide_detail(request, pk):
    try:
        guide = selectors.salary_guide_get(viewer=request.user, pk=pk)
    except (SalaryGuide.DoesNotExist, ValueError):
        raise Http404 from None
    table = selectors.salary_guide_table(guide)
    grid = [
        (label, [table.get((rank, domain)) for domain in ServiceDomain.values])
        for rank, label in Rank.choices
    ]
    current = salary_guide_in_force(division_code=guide.division_id, on=timezone.localdate())
    return render(
        request,
        "workforce/salary_guide_detail.html",
        {
            "page_title": guide.title,
            "breadcrumbs": [_guides_crumb(), (guide.title, None)],
            "guide": guide,
            "domains": ServiceDomain.choices,
            "grid": grid,
            "is_in_force": current is not None and current.pk == guide.pk,
            "age_finding": selectors.guide_age_findings([guide]).get(guide.pk),
            "can_change": pay_services.can_change_guide(request.user, guide.division_id),
        },
    )


@login_required
def salary_guide_create(request):
    cities = _cities_for(request.user)
    if not cities.exists():
        raise PermissionDenied
    form = SalaryGuideForm(request.POST or None, cities=cities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["start"] == SalaryGuideForm.START_SAMPLE:
                guide = pay_services.salary_guide_create_sample(
                    actor=request.user, division=data["division"], effective_from=data["effective_from"]
                )
            else:
                rows = {}
                if data["start"] == SalaryGuideForm.START_COPY:
                    current = salary_guide_in_force(
                        division_code=data["division"].code, on=data["effective_from"]
                    )
                    rows = selectors.salary_guide_table(current) if current else {}
                guide = pay_services.salary_guide_create(
                    actor=request.user,
                    division=data["division"],
                    title=data["title"],
                    effective_from=data["effective_from"],
                    source=data["source"],
                    rows=rows,
                )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The salary guide is recorded."))
            return redirect("workforce:salary-guide-detail", pk=guide.pk)
    return render(
        request,
        "workforce/form.html",
        {
            "page_title": _("Record a salary guide"),
            "breadcrumbs": [_guides_crumb(), (_("Record a salary guide"), None)],
            "form": form,
            "cancel_url": reverse("workforce:salary-guide-list"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def salary_guide_edit(request, pk):
    try:
        guide = selectors.salary_guide_get(viewer=request.user, pk=pk)
    except (SalaryGuide.DoesNotExist, ValueError):
        raise Http404 from None
    if not pay_services.can_change_guide(request.user, guide.division_id):
        raise PermissionDenied
    form = SalaryGuideCellsForm(request.POST or None, guide=guide, table=selectors.salary_guide_table(guide))
    if request.method == "POST" and form.is_valid():
        try:
            pay_services.salary_guide_update(
                actor=request.user,
                guide=guide,
                rows=form.rows(),
                title=form.cleaned_data["title"],
                source=form.cleaned_data["source"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The salary guide is saved."))
            return redirect("workforce:salary-guide-detail", pk=guide.pk)
    detail_url = reverse("workforce:salary-guide-detail", args=[guide.pk])
    return render(
        request,
        "workforce/salary_guide_edit.html",
        {
            "page_title": _("Edit the salary guide"),
            "breadcrumbs": [_guides_crumb(), (guide.title, detail_url), (_("Edit"), None)],
            "guide": guide,
            "form": form,
            "domains": ServiceDomain.choices,
            "cancel_url": detail_url,
        },
        status=400 if form.errors else 200,
    )


# A practitioner's rank, pay and benefits ----------------------------------------------------------


def ladder_of(practitioner):
    """The rank ladder in force for the practitioner today (SM-12), or None."""
    return ranks.ladder_for(practitioner.division_id, timezone.localdate())


@login_required
def rank_set(request, pk):
    return _practitioner_form(
        request,
        pk,
        form_class=RankForm,
        title=_("Set the rank"),
        success=_("The rank is set."),
        save=lambda actor, p, data: pay_services.practitioner_set_rank(actor=actor, practitioner=p, **data),
    )


def _viewer_and_practitioner(request, p):
    return {"viewer": request.user, "practitioner": p}


@login_required
def pay_record_create(request, pk):
    return _practitioner_form(
        request,
        pk,
        form_class=PayRecordForm,
        title=_("Record monthly pay"),
        success=_("The pay is recorded."),
        form_kwargs=_viewer_and_practitioner,
        save=lambda actor, p, data: pay_services.pay_record_add(actor=actor, practitioner=p, **data),
    )


@login_required
def insurance_record_create(request, pk):
    return _practitioner_form(
        request,
        pk,
        form_class=InsuranceRecordForm,
        title=_("Record social insurance"),
        success=_("The social insurance is recorded."),
        form_kwargs=_viewer_and_practitioner,
        save=lambda actor, p, data: pay_services.insurance_record_add(actor=actor, practitioner=p, **data),
    )


@login_required
def subsidy_create(request, pk):
    return _practitioner_form(
        request,
        pk,
        form_class=SubsidyForm,
        title=_("Record a certificate subsidy"),
        success=_("The certificate subsidy is recorded."),
        save=lambda actor, p, data: pay_services.subsidy_record_add(actor=actor, practitioner=p, **data),
    )


@login_required
def award_create(request, pk):
    return _practitioner_form(
        request,
        pk,
        form_class=AwardForm,
        title=_("Record an award"),
        success=_("The award is recorded."),
        save=lambda actor, p, data: pay_services.award_record(actor=actor, practitioner=p, **data),
    )


@login_required
def exam_fee_create(request, pk):
    return _practitioner_form(
        request,
        pk,
        form_class=ExamFeeForm,
        title=_("Record an exam fee"),
        success=_("The exam fee is recorded."),
        form_kwargs=lambda request, p: {"viewer": request.user},
        save=lambda actor, p, data: pay_services.exam_fee_record(actor=actor, practitioner=p, **data),
    )
