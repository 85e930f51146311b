"""Policy pages: the public explorer, the findings ledger, scans and what-if. Thin views."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shegong.accounts.models import OFFICER_ROLES
from shegong.accounts.scoping import scope_queryset
from shegong.common.excel import build_workbook, xlsx_response
from shegong.common.paging import paginate_request

from . import engine, explorer, selectors, services
from .forms import AsOfForm, FindingFilterForm, ScanForm, WaiveForm, WhatIfForm
from .library import load_library
from .models import Finding
from .scanning import scan
from .whatif import what_if

PAGE_SIZE = 50


def _as_of(request) -> datetime.date:
    form = AsOfForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("on"):
        return form.cleaned_data["on"]
    return timezone.localdate()


def _explorer_crumb():
    return (_("Policy explorer"), reverse("policy:document-list"))


def _can_scan(user) -> bool:
    return user.is_authenticated and (user.is_system_admin or user.role in OFFICER_ROLES)


def _document_or_404(slug):
    try:
        return load_library().document(slug)
    except KeyError:
        raise Http404 from None


# Explorer (public) -----------------------------------------------------------------------------


def document_list(request):
    """Documents with their status on a chosen date (public)."""
    on = _as_of(request)
    return render(
        request,
        "policy/document_list.html",
        {
            "page_title": _("Policy explorer"),
            "breadcrumbs": [(_("Policy explorer"), None)],
            "on": on,
            "documents": explorer.documents_on(on),
            "form": AsOfForm(initial={"on": on}),
        },
    )


def document_detail(request, slug):
    """A document's clauses, each beside the rules and parameters implementing it (public)."""
    document = _document_or_404(slug)
    on = _as_of(request)
    counts = None
    if _can_scan(request.user):
        counts = selectors.finding_counts_by_rule(viewer=request.user)
    return render(
        request,
        "policy/document_detail.html",
        {
            "page_title": document.title,
            "breadcrumbs": [_explorer_crumb(), (document.title, None)],
            "document": document,
            "status": document.status_on(on),
            "on": on,
            "clauses": explorer.document_clauses(document, finding_counts=counts),
            "show_findings": counts is not None,
        },
    )


def parameter_detail(request, slug, key):
    """A parameter's dated values and district overrides (public)."""
    document = _document_or_404(slug)
    parameter = document.parameters.get(key)
    if parameter is None:
        raise Http404
    rules = [r for r in engine.registered_rules() if r.document == slug and key in r.parameters]
    return render(
        request,
        "policy/parameter_detail.html",
        {
            "page_title": parameter.description,
            "breadcrumbs": [
                _explorer_crumb(),
                (document.title, reverse("policy:document-detail", args=[slug])),
                (parameter.description, None),
            ],
            "document": document,
            "parameter": parameter,
            "rules": rules,
            "today_value": parameter.value_on(timezone.localdate()),
        },
    )


def rule_list(request):
    """Every registered rule: SPEC ID, document and clause, subject, parameters, severity (public)."""
    documents = load_library().documents
    rules = [{"rule": rule, "document": documents[rule.document]} for rule in engine.registered_rules()]
    return render(
        request,
        "policy/rule_list.html",
        {"page_title": _("Rules"), "breadcrumbs": [_explorer_crumb(), (_("Rules"), None)], "rules": rules},
    )


def clause_search(request):
    """Chinese full-text search over clauses (public)."""
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "policy/search.html",
        {
            "page_title": _("Search the policies"),
            "breadcrumbs": [_explorer_crumb(), (_("Search"), None)],
            "q": query,
            "hits": explorer.search_clauses(query),
        },
    )


# Findings (signed in) --------------------------------------------------------------------------


def _filter_form(request):
    documents = [(d.slug, d.title) for d in load_library().documents.values()]
    rules = list(dict.fromkeys(r.spec_id for r in engine.registered_rules()))
    return FindingFilterForm(request.GET or None, rules=rules, documents=documents)


