"""Pages of purchased projects: list, detail with the rules' verdict, create, edit, budgets, calculator.

Thin: forms validate, services write, selectors read and check.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shegong.accounts.models import OFFICER_ROLES

from . import calculator, selectors, services
from .domains import ClientGroup, ServiceDomain, ServiceType
from .forms import BudgetCalculatorForm, BudgetForm, ContractForm, EvaluationForm, ProjectForm
from .models import Programme, Project

PAGE_SIZE = 50


def can_manage(user) -> bool:
    """Civil-affairs officers (city, district, town) and system administrators manage projects."""
    return user.is_system_admin or user.role in OFFICER_ROLES


def _get_or_404(viewer, pk) -> Project:
    try:
        return selectors.project_get(viewer=viewer, pk=pk)
    except (Project.DoesNotExist, ValueError):
        raise Http404 from None


def _get_managed(request, pk) -> Project:
    project = _get_or_404(request.user, pk)
    if not can_manage(request.user):
        raise PermissionDenied
    return project


def _save(form, save):
    """Call ``save`` with the cleaned data; a service's ValidationError goes to the named field."""
    if form.is_valid():
        try:
            return save(form.cleaned_data)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for name, found in errors.items():
                for message in found:
                    form.add_error(name if name in form.fields else None, message)
    return None


def _crumbs(project=None, *tail):
    items = [(_("Purchased projects"), reverse("procurement:project-list"))]
    if project is not None:
        items.append((project.name, reverse("procurement:project-detail", args=[project.pk])))
    return items + list(tail)


@login_required
def project_list(request):
    q = request.GET.get("q", "").strip()
    domain = request.GET.get("domain", "")
    domain = domain if domain in ServiceDomain.values else ""
    programme = request.GET.get("programme", "")
    programme = programme if programme in Programme.values else ""
    qs = selectors.project_list(viewer=request.user, q=q, domain=domain, programme=programme)
    return render(
        request,
        "procurement/project_list.html",
        {
            "page_title": _("Purchased projects"),
            "breadcrumbs": [(_("Purchased projects"), None)],
            "page_obj": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "q": q,
            "domain": domain,
            "domains": ServiceDomain.choices,
            "programme": programme,
            "programmes": Programme.choices,
            "can_manage": can_manage(request.user),
        },
    )


@login_required
def project_detail(request, pk):
    project = _get_or_404(request.user, pk)
    budgets = selectors.project_budgets(project=project)
    contracts = selectors.project_contracts(project=project)
    return render(
        request,
        "procurement/project_detail.html",
        {
            "page_title": project.name,
            "breadcrumbs": _crumbs(None, (project.name, None)),
            "project": project,
            "budgets": budgets,
            "contracts": contracts,
            "service_type_labels": [
                str(ServiceType(v).label) for v in project.service_types if v in ServiceType.values
            ],
            "client_group_labels": [
                str(ClientGroup(v).label) for v in project.client_groups if v in ClientGroup.values
            ],
            "evaluations": list(project.evaluations.all()),
            "applications": list(project.continuation_applications.all()),
            "compliance": selectors.project_compliance(project=project, budgets=budgets, contracts=contracts),
            "open_findings": selectors.project_open_findings(
                viewer=request.user, project=project, budgets=budgets, contracts=contracts
            )[:50],
            "can_manage": can_manage(request.user),
        },
    )


