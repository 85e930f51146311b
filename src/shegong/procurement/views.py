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
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST, require_safe

from shegong.accounts.models import OFFICER_ROLES, Role
from shegong.common.audit import audit_record
from shegong.common.excel import xlsx_response
from shegong.common.models import AuditEntry

from . import calculator, selectors, services, spreadsheets
from .domains import ClientGroup, ServiceDomain, ServiceType
from .forms import (
    BudgetCalculatorForm,
    BudgetForm,
    CommitteeMemberForm,
    ContractForm,
    DecideForm,
    EvaluationForm,
    FilingForm,
    ImportForm,
    LibraryForm,
    MeetingForm,
    MeetingItemForm,
    PerformanceReviewForm,
    PostsForm,
    ProjectForm,
    RenewalRewardForm,
    VoteForm,
    rank_counts,
)
from .models import (
    CommitteeMeeting,
    CommitteeMember,
    Evaluation,
    MeetingItem,
    Programme,
    Project,
    ProjectLibrary,
)

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
            "performance_reviews": selectors.project_performance_reviews(project=project),
            "renewal_rewards": selectors.project_renewal_rewards(project=project),
            "posts": selectors.project_posts(project=project),
            "payments": selectors.project_payments(project=project),
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
            form,
            lambda data: services.project_update(
                actor=request.user, project=original, expected_version=form.edit_version, **data
            ),
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
                ranks=rank_counts(data),
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


# Project library and review committee (SZ-12a/b) ---------------------------------------------------


def _library_or_404(viewer, pk) -> ProjectLibrary:
    try:
        return selectors.library_get(viewer=viewer, pk=pk)
    except (ProjectLibrary.DoesNotExist, ValueError):
        raise Http404 from None


def _library_crumbs(library=None, *tail):
    items = [(_("Project libraries"), reverse("procurement:library-list"))]
    if library is not None:
        items.append((library.name, reverse("procurement:library-detail", args=[library.pk])))
    return items + list(tail)


def can_vote(user) -> bool:
    """Officers record the votes of the meeting; a committee member with an account casts their own."""
    return can_manage(user) or user.role == Role.REVIEW_COMMITTEE


@login_required
def library_list(request):
    return render(
        request,
        "procurement/library_list.html",
        {
            "page_title": _("Project libraries"),
            "breadcrumbs": [(_("Project libraries"), None)],
            "libraries": selectors.library_list(viewer=request.user),
            "committee_warnings": selectors.committees_not_meeting(viewer=request.user),
            "can_manage": can_manage(request.user),
        },
    )


@login_required
def library_create(request):
    if not can_manage(request.user):
        raise PermissionDenied
    form = LibraryForm(request.POST or None, viewer=request.user)
    if request.method == "POST":
        library = _save(form, lambda data: services.library_create(actor=request.user, **data))
        if library is not None:
            messages.success(request, _("The project library and its review committee are set up."))
            return redirect("procurement:library-detail", pk=library.pk)
    return _form_page(
        request, form, _("Set up a project library"), _library_crumbs(None, (_("Set up"), None))
    )


def _form_page(request, form, title, crumbs, cancel=None):
    return render(
        request,
        "procurement/library_form.html",
        {"page_title": title, "breadcrumbs": crumbs, "form": form, "cancel": cancel},
        status=400 if form.errors else 200,
    )


@login_required
def library_detail(request, pk):
    library = _library_or_404(request.user, pk)
    committee = library.committee
    return render(
        request,
        "procurement/library_detail.html",
        {
            "page_title": library.name,
            "breadcrumbs": _library_crumbs(None, (library.name, None)),
            "library": library,
            "committee": committee,
            "entries": selectors.library_entries(library=library),
            "members": selectors.committee_members(committee=committee),
            "meetings": selectors.committee_meetings(committee=committee),
            "committee_warnings": [
                w
                for w in selectors.committees_not_meeting(viewer=request.user)
                if w.committee_id == committee.pk
            ],
            "can_manage": can_manage(request.user),
        },
    )