@login_required
def finding_list(request):
    form = _filter_form(request)
    filters = form.cleaned_data if form.is_valid() else {}
    filters = {k: v for k, v in filters.items() if v}
    findings = selectors.finding_list(viewer=request.user, **filters)
    if request.GET.get("export") == "xlsx":
        return _export(findings, form, filters)
    page = paginate_request(request, findings, ordering=selectors.FINDING_ORDERING, page_size=PAGE_SIZE)
    return render(
        request,
        "policy/finding_list.html",
        {
            "page_title": _("Findings"),
            "breadcrumbs": [(_("Findings"), None)],
            "form": form,
            "page": page,
            "can_scan": _can_scan(request.user),
            "scan_form": ScanForm(rules=list(dict.fromkeys(r.spec_id for r in engine.registered_rules()))),
            "export_query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


def _export(findings, form, filters):
    headers = [
        _("Rule"),
        _("Clause"),
        _("Severity"),
        _("State"),
        _("Subject"),
        _("Division"),
        _("Measured value"),
        _("Threshold"),
        _("Explanation"),
        _("First seen"),
        _("Last seen"),
    ]
    rows = (
        [
            f.rule_id,
            f.clause,
            f.get_severity_display(),
            f.get_state_display(),
            f.subject_repr,
            f.division.name,
            f.measured,
            f.threshold,
            f.explanation,
            f.first_seen,
            f.last_seen,
        ]
        for f in findings.iterator(chunk_size=2000)
    )
    applied = []
    for name, value in filters.items():
        field = form.fields[name]
        choices = dict(getattr(field, "choices", []) or [])
        applied.append((str(field.label), str(choices.get(value, value))))
    content = build_workbook(title=_("Findings"), headers=headers, rows=rows, filters=applied)
    return xlsx_response(content, f"{_('Findings')}-{timezone.localdate():%Y%m%d}.xlsx")


def _finding_or_404(request, pk) -> Finding:
    try:
        return scope_queryset(
            Finding.objects.select_related("division", "organization", "waived_by"), viewer=request.user
        ).get(pk=pk)
    except Finding.DoesNotExist:
        raise Http404 from None


@login_required
def finding_detail(request, pk):
    finding = _finding_or_404(request, pk)
    form = WaiveForm(request.POST or None)
    if request.method == "POST":
        if not _can_scan(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.finding_waive(
                    actor=request.user, finding=finding, reason=form.cleaned_data["reason"]
                )
                return redirect("policy:finding-detail", pk=finding.pk)
            except ValidationError as exc:
                for message in exc.message_dict.get("reason", exc.messages):
                    form.add_error("reason", message)
    document = load_library().document(finding.document)
    return render(
        request,
        "policy/finding_detail.html",
        {
            "page_title": f"{finding.rule_id} · {finding.subject_repr}",
            "breadcrumbs": [(_("Findings"), reverse("policy:finding-list")), (finding.rule_id, None)],
            "finding": finding,
            "document": document,
            "clause_text": document.full_text(finding.clause) if finding.clause in document.clauses else "",
            "form": form,
            "can_waive": _can_scan(request.user) and finding.state == "open",
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def scan_now(request):
    """Run the rules as of today inside the officer's jurisdiction and update the ledger."""
    if not _can_scan(request.user):
        raise PermissionDenied
    rules = list(dict.fromkeys(r.spec_id for r in engine.registered_rules()))
    form = ScanForm(request.POST, rules=rules)
    if not form.is_valid():
        return redirect("policy:finding-list")
    rule = form.cleaned_data.get("rule")
    report = scan(
        within=request.user.division_id or None, rule_ids=[rule] if rule else None, actor=request.user
    )
    from django.contrib import messages

    messages.success(
        request,
        _("Scan finished: %(found)d findings, %(opened)d new, %(resolved)d resolved.")
        % {"found": len(report.rows), "opened": report.opened, "resolved": report.resolved},
    )
    return redirect("policy:finding-list")


@login_required
def what_if_view(request):
    """Change parameter values and see which subjects would newly fail or pass (nothing is saved)."""
    if not _can_scan(request.user):
        raise PermissionDenied
    on = timezone.localdate()
    data = request.POST if request.method == "POST" else None
    if data and data.get("on"):
        try:
            on = datetime.date.fromisoformat(data["on"])
        except ValueError:
            pass
    parameters = explorer.numeric_parameters(on)
    form = WhatIfForm(data, parameters=parameters, initial={"on": on})
    result = None
    if data is not None and form.is_valid():
        result = what_if(
            changes=form.changes(), as_of=form.cleaned_data["on"], within=request.user.division_id or None
        )
    return render(
        request,
        "policy/what_if.html",
        {
            "page_title": _("What if the parameters changed?"),
            "breadcrumbs": [_explorer_crumb(), (_("What-if"), None)],
            "form": form,
            "result": result,
            "on": on,
        },
        status=400 if form.errors else 200,
    )
