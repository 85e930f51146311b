"""Practitioner pages: list, export, import, detail and the forms that change a practitioner.

Thin: forms validate, services write, selectors read through the viewer's scope (out of scope: 404).
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from shegong.accounts.models import OFFICER_ROLES, Role
from shegong.common.audit import audit_record
from shegong.common.excel import xlsx_response
from shegong.common.models import AuditEntry
from shegong.common.paging import paginate_request
from shegong.policy.selectors import open_findings_for

from . import ranks, selectors, services, spreadsheets
from .forms import (
    AssessmentForm,
    AssessmentSignForm,
    CertificateForm,
    ComplaintCloseForm,
    ComplaintForm,
    ComplaintStepForm,
    DecisionForm,
    DisclosureForm,
    EmploymentForm,
    ImportForm,
    PractitionerApplyForm,
    RevealForm,
    TrainingRecordForm,
    TransitionForm,
    ViolationForm,
    organization_choices_for,
)
from .models import CertificateLevel, ComplaintSource, FilingState, Practitioner

PAGE_SIZE = 50
# The list's order (the model's); keyset pages cut it at the last row shown (issue 11).
PRACTITIONER_ORDERING = ("name_pinyin", "pk")


def PRACTITIONER_RULE_IDS() -> list[str]:  # noqa: N802 - reads like the constant it stands for
    return [rule.spec_id for rule in selectors.practitioner_rules()]


FINDINGS_CHOICES = {"open": _lazy("Has open findings"), "none": _lazy("No open findings")}


def _can_apply(user) -> bool:
    return user.is_system_admin or user.role in OFFICER_ROLES or user.role == Role.ORG_ADMIN


def _get_or_404(viewer, pk) -> Practitioner:
    try:
        return selectors.practitioner_get(viewer=viewer, pk=pk)
    except (Practitioner.DoesNotExist, ValueError):
        raise Http404 from None


def _list_crumb():
    return (_("Practitioners"), reverse("workforce:practitioner-list"))


def _filters(request) -> dict:
    """The list filters from the query string, with unknown values dropped."""
    get = request.GET
    level = get.get("level", "")
    state = get.get("state", "")
    organization = get.get("organization", "")
    findings = get.get("findings", "")
    rule = get.get("rule", "")
    return {
        "findings": findings if findings in {"open", "none"} else "",
        "rule": rule if rule in PRACTITIONER_RULE_IDS() else "",
        "q": get.get("q", "").strip()[:100],
        "within": get.get("within", "").strip()[:12] if get.get("within", "").strip().isdigit() else "",
        "organization": organization if organization.isdigit() else "",
        "certificate_level": level if level in CertificateLevel.values else "",
        "filing_state": state if state in FilingState.values else "",
    }


@login_required
def practitioner_list(request):
    filters = _filters(request)
    qs = selectors.practitioner_list(viewer=request.user, **filters)
    page = paginate_request(request, qs, ordering=PRACTITIONER_ORDERING, page_size=PAGE_SIZE)
    return render(
        request,
        "workforce/practitioner_list.html",
        {
            "page_title": _("Practitioners"),
            "breadcrumbs": [(_("Practitioners"), None)],
            "page_obj": page,
            "filters": filters,
            "levels": CertificateLevel.choices,
            "states": FilingState.choices,
            "rules": [
                (rule.spec_id, f"{rule.spec_id} {rule.title}") for rule in selectors.practitioner_rules()
            ],
            "organizations": organization_choices_for(request.user).only("id", "name"),
            "can_apply": _can_apply(request.user),
            "year": timezone.localdate().year,
            "query_string": request.GET.urlencode(),
        },
    )


@login_required
def practitioner_export(request):
    filters = _filters(request)
    qs = selectors.practitioner_list(viewer=request.user, **filters)
    labels = {
        "q": _("Search"),
        "within": _("Division"),
        "organization": _("Organisation"),
        "certificate_level": _("Certificate level"),
        "filing_state": _("Filing state"),
        "findings": _("Findings"),
        "rule": _("Rule"),
    }
    values = dict(filters)
    if values["certificate_level"]:
        values["certificate_level"] = CertificateLevel(values["certificate_level"]).label
    if values["filing_state"]:
        values["filing_state"] = FilingState(values["filing_state"]).label
    if values["findings"]:
        values["findings"] = FINDINGS_CHOICES[values["findings"]]
    if values["organization"]:
        values["organization"] = (
            organization_choices_for(request.user)
            .filter(pk=values["organization"])
            .values_list("name", flat=True)
            .first()
            or values["organization"]
        )
    shown = [(labels[k], str(v)) for k, v in values.items() if v]
    content = spreadsheets.practitioners_export(practitioners=qs.iterator(chunk_size=2000), filters=shown)
    audit_record(
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        object_type="workforce.practitioner",
        object_repr=_("Practitioner list"),
        after={k: v for k, v in filters.items() if v},
    )
    return xlsx_response(content, f"{_('Practitioners')}-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def practitioner_template(request):
    return xlsx_response(spreadsheets.template_workbook(), f"{_('Practitioner import template')}.xlsx")


@login_required
def practitioner_import(request):
    if not _can_apply(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        result = spreadsheets.practitioners_import(
            actor=request.user, content=form.cleaned_data["file"].read()
        )
        if result.ok:
            messages.success(request, _("%(count)s practitioners imported.") % {"count": len(result.created)})
            return redirect("workforce:practitioner-list")
        errors = result.errors
    return render(
        request,
        "workforce/practitioner_import.html",
        {
            "page_title": _("Import practitioners"),
            "breadcrumbs": [_list_crumb(), (_("Import"), None)],
            "form": form,
            "import_errors": errors,
        },
        status=400 if errors or form.errors else 200,
    )


def _apply_errors(form, exc: ValidationError) -> None:
    for field, field_messages in exc.message_dict.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


@login_required
def practitioner_create(request):
    if not _can_apply(request.user):
        raise PermissionDenied
    form = PractitionerApplyForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            practitioner = services.practitioner_apply(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The practitioner's filing application is recorded."))
            return redirect("workforce:practitioner-detail", pk=practitioner.pk)
    return render(
        request,
        "workforce/form.html",
        {
            "page_title": _("File a practitioner"),
            "breadcrumbs": [_list_crumb(), (_("File a practitioner"), None)],
            "form": form,
            "cancel_url": reverse("workforce:practitioner-list"),
        },
        status=400 if form.errors else 200,
    )


def _as_of(request):
    """The date the findings tab checks (``?as_of=YYYY-MM-DD``), today by default or when malformed."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return timezone.localdate()
    return day if datetime.date(2000, 1, 1) <= day <= timezone.localdate() else timezone.localdate()


