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
from shegong.common.excel import xlsx_response
from shegong.common.locking import edit_version
from shegong.common.paging import paginate_request

from . import roster, selectors, services
from .forms import (
    RECORD_FORMS,
    AdvanceForm,
    CaseForm,
    ConsentForm,
    ExportReasonForm,
    HouseholdForm,
    LinkageForm,
    MemberForm,
    NamedOfficersForm,
    ReferralAnswerForm,
    ReferralCloseForm,
    ReferralForm,
    RevealForm,
    RosterImportForm,
    VisitForm,
    WalkInCloseForm,
    WalkInForm,
    WalkInNotifyForm,
    WalkInTransferForm,
)
from .models import (
    Case,
    CaseStep,
    Consent,
    Household,
    HouseholdCategory,
    Referral,
    ReferralStatus,
    WalkInRequest,
)

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
        viewer=request.user, query=request.GET.get("q", "").strip(), category=category, with_counts=False
    )
    # Cut the page on the plain queryset, then count members and open cases for its rows only.
    page = paginate_request(request, households, ordering=selectors.HOUSEHOLD_ORDERING, page_size=PAGE_SIZE)
    selectors.household_page_counts(page.rows)
    return render(
        request,
        "cases/household_list.html",
        {
            "page_title": _("Household files"),
            "breadcrumbs": [(_("Household files"), None)],
            "page": page,
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
def roster_template(request):
    if not services.can_register_household(request.user):
        raise PermissionDenied
    return xlsx_response(roster.template_workbook(), f"{_('Household roster import template')}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request):
    """Import a roster (e.g. of 低保 households): all or nothing, errors by row and column."""
    if not services.can_register_household(request.user):
        raise PermissionDenied
    form = RosterImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        result = roster.roster_import(actor=request.user, content=form.cleaned_data["file"].read())
        if result.ok:
            messages.success(
                request,
                _(
                    "Roster imported: %(households)s new households, %(members)s new members, "
                    "%(skipped)s people already registered."
                )
                % {
                    "households": result.households_created,
                    "members": result.members_created,
                    "skipped": result.members_skipped,
                },
            )
            return redirect("cases:household-list")
        errors = result.errors
    return render(
        request,
        "cases/roster_import.html",
        {
            "page_title": _("Import a household roster"),
            "breadcrumbs": [_list_crumb(), (_("Import a household roster"), None)],
            "form": form,
            "import_errors": errors,
        },
        status=400 if errors or form.errors else 200,
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
            "consents": selectors.household_consents(household),
            "today": timezone.localdate(),
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
        "edit_version": edit_version(household),
    }
    form = HouseholdForm(request.POST or None, initial=initial, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_update(
                actor=request.user,
                household=household,
                expected_version=form.edit_version,
                **form.cleaned_data,
            )
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
            "can_manage_referrals": services.can_change_household(request.user, household),
            "can_recheck": services.can_change_household(request.user, household),
            "open_findings": list(selectors.case_open_findings(case)[:50]),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def case_recheck(request, pk):
    """Run the overdue-visit rule (HZ-15) now for the case's village and update the findings ledger."""
    _check_role(request.user)
    case = _case_or_404(request.user, pk)
    if not services.can_change_household(request.user, case.household):
        raise PermissionDenied
    report = services.case_recheck(actor=request.user, case=case)
    messages.success(
        request,
        _("Rules checked again: %(opened)s findings opened, %(resolved)s resolved.")
        % {"opened": report.opened, "resolved": report.resolved},
    )
    return redirect(reverse("cases:case-detail", args=[case.pk]) + "#open-findings-heading")


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
    # The open-case total comes with the counts by step: the page needs no count of its own.
    data["page"] = paginate_request(
        request,
        data.pop("cases"),
        ordering=selectors.CASELOAD_ORDERING,
        page_size=PAGE_SIZE,
        with_count=False,
    )
    return render(
        request,
        "cases/caseload.html",
        {
            "page_title": _("My caseload") if request.user.role == Role.SOCIAL_WORKER else _("Caseload"),
            "breadcrumbs": [(_("Caseload"), None)],
            **data,
        },
    )


# Consent and referrals -----------------------------------------------------------------------------


def _form_page(request, *, title, crumbs, form, cancel_url, submit_label=None):
    return render(
        request,
        "cases/form.html",
        {
            "page_title": title,
            "breadcrumbs": [*crumbs, (title, None)],
            "form": form,
            "submit_label": submit_label or _("Save"),
            "cancel_url": cancel_url,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_create(request, pk):
    """Record a client's consent to share data (what, for whom, until when)."""
    _check_role(request.user)
    household = _household_or_404(request.user, pk)
    if not services.can_change_household(request.user, household):
        raise PermissionDenied
    form = ConsentForm(request.POST or None, household=household, initial={"given_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("cases:household-detail", pk=household.pk)
    return _form_page(
        request,
        title=_("Record a consent"),
        crumbs=[_list_crumb(), _household_crumb(household)],
        form=form,
        cancel_url=reverse("cases:household-detail", args=[household.pk]),
    )


@login_required
@require_POST
def consent_withdraw(request, pk):
    _check_role(request.user)
    try:
        consent = selectors.consent_get(viewer=request.user, pk=pk)
    except (Consent.DoesNotExist, ValueError):
        raise Http404 from None
    household = consent.member.household
    if not services.can_change_household(request.user, household):
        raise PermissionDenied
    try:
        services.consent_withdraw(actor=request.user, consent=consent)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The consent was withdrawn."))
    return redirect("cases:household-detail", pk=household.pk)


@login_required
def referral_list(request):
    _check_role(request.user)
    status = request.GET.get("status", "")
    if status not in ReferralStatus.values:
        status = ""
    referrals = selectors.referral_list(viewer=request.user, status=status)
    return render(
        request,
        "cases/referral_list.html",
        {
            "page_title": _("Referrals"),
            "breadcrumbs": [(_("Referrals"), None)],
            "page_obj": Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page")),
            "statuses": ReferralStatus.choices,
            "status": status,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request, pk):
    """Refer the case's client; sharing data is refused without the client's valid consent."""
    _check_role(request.user)
    case = _case_or_404(request.user, pk)
    if not services.can_change_household(request.user, case.household):
        raise PermissionDenied
    form = ReferralForm(request.POST or None, initial={"sent_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_send(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The referral was sent."))
            return redirect("cases:case-detail", pk=case.pk)
    return _form_page(
        request,
        title=_("Refer the client"),
        crumbs=[
            _list_crumb(),
            _household_crumb(case.household),
            (case.title, reverse("cases:case-detail", args=[case.pk])),
        ],
        form=form,
        cancel_url=reverse("cases:case-detail", args=[case.pk]),
        submit_label=_("Send the referral"),
    )


def _referral_or_404(viewer, pk) -> Referral:
    try:
        return selectors.referral_get(viewer=viewer, pk=pk)
    except (Referral.DoesNotExist, ValueError):
        raise Http404 from None


def _referral_step(request, pk, *, form_class, service, title, done_message):
    _check_role(request.user)
    referral = _referral_or_404(request.user, pk)
    case = referral.case
    if not services.can_change_household(request.user, case.household):
        raise PermissionDenied
    day_field = next(name for name in form_class.base_fields if name.endswith("_on"))
    form = form_class(request.POST or None, initial={day_field: timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, referral=referral, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, done_message)
            return redirect("cases:case-detail", pk=case.pk)
    return _form_page(
        request,
        title=title % {"recipient": referral.recipient},
        crumbs=[
            _list_crumb(),
            _household_crumb(case.household),
            (case.title, reverse("cases:case-detail", args=[case.pk])),
        ],
        form=form,
        cancel_url=reverse("cases:case-detail", args=[case.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_answer(request, pk):
    return _referral_step(
        request,
        pk,
        form_class=ReferralAnswerForm,
        service=services.referral_answer,
        title=_("Answer of %(recipient)s"),
        done_message=_("The answer was recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_close(request, pk):
    return _referral_step(
        request,
        pk,
        form_class=ReferralCloseForm,
        service=services.referral_close,
        title=_("Outcome of the referral to %(recipient)s"),
        done_message=_("The referral was marked done."),
    )


# Service windows (HZ-13) and five-party linkage (HZ-16) ----------------------------------------------

WALK_IN_STATES = {"open", "overdue"}


def _walk_in_crumb():
    return (_("Service window log"), reverse("cases:walk-in-list"))


def _walk_in_or_404(viewer, pk):
    try:
        return selectors.walk_in_get(viewer=viewer, pk=pk)
    except (WalkInRequest.DoesNotExist, ValueError):
        raise Http404 from None


@login_required
def walk_in_list(request):
    """The walk-in requests of the service windows, with the handling clock of each (HZ-13)."""
    _check_role(request.user)
    state = request.GET.get("state", "")
    if state not in WALK_IN_STATES:
        state = ""
    rows = selectors.walk_in_list(viewer=request.user, state=state)
    return render(
        request,
        "cases/walk_in_list.html",
        {
            "page_title": _("Service window log"),
            "breadcrumbs": [(_("Service window log"), None)],
            "page_obj": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "state": state,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def walk_in_create(request):
    if not services.can_record_walk_in(request.user):
        raise PermissionDenied
    form = WalkInForm(
        request.POST or None,
        viewer=request.user,
        initial={"received_on": timezone.localdate(), "household": request.GET.get("household")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            row = services.walk_in_receive(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The request was logged; you are its first-contact person."))
            return redirect("cases:walk-in-detail", pk=row.pk)
    return _form_page(
        request,
        title=_("Log a walk-in request"),
        crumbs=[_walk_in_crumb()],
        form=form,
        cancel_url=reverse("cases:walk-in-list"),
    )


WALK_IN_ACTIONS = {
    "notify": (WalkInNotifyForm, services.walk_in_notify_missing, "notified_on"),
    "transfer": (WalkInTransferForm, services.walk_in_transfer, "transferred_on"),
    "close": (WalkInCloseForm, services.walk_in_close, "done_on"),
}


@login_required
@require_http_methods(["GET", "POST"])
def walk_in_detail(request, pk):
    """One request: who received it, the clock, and the forms to notify, transfer or close it."""
    _check_role(request.user)
    row = _walk_in_or_404(request.user, pk)
    today = timezone.localdate()
    forms_by_action = {
        action: form_class(initial={date_field: today}, prefix=action)
        for action, (form_class, _service, date_field) in WALK_IN_ACTIONS.items()
    }
    action = request.POST.get("action", "")
    status = 200
    if request.method == "POST":
        if action not in WALK_IN_ACTIONS:
            raise Http404
        form_class, service, _date_field = WALK_IN_ACTIONS[action]
        form = forms_by_action[action] = form_class(request.POST, prefix=action)
        if form.is_valid():
            try:
                service(actor=request.user, request_row=row, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The request was updated."))
                return redirect("cases:walk-in-detail", pk=row.pk)
        status = 400
    return render(
        request,
        "cases/walk_in_detail.html",
        {
            "page_title": _("Walk-in request of %(day)s") % {"day": row.received_on.isoformat()},
            "breadcrumbs": [_walk_in_crumb(), (row.visitor, None)],
            "row": row,
            "forms": forms_by_action,
            "days_left": (row.due_on - today).days,
            "days_late": (today - row.due_on).days,
            "today": today,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def linkage_create(request, pk):
    """Record a five-party linkage (五社联动) around a case (HZ-16)."""
    _check_role(request.user)
    case = _case_or_404(request.user, pk)
    if not services.can_change_household(request.user, case.household):
        raise PermissionDenied
    form = LinkageForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.case_record_linkage(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The five-party linkage was recorded."))
            return redirect("cases:case-detail", pk=case.pk)
    return _form_page(
        request,
        title=_("Record a five-party linkage"),
        crumbs=[
            _list_crumb(),
            _household_crumb(case.household),
            (case.title, reverse("cases:case-detail", args=[case.pk])),
        ],
        form=form,
        cancel_url=reverse("cases:case-detail", args=[case.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_officers(request, pk):
    """Name the officers who may see a minor's household file; others of the jurisdiction get 404."""
    _check_role(request.user)
    household = _household_or_404(request.user, pk)
    if not services.can_change_household(request.user, household):
        raise PermissionDenied
    form = NamedOfficersForm(
        request.POST or None, household=household, initial={"officers": list(household.named_officers.all())}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.household_name_officers(
                actor=request.user, household=household, officers=form.cleaned_data["officers"]
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The named officers were saved."))
            return redirect("cases:household-detail", pk=household.pk)
    return _form_page(
        request,
        title=_("Officers named for a minor's file"),
        crumbs=[_list_crumb(), _household_crumb(household)],
        form=form,
        cancel_url=reverse("cases:household-detail", args=[household.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_pdf(request, pk):
    """The client file as PDF: asks for a reason first, logs the export, masks the ID numbers."""
    from urllib.parse import quote

    from django.http import HttpResponse

    from shegong.reports.pdf import render_pdf

    _check_role(request.user)
    household = _household_or_404(request.user, pk)
    if not services.can_open_full_file(request.user, household):
        raise PermissionDenied
    form = ExportReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        context = services.household_export_file(
            viewer=request.user, household=household, reason=form.cleaned_data["reason"]
        )
        title = _("Client file: %(address)s") % {"address": household.address}
        context.update(title=title, generated_on=timezone.localdate())
        response = HttpResponse(
            render_pdf("cases/pdf/client_file.html", context), content_type="application/pdf"
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title)}.pdf"
        return _no_store(response)
    return _form_page(
        request,
        title=_("Export the client file (PDF)"),
        crumbs=[_list_crumb(), _household_crumb(household)],
        form=form,
        cancel_url=reverse("cases:household-detail", args=[household.pk]),
        submit_label=_("Export"),
    )