@login_required
def member_add(request, pk):
    library = _library_or_404(request.user, pk)
    if not can_manage(request.user):
        raise PermissionDenied
    form = CommitteeMemberForm(request.POST or None, library=library)
    if request.method == "POST":
        member = _save(
            form,
            lambda data: services.committee_member_add(
                actor=request.user, committee=library.committee, **data
            ),
        )
        if member is not None:
            messages.success(request, _("The member is appointed."))
            return redirect("procurement:library-detail", pk=library.pk)
    title = _("Appoint a committee member")
    return _form_page(
        request, form, title, _library_crumbs(library, (title, None)), library.get_absolute_url()
    )


@login_required
def meeting_create(request, pk):
    library = _library_or_404(request.user, pk)
    if not can_manage(request.user):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        meeting = _save(
            form,
            lambda data: services.meeting_record(actor=request.user, committee=library.committee, **data),
        )
        if meeting is not None:
            messages.success(request, _("The meeting is recorded."))
            return redirect("procurement:meeting-detail", pk=meeting.pk)
    title = _("Record a meeting")
    return _form_page(
        request, form, title, _library_crumbs(library, (title, None)), library.get_absolute_url()
    )


@login_required
def library_file(request, pk):
    """File a project that was running before the measures: it enters the library without a vote."""
    library = _library_or_404(request.user, pk)
    if not can_manage(request.user):
        raise PermissionDenied
    projects = selectors.library_candidate_projects(viewer=request.user, library=library)
    form = FilingForm(request.POST or None, projects=projects)
    if request.method == "POST":
        entry = _save(
            form, lambda data: services.library_file_project(actor=request.user, library=library, **data)
        )
        if entry is not None:
            messages.success(request, _("The project is filed and enters the library."))
            return redirect("procurement:library-detail", pk=library.pk)
    title = _("File a project")
    return _form_page(
        request, form, title, _library_crumbs(library, (title, None)), library.get_absolute_url()
    )


def _meeting_or_404(viewer, pk) -> CommitteeMeeting:
    try:
        return selectors.meeting_get(viewer=viewer, pk=pk)
    except (CommitteeMeeting.DoesNotExist, ValueError):
        raise Http404 from None


def _item_or_404(viewer, pk) -> MeetingItem:
    try:
        return selectors.item_get(viewer=viewer, pk=pk)
    except (MeetingItem.DoesNotExist, ValueError):
        raise Http404 from None


def _meeting_page(request, meeting, *, vote_forms=None, decide_forms=None, status=200):
    library = meeting.committee.library
    members = selectors.committee_members(committee=meeting.committee)
    agenda = selectors.meeting_agenda(meeting=meeting, members=members)
    vote_forms, decide_forms = vote_forms or {}, decide_forms or {}
    for entry in agenda:
        entry.vote_form = vote_forms.get(entry.item.pk) or VoteForm(committee=meeting.committee)
        entry.vote_form.fields["member"].queryset = CommitteeMember.objects.filter(
            pk__in=[m.pk for m in entry.eligible]
        )
        entry.decide_form = decide_forms.get(entry.item.pk) or DecideForm()
        # Several items share the page: keep the fields' ids unique.
        entry.vote_form.auto_id = f"vote{entry.item.pk}_%s"
        entry.decide_form.auto_id = f"decide{entry.item.pk}_%s"
    title = _("Meeting of %(date)s") % {"date": date_format(meeting.held_on)}
    return render(
        request,
        "procurement/meeting_detail.html",
        {
            "page_title": title,
            "breadcrumbs": _library_crumbs(library, (title, None)),
            "meeting": meeting,
            "library": library,
            "agenda": agenda,
            "can_manage": can_manage(request.user),
            "can_vote": can_vote(request.user),
        },
        status=status,
    )


@login_required
def meeting_detail(request, pk):
    return _meeting_page(request, _meeting_or_404(request.user, pk))


@login_required
def item_add(request, pk):
    meeting = _meeting_or_404(request.user, pk)
    if not can_manage(request.user):
        raise PermissionDenied
    library = meeting.committee.library
    projects = selectors.library_candidate_projects(viewer=request.user, library=library)
    form = MeetingItemForm(request.POST or None, projects=projects)
    if request.method == "POST":
        item = _save(
            form, lambda data: services.meeting_item_add(actor=request.user, meeting=meeting, **data)
        )
        if item is not None:
            messages.success(request, _("The item is on the agenda."))
            return redirect("procurement:meeting-detail", pk=meeting.pk)
    title = _("Add an agenda item")
    return _form_page(
        request,
        form,
        title,
        _library_crumbs(library, (title, None)),
        reverse("procurement:meeting-detail", args=[meeting.pk]),
    )