@login_required
def practitioner_detail(request, pk):
    practitioner = _get_or_404(request.user, pk)
    as_of = _as_of(request)
    return render(
        request,
        "workforce/practitioner_detail.html",
        {
            "page_title": practitioner.name,
            "breadcrumbs": [_list_crumb(), (practitioner.name, None)],
            "practitioner": practitioner,
            **selectors.practitioner_records(practitioner),
            "progress": selectors.training_progress(practitioner, as_of=as_of),
            "live": selectors.live_findings(practitioner, as_of=as_of),
            "ladder": ranks.ladder_for(practitioner.division_id, timezone.localdate()),
            "open_findings": list(open_findings_for(viewer=request.user, subject=practitioner)[:50]),
            "can_change": services.can_change(request.user, practitioner),
            "can_move_filing": services.can_move_filing(request.user, practitioner)
            and bool(TransitionForm(practitioner=practitioner).fields["to_state"].choices),
            "can_reveal": services.can_reveal_id_number(request.user),
            "can_change_credit_file": services.can_change_credit_file(request.user, practitioner),
            "can_decide": services.can_decide(request.user, practitioner),
            "can_sign_employer": services.can_sign_assessment(request.user, practitioner, services.EMPLOYER),
            "can_sign_served_unit": services.can_sign_assessment(
                request.user, practitioner, services.SERVED_UNIT
            ),
            "can_recheck": services.can_move_filing(request.user, practitioner),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["POST"])
def practitioner_recheck(request, pk):
    """Run the practitioner rules now for the practitioner's division and update the findings ledger."""
    practitioner = _get_or_404(request.user, pk)
    if not services.can_move_filing(request.user, practitioner):
        raise PermissionDenied
    report = services.practitioner_recheck(actor=request.user, practitioner=practitioner)
    messages.success(
        request,
        _("Rules checked again: %(opened)s findings opened, %(resolved)s resolved.")
        % {"opened": report.opened, "resolved": report.resolved},
    )
    return redirect(reverse("workforce:practitioner-detail", args=[practitioner.pk]) + "#findings")


@login_required
def my_file(request):
    """The signed-in social worker's own file: profile, training progress of the year, records."""
    practitioner = selectors.own_practitioner(user=request.user)
    context = {"page_title": _("My practitioner file"), "breadcrumbs": [(_("My practitioner file"), None)]}
    if practitioner is not None:
        context.update(
            {
                "practitioner": practitioner,
                **selectors.practitioner_records(practitioner),
                "progress": selectors.training_progress(practitioner),
                "live": selectors.live_findings(practitioner),
                "ladder": ranks.ladder_for(practitioner.division_id, timezone.localdate()),
                "today": timezone.localdate(),
            }
        )
    return render(request, "workforce/my_file.html", context)


@login_required
def complaint_queue(request):
    """SZ-09b: complaints about practitioners of the viewer's jurisdiction, with due dates and steps."""
    if not (request.user.is_system_admin or request.user.role in OFFICER_ROLES | {Role.DISCIPLINE_COMMITTEE}):
        raise PermissionDenied
    state = request.GET.get("state", "open")
    state = state if state in QUEUE_STATES else "open"
    page = Paginator(selectors.complaint_queue(viewer=request.user, state=state), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "workforce/complaint_queue.html",
        {
            "page_title": _("Complaint queue"),
            "breadcrumbs": [_list_crumb(), (_("Complaint queue"), None)],
            "page_obj": page,
            "state": state,
            "states": [(key, QUEUE_STATES[key]) for key in QUEUE_STATES],
            "today": timezone.localdate(),
            "query_string": f"state={state}",
        },
    )


QUEUE_STATES = {
    "open": _lazy("Being handled"),
    "overdue": _lazy("Overdue"),
    "closed": _lazy("Closed"),
    "all": _lazy("All"),
}


@login_required
@require_http_methods(["GET", "POST"])
def practitioner_reveal_id(request, pk):
    practitioner = _get_or_404(request.user, pk)
    if not services.can_reveal_id_number(request.user):
        raise PermissionDenied
    form = RevealForm(request.POST or None)
    id_number = None
    if request.method == "POST" and form.is_valid():
        id_number = services.practitioner_reveal_id_number(
            viewer=request.user, practitioner=practitioner, reason=form.cleaned_data["reason"]
        )
    response = render(
        request,
        "workforce/practitioner_reveal.html",
        {
            "page_title": _("Full ID number of %(name)s") % {"name": practitioner.name},
            "breadcrumbs": [
                _list_crumb(),
                (practitioner.name, reverse("workforce:practitioner-detail", args=[practitioner.pk])),
                (_("Full ID number"), None),
            ],
            "practitioner": practitioner,
            "form": form,
            "id_number": id_number,
        },
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


def _practitioner_form(
    request, pk, *, form_class, save, title, success, form_kwargs=None, check=None, load=None
):
    """A form page that changes one practitioner (or ``load``-ed record of it) through one service."""
    practitioner = _get_or_404(request.user, pk)
    if not (check or services.can_change)(request.user, practitioner):
        raise PermissionDenied
    extra = [load(practitioner)] if load else []
    kwargs = form_kwargs(request, practitioner, *extra) if form_kwargs else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            save(request.user, practitioner, form.cleaned_data, *extra)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("workforce:practitioner-detail", pk=practitioner.pk)
    detail_url = reverse("workforce:practitioner-detail", args=[practitioner.pk])
    return render(
        request,
        "workforce/form.html",
        {
            "page_title": title,
            "breadcrumbs": [_list_crumb(), (practitioner.name, detail_url), (title, None)],
            "form": form,
            "practitioner": practitioner,
            "cancel_url": detail_url,
        },
        status=400 if form.errors else 200,
    )


@login_required
def certificate_create(request, pk):
    return _practitioner_form(
        request,
        pk,
        form_class=CertificateForm,
        title=_("Add a certificate"),
        success=_("Certificate added."),
        save=lambda actor, p, data: services.certificate_add(actor=actor, practitioner=p, **data),
    )


@login_required
def training_record_create(request, pk):
    return _practitioner_form(
        request,
        pk,
        form_class=TrainingRecordForm,
        title=_("Add training hours"),
        success=_("Training hours added."),
        save=lambda actor, p, data: services.training_record_add(actor=actor, practitioner=p, **data),
    )


@login_required
def employment_create(request, pk):
    return _practitioner_form(
        request,
        pk,
        form_class=EmploymentForm,
        title=_("Add a post"),
        success=_("Post added."),
        form_kwargs=lambda request, p: {"viewer": request.user},
        save=lambda actor, p, data: services.employment_add(actor=actor, practitioner=p, **data),
    )


@login_required
def practitioner_transition(request, pk):
    return _practitioner_form(
        request,
        pk,
        form_class=TransitionForm,
        title=_("Change the filing state"),
        success=_("The filing state is changed."),
        form_kwargs=lambda request, p: {"practitioner": p},
        check=services.can_move_filing,
        save=lambda actor, p, data: services.practitioner_transition(actor=actor, practitioner=p, **data),
    )


# Yearly assessment ---------------------------------------------------------------------------------


def _loader(related: str, pk):
    """Load one record of the (already scoped) practitioner from the URL, or 404."""

    def load(practitioner):
        return get_object_or_404(getattr(practitioner, related).all(), pk=pk)

    return load


@login_required
def assessment_create(request, pk):
    return _practitioner_form(
        request,
        pk,
        form_class=AssessmentForm,
        title=_("Record a yearly assessment"),
        success=_(
            "The yearly assessment is recorded; it is final once the employer and the served unit sign."
        ),
        save=lambda actor, p, data: services.assessment_record(actor=actor, practitioner=p, **data),
    )


def _sign_parties(user, practitioner, assessment):
    labels = {services.EMPLOYER: _("The employer"), services.SERVED_UNIT: _("The served unit")}
    return [
        (party, label)
        for party, label in labels.items()
        if getattr(assessment, f"{party}_signed_on") is None
        and services.can_sign_assessment(user, practitioner, party)
    ]


@login_required
def assessment_sign(request, pk, assessment):
    practitioner = _get_or_404(request.user, pk)
    load = _loader("assessments", assessment)
    record = load(practitioner)
    if not _sign_parties(request.user, practitioner, record):
        raise PermissionDenied
    return _practitioner_form(
        request,
        pk,
        form_class=AssessmentSignForm,
        title=_("Sign the %(year)s assessment") % {"year": record.year},
        success=_("The assessment is signed."),
        check=lambda user, p: True,
        load=load,
        form_kwargs=lambda request, p, a: {"parties": _sign_parties(request.user, p, a)},
        save=lambda actor, p, data, a: services.assessment_sign(actor=actor, assessment=a, **data),
    )


# Credit file ---------------------------------------------------------------------------------------


@login_required
def complaint_create(request, pk):
    return _practitioner_form(
        request,
        pk,
        form_class=ComplaintForm,
        title=_("Record a complaint"),
        success=_("The complaint is recorded."),
        check=services.can_change_credit_file,
        save=lambda actor, p, data: services.complaint_receive(
            actor=actor, practitioner=p, source=ComplaintSource.OFFICER, **data
        ),
    )


@login_required
def complaint_step_create(request, pk, complaint):
    return _practitioner_form(
        request,
        pk,
        form_class=ComplaintStepForm,
        title=_("Add a handling step"),
        success=_("The handling step is recorded."),
        check=services.can_change_credit_file,
        load=_loader("complaints", complaint),
        save=lambda actor, p, data, c: services.complaint_add_step(actor=actor, complaint=c, **data),
    )


@login_required
def complaint_close(request, pk, complaint):
    return _practitioner_form(
        request,
        pk,
        form_class=ComplaintCloseForm,
        title=_("Close the complaint"),
        success=_("The complaint is closed."),
        check=services.can_change_credit_file,
        load=_loader("complaints", complaint),
        save=lambda actor, p, data, c: services.complaint_close(actor=actor, complaint=c, **data),
    )


@login_required
def violation_create(request, pk):
    return _practitioner_form(
        request,
        pk,
        form_class=ViolationForm,
        title=_("Record a violation"),
        success=_("The violation is recorded."),
        check=services.can_change_credit_file,
        form_kwargs=lambda request, p: {"practitioner": p},
        save=lambda actor, p, data: services.violation_record(actor=actor, practitioner=p, **data),
    )


@login_required
def decision_create(request, pk):
    return _practitioner_form(
        request,
        pk,
        form_class=DecisionForm,
        title=_("Record a disciplinary decision"),
        success=_("The disciplinary decision is recorded."),
        check=services.can_decide,
        form_kwargs=lambda request, p: {"practitioner": p},
        save=lambda actor, p, data: services.decision_record(actor=actor, practitioner=p, **data),
    )


@login_required
def disclosure_create(request, pk, decision):
    return _practitioner_form(
        request,
        pk,
        form_class=DisclosureForm,
        title=_("Publish the sanction"),
        success=_("The sanction is published."),
        check=services.can_change_credit_file,
        load=_loader("decisions", decision),
        save=lambda actor, p, data, d: services.disclosure_publish(actor=actor, decision=d, **data),
    )
