"""Pages of case management: household files, the full file, cases with their steps, visits, caseload.

Thin: forms validate, services write, selectors read through the viewer's scope (out of scope: 404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from shegong.accounts.models import Role

from . import selectors, services
from .forms import (
    RECORD_FORMS,
    AdvanceForm,
    CaseForm,
    HouseholdForm,
    MemberForm,
    RevealForm,
    VisitForm,
)
from .models import Case, CaseStep, Household, HouseholdCategory

PAGE_SIZE = 50

RECORD_SERVICES = {
    CaseStep.ASSESS: services.case_assess_needs,
    CaseStep.PLAN: services.case_plan,
    CaseStep.COORDINATE: services.case_link_resource,
    CaseStep.INTERVENE: services.case_record_intervention,
    CaseStep.FOLLOW_UP: services.case_follow_up,
}


def _check_role(user) -> None:
    if not services.can_use_case_files(user):
        raise PermissionDenied


def _household_or_404(viewer, pk) -> Household:
    try:
        return selectors.household_get(viewer=viewer, pk=pk)
    except (Household.DoesNotExist, ValueError):
        raise Http404 from None


def _case_or_404(viewer, pk) -> Case:
    try:
        return selectors.case_get(viewer=viewer, pk=pk)
    except (Case.DoesNotExist, ValueError):
        raise Http404 from None


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _list_crumb():
    return (_("Household files"), reverse("cases:household-list"))


def _household_crumb(household):
    return (household.address, reverse("cases:household-detail", args=[household.pk]))


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@login_required
def household_list(request):
    _check_role(request.user)
    category = request.GET.get("category", "")
    if category not in HouseholdCategory.values:
        category = ""
    households = selectors.household_list(
        viewer=request.user, query=request.GET.get("q", "").strip(), category=category
    )
    return render(
        request,
        "cases/household_list.html",
        {
            "page_title": _("Household files"),
            "breadcrumbs": [(_("Household files"), None)],
            "page_obj": Paginator(households, PAGE_SIZE).get_page(request.GET.get("page")),
            "categories": HouseholdCategory.choices,
            "category": category,
            "query": request.GET.get("q", ""),
            "can_register": services.can_register_household(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_create(request):
    if not services.can_register_household(request.user):
        raise PermissionDenied
    form = HouseholdForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_register(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The household file was opened."))
            return redirect("cases:household-detail", pk=household.pk)
    return render(
        request,
        "cases/form.html",
        {
            "page_title": _("Register a household"),
            "breadcrumbs": [_list_crumb(), (_("Register a household"), None)],
            "form": form,
            "submit_label": _("Register"),
            "cancel_url": reverse("cases:household-list"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def household_detail(request, pk):
    _check_role(request.user)
    household = _household_or_404(request.user, pk)
    return render(
        request,
        "cases/household_detail.html",
        {
            "page_title": household.address,
            "breadcrumbs": [_list_crumb(), (household.address, None)],
            "household": household,
            "members": list(household.members.all()),
            "cases": list(household.cases.all()),
            "can_change": services.can_change_household(request.user, household),
            "can_open_full_file": services.can_open_full_file(request.user, household),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_update(request, pk):
    _check_role(request.user)
    household = _household_or_404(request.user, pk)
    if not services.can_change_household(request.user, household):
        raise PermissionDenied
    initial = {
        "division": household.division,
        "address": household.address,
        "categories": household.categories,
        "family_structure": household.family_structure,
        "material_needs": household.material_needs,
        "emotional_needs": household.emotional_needs,
        "social_needs": household.social_needs,
        "assigned_worker": household.assigned_worker,
        "station": household.station,
    }
    form = HouseholdForm(request.POST or None, initial=initial, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_update(actor=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The household file was saved."))
            return redirect("cases:household-detail", pk=household.pk)
    return render(
        request,
        "cases/form.html",
        {
            "page_title": _("Edit the household file"),
            "breadcrumbs": [_list_crumb(), _household_crumb(household), (_("Edit"), None)],
            "form": form,
            "submit_label": _("Save"),
            "cancel_url": reverse("cases:household-detail", args=[household.pk]),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request, pk):
    _check_role(request.user)
    household = _household_or_404(request.user, pk)
    if not services.can_change_household(request.user, household):
        raise PermissionDenied
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_add(actor=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The member was added."))
            return redirect("cases:household-detail", pk=household.pk)
    response = render(
        request,
        "cases/form.html",
        {
            "page_title": _("Add a member"),
            "breadcrumbs": [_list_crumb(), _household_crumb(household), (_("Add a member"), None)],
            "form": form,
            "submit_label": _("Add"),
            "cancel_url": reverse("cases:household-detail", args=[household.pk]),
        },
        status=400 if form.errors else 200,
    )
    return _no_store(response)


@login_required
@require_http_methods(["GET", "POST"])
def household_full_file(request, pk):
    """Ask for a reason, then show the decrypted ID numbers and health notes; the view is logged."""
    _check_role(request.user)
    household = _household_or_404(request.user, pk)
    if not services.can_open_full_file(request.user, household):
        raise PermissionDenied
    form = RevealForm(request.POST or None)
    members = None
    if request.method == "POST" and form.is_valid():
        members = services.household_open_full_file(
            viewer=request.user, household=household, reason=form.cleaned_data["reason"]
        )
    response = render(
        request,
        "cases/household_full_file.html",
        {
            "page_title": _("Full file of %(address)s") % {"address": household.address},
            "breadcrumbs": [_list_crumb(), _household_crumb(household), (_("Full file"), None)],
            "household": household,
            "form": form,
            "members": members,
        },
        status=400 if form.errors else 200,
    )
    return _no_store(response)


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request, pk):
    _check_role(request.user)
    household = _household_or_404(request.user, pk)
    if not services.can_change_household(request.user, household):
        raise PermissionDenied
    form = CaseForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(actor=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The case was opened."))
            return redirect("cases:case-detail", pk=case.pk)
    return render(
        request,
        "cases/form.html",
        {
            "page_title": _("Open a case"),
            "breadcrumbs": [_list_crumb(), _household_crumb(household), (_("Open a case"), None)],
            "form": form,
            "submit_label": _("Open the case"),
            "cancel_url": reverse("cases:household-detail", args=[household.pk]),
        },
        status=400 if form.errors else 200,
    )


def _steps_of(case: Case):
    """The six steps with their state for the timeline: done, current or to come."""
    reached = {t.to_step: t for t in case.transitions.all()}
    order = list(CaseStep)
    current = order.index(CaseStep(case.step))
    rows = []
    for index, step in enumerate(order):
        state = "done" if index < current else ("current" if index == current else "todo")
        rows.append({"step": step, "label": step.label, "state": state, "transition": reached.get(step)})
    return rows


@login_required
def case_detail(request, pk):
    _check_role(request.user)
    case = _case_or_404(request.user, pk)
    household = case.household
    can_change = services.can_change_household(request.user, household) and not case.is_closed
    following = services.next_step(case.step) if not case.is_closed else None
    record_step = case.step if case.step in RECORD_FORMS else None
    return render(
        request,
        "cases/case_detail.html",
        {
            "page_title": case.title,
            "breadcrumbs": [_list_crumb(), _household_crumb(household), (case.title, None)],
            "case": case,
            "household": household,
            "steps": _steps_of(case),
            "can_change": can_change,
            "next_step": CaseStep(following) if following else None,
            "record_step": CaseStep(record_step) if record_step else None,
            "show_notes": request.user.pk == household.assigned_worker_id,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def case_advance(request, pk):
    _check_role(request.user)
    case = _case_or_404(request.user, pk)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the step to move to."))
        return redirect("cases:case-detail", pk=case.pk)
    try:
        case = services.case_advance_step(actor=request.user, case=case, to_step=form.cleaned_data["to_step"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The case moved to “%(step)s”.") % {"step": CaseStep(case.step).label})
    return redirect("cases:case-detail", pk=case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def case_record(request, pk, step):
    """The record form of a step (needs assessment, plan, resource, intervention, follow-up)."""
    _check_role(request.user)
    case = _case_or_404(request.user, pk)
    if step not in RECORD_FORMS:
        raise Http404
    if not services.can_change_household(request.user, case.household):
        raise PermissionDenied
    form_class = RECORD_FORMS[step]
    today = timezone.localdate()
    initial = {name: today for name, field in form_class.base_fields.items() if name.endswith("_on")}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            RECORD_SERVICES[step](actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The record was saved."))
            return redirect("cases:case-detail", pk=case.pk)
    label = CaseStep(step).label
    return render(
        request,
        "cases/form.html",
        {
            "page_title": _("Record for “%(step)s”") % {"step": label},
            "breadcrumbs": [
                _list_crumb(),
                _household_crumb(case.household),
                (case.title, reverse("cases:case-detail", args=[case.pk])),
                (label, None),
            ],
            "form": form,
            "submit_label": _("Save"),
            "cancel_url": reverse("cases:case-detail", args=[case.pk]),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request, pk):
    _check_role(request.user)
    case = _case_or_404(request.user, pk)
    if not services.can_change_household(request.user, case.household):
        raise PermissionDenied
    form = VisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_log(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The visit was logged."))
            return redirect("cases:case-detail", pk=case.pk)
    return render(
        request,
        "cases/form.html",
        {
            "page_title": _("Log a visit"),
            "breadcrumbs": [
                _list_crumb(),
                _household_crumb(case.household),
                (case.title, reverse("cases:case-detail", args=[case.pk])),
                (_("Log a visit"), None),
            ],
            "form": form,
            "submit_label": _("Log the visit"),
            "cancel_url": reverse("cases:case-detail", args=[case.pk]),
        },
        status=400 if form.errors else 200,
    )


@login_required
def caseload(request):
    _check_role(request.user)
    data = selectors.caseload(viewer=request.user)
    return render(
        request,
        "cases/caseload.html",
        {
            "page_title": _("My caseload") if request.user.role == Role.SOCIAL_WORKER else _("Caseload"),
            "breadcrumbs": [(_("Caseload"), None)],
            **data,
        },
    )