@login_required
@require_POST
def vote_cast(request, pk):
    item = _item_or_404(request.user, pk)
    if not can_vote(request.user):
        raise PermissionDenied
    form = VoteForm(request.POST, committee=item.meeting.committee)
    if _save(form, lambda data: services.vote_cast(actor=request.user, item=item, **data)) is not None:
        messages.success(request, _("The vote is recorded."))
        return redirect("procurement:meeting-detail", pk=item.meeting_id)
    for message in (
        form.errors.get("member", []) + form.errors.get("__all__", []) + form.errors.get("choice", [])
    ):
        messages.error(request, message)
    return _meeting_page(request, item.meeting, vote_forms={item.pk: form}, status=400)


@login_required
@require_POST
def item_decide(request, pk):
    item = _item_or_404(request.user, pk)
    if not can_manage(request.user):
        raise PermissionDenied
    form = DecideForm(request.POST)
    decided = _save(form, lambda data: services.meeting_item_decide(actor=request.user, item=item, **data))
    if decided is not None:
        messages.success(
            request, _("The item is decided: %(outcome)s.") % {"outcome": decided.get_outcome_display()}
        )
        return redirect("procurement:meeting-detail", pk=item.meeting_id)
    for message in form.errors.get("reasons", []) + form.errors.get("__all__", []):
        messages.error(request, message)
    return _meeting_page(request, item.meeting, decide_forms={item.pk: form}, status=400)


# Contract evaluations (SZ-14b), renewal rewards (SZ-13e), posts (SZ-13a), publication (SZ-16a) ------


def _project_form(request, project, form, title, save, success, anchor=""):
    if request.method == "POST":
        saved = _save(form, save)
        if saved is not None:
            messages.success(request, success)
            return redirect(reverse("procurement:project-detail", args=[project.pk]) + anchor)
    return render(
        request,
        "procurement/simple_form.html",
        {
            "page_title": title,
            "breadcrumbs": _crumbs(project, (title, None)),
            "form": form,
            "project": project,
        },
        status=400 if form.errors else 200,
    )


@login_required
def performance_review_create(request, pk):
    project = _get_managed(request, pk)
    form = PerformanceReviewForm(request.POST or None)
    return _project_form(
        request,
        project,
        form,
        _("Record a contract evaluation"),
        lambda data: services.performance_review_record(actor=request.user, project=project, **data),
        _("The contract evaluation is recorded."),
        "#results",
    )


@login_required
def reward_create(request, pk):
    project = _get_managed(request, pk)
    form = RenewalRewardForm(request.POST or None, project=project)
    return _project_form(
        request,
        project,
        form,
        _("Record a renewal reward"),
        lambda data: services.renewal_reward_grant(
            actor=request.user,
            project=project,
            granted_on=data["granted_on"],
            evaluation=data["evaluation"],
            review=data["review"],
            note=data["note"],
        ),
        _("The renewal reward is recorded."),
        "#results",
    )


@login_required
def posts_edit(request, pk):
    project = _get_managed(request, pk)
    form = PostsForm(request.POST or None, posts=selectors.project_posts(project=project))
    return _project_form(
        request,
        project,
        form,
        _("Posts by rank"),
        lambda data: services.project_posts_set(actor=request.user, project=project, posts=form.posts()),
        _("The posts are saved."),
    )