@login_required
def project_create(request):
    if not can_manage(request.user):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, viewer=request.user)
    if request.method == "POST":
        project = _save(form, lambda data: services.project_create(actor=request.user, **data))
        if project is not None:
            messages.success(request, _("The project is registered."))
            return redirect("procurement:project-detail", pk=project.pk)
    return render(
        request,
        "procurement/project_form.html",
        {
            "page_title": _("Register a project"),
            "breadcrumbs": _crumbs(None, (_("Register a project"), None)),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def project_update(request, pk):
    project = _get_managed(request, pk)
    form = ProjectForm(request.POST or None, instance=project, viewer=request.user)
    if request.method == "POST":
        original = _get_or_404(request.user, pk)  # the form must not touch what the service compares
        saved = _save(
            form, lambda data: services.project_update(actor=request.user, project=original, **data)
        )
        if saved is not None:
            messages.success(request, _("The project is saved."))
            return redirect("procurement:project-detail", pk=saved.pk)
    return render(
        request,
        "procurement/project_form.html",
        {
            "page_title": _("Edit %(name)s") % {"name": project.name},
            "breadcrumbs": _crumbs(project, (_("Edit"), None)),
            "form": form,
            "project": project,
        },
        status=400 if form.errors else 200,
    )


@login_required
def budget_submit(request, pk):
    """Enter or change a year's budget; the budget rules' verdict is shown at once."""
    project = _get_managed(request, pk)
    year = request.GET.get("year") or request.POST.get("year")
    existing = next((b for b in selectors.project_budgets(project=project) if str(b.year) == str(year)), None)
    form = BudgetForm(request.POST or None, instance=existing, initial={"year": project.starts_on.year})
    if request.method == "POST":
        budget = _save(
            form,
            lambda data: services.project_budget_submit(
                actor=request.user, project=project, **{k: v for k, v in data.items()}
            ),
        )
        if budget is not None:
            report = selectors.budget_check(budget=budget)
            if report.breaches:
                messages.error(
                    request,
                    ngettext(
                        "The budget is saved. It breaks %(count)d clause: see the check below.",
                        "The budget is saved. It breaks %(count)d clauses: see the check below.",
                        len(report.breaches),
                    )
                    % {"count": len(report.breaches)},
                )
            elif report.rules_applied:
                messages.success(request, _("The budget is saved and meets every budget rule."))
            else:
                messages.warning(request, _("The budget is saved; no budget rule applies to it."))
            return redirect(reverse("procurement:project-detail", args=[project.pk]) + "#compliance")
    return render(
        request,
        "procurement/budget_form.html",
        {
            "page_title": _("Budget of %(name)s") % {"name": project.name},
            "breadcrumbs": _crumbs(project, (_("Budget"), None)),
            "form": form,
            "project": project,
        },
        status=400 if form.errors else 200,
    )


@login_required
def contract_create(request, pk):
    project = _get_managed(request, pk)
    form = ContractForm(request.POST or None)
    if request.method == "POST":
        contract = _save(
            form, lambda data: services.contract_record(actor=request.user, project=project, **data)
        )
        if contract is not None:
            messages.success(request, _("The contract is recorded."))
            return redirect(reverse("procurement:project-detail", args=[project.pk]) + "#compliance")
    return render(
        request,
        "procurement/simple_form.html",
        {
            "page_title": _("Record a contract"),
            "breadcrumbs": _crumbs(project, (_("Record a contract"), None)),
            "form": form,
            "project": project,
        },
        status=400 if form.errors else 200,
    )


@login_required
def evaluation_create(request, pk):
    project = _get_managed(request, pk)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST":
        evaluation = _save(
            form, lambda data: services.evaluation_record(actor=request.user, project=project, **data)
        )
        if evaluation is not None:
            messages.success(request, _("The evaluation is recorded."))
            return redirect("procurement:project-detail", pk=project.pk)
    return render(
        request,
        "procurement/simple_form.html",
        {
            "page_title": _("Record an evaluation"),
            "breadcrumbs": _crumbs(project, (_("Record an evaluation"), None)),
            "form": form,
            "project": project,
        },
        status=400 if form.errors else 200,
    )


@login_required
def budget_calculator(request):
    """The minimum compliant budget for given posts, domain, district and date (GET form)."""
    form = BudgetCalculatorForm(request.GET or None)
    estimate = None
    if request.GET:
        estimate = _save(
            form,
            lambda data: calculator.budget_minimum(
                posts=data["posts"],
                professional_posts=data["professional_posts"],
                domain=data["domain"],
                division_code=data["division"].code,
                on=data["on"],
                months=data["months"],
            ),
        )
    return render(
        request,
        "procurement/calculator.html",
        {
            "page_title": _("Budget calculator"),
            "breadcrumbs": [
                (_("Purchased projects"), reverse("procurement:project-list")),
                (_("Budget calculator"), None),
            ],
            "form": form,
            "estimate": estimate,
        },
        status=400 if form.errors else 200,
    )