@login_required
@require_POST
def evaluation_publish(request, pk):
    try:
        evaluation = scope_evaluation(request.user, pk)
    except (Evaluation.DoesNotExist, ValueError):
        raise Http404 from None
    if not can_manage(request.user):
        raise PermissionDenied
    try:
        services.evaluation_publish(
            actor=request.user, evaluation=evaluation, published_on=timezone.localdate()
        )
        messages.success(request, _("The result is published on the public portal."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(reverse("procurement:project-detail", args=[evaluation.project_id]) + "#results")


def scope_evaluation(viewer, pk) -> Evaluation:
    from shegong.accounts.scoping import scope_queryset

    return scope_queryset(Evaluation.objects.all(), viewer=viewer).get(pk=pk)


@require_safe
@cache_control(public=True, max_age=300)
def public_evaluations(request):
    """Published acceptance and evaluation results of projects: no login (SZ-16a)."""
    from shegong.portal.selectors import public_divisions

    divisions = public_divisions()
    within = request.GET.get("division", "")
    if within not in {d.code for d in divisions}:
        within = ""
    title = _("Acceptance and evaluation results of purchased projects")
    return render(
        request,
        "procurement/public_evaluations.html",
        {
            "page_title": title,
            "breadcrumbs": [(_("Public services"), reverse("portal:home")), (title, None)],
            "divisions": divisions,
            "division": within,
            "page_obj": Paginator(selectors.published_evaluations(within=within), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
        },
    )


# Excel: the payment ledger (SZ-15c), projects, budgets ------------------------------------------


def _import_page(request, *, title, crumbs, run, template_url, cancel, success):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        result = run(form.cleaned_data["file"].read())
        if result.ok:
            messages.success(request, success % {"count": len(result.created)})
            return redirect(cancel)
        errors = result.errors
    return render(
        request,
        "organizations/import.html",
        {
            "page_title": title,
            "breadcrumbs": crumbs,
            "form": form,
            "import_errors": errors,
            "template_url": template_url,
            "cancel": cancel,
        },
        status=400 if errors or form.errors else 200,
    )


@login_required
def payment_import(request, pk):
    project = _get_managed(request, pk)
    title = _("Import the payment ledger")
    return _import_page(
        request,
        title=title,
        crumbs=_crumbs(project, (title, None)),
        run=lambda content: spreadsheets.payments_import(
            actor=request.user, project=project, content=content
        ),
        template_url=reverse("procurement:payment-template"),
        cancel=reverse("procurement:project-detail", args=[project.pk]) + "#payments",
        success=_("%(count)s payments imported."),
    )


@login_required
def payment_template(request):
    return xlsx_response(spreadsheets.ledger_template(), f"{_('Payment ledger template')}.xlsx")


@login_required
def project_import(request):
    if not can_manage(request.user):
        raise PermissionDenied
    title = _("Import projects")
    return _import_page(
        request,
        title=title,
        crumbs=_crumbs(None, (title, None)),
        run=lambda content: spreadsheets.projects_import(actor=request.user, content=content),
        template_url=reverse("procurement:project-template"),
        cancel=reverse("procurement:project-list"),
        success=_("%(count)s projects imported."),
    )


@login_required
def project_template(request):
    return xlsx_response(spreadsheets.projects_template(), f"{_('Project import template')}.xlsx")


@login_required
def budget_import(request):
    if not can_manage(request.user):
        raise PermissionDenied
    title = _("Import budgets")
    return _import_page(
        request,
        title=title,
        crumbs=_crumbs(None, (title, None)),
        run=lambda content: spreadsheets.budgets_import(actor=request.user, content=content),
        template_url=reverse("procurement:budget-template"),
        cancel=reverse("procurement:project-list"),
        success=_("%(count)s budgets imported."),
    )


@login_required
def budget_template(request):
    return xlsx_response(spreadsheets.budgets_template(), f"{_('Budget import template')}.xlsx")


@login_required
def project_export(request):
    q = request.GET.get("q", "").strip()
    domain = request.GET.get("domain", "")
    domain = domain if domain in ServiceDomain.values else ""
    qs = selectors.project_list(viewer=request.user, q=q, domain=domain)
    shown = [(_("Search"), q)] if q else []
    if domain:
        shown.append((_("Service domain"), str(ServiceDomain(domain).label)))
    content = spreadsheets.projects_export(projects=qs.iterator(chunk_size=2000), filters=shown)
    audit_record(
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        object_type="procurement.project",
        object_repr=_("Purchased projects"),
        after={"q": q, "domain": domain},
    )
    return xlsx_response(content, f"{_('Purchased projects')}-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def budget_export(request):
    qs = selectors.budget_list(viewer=request.user)
    content = spreadsheets.budgets_export(budgets=qs.iterator(chunk_size=2000), filters=[])
    audit_record(
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        object_type="procurement.projectbudget",
        object_repr=_("Project budgets"),
        after={},
    )
    return xlsx_response(content, f"{_('Project budgets')}-{timezone.localdate():%Y%m%d}.xlsx")
