"""The audit-log reader: audit administrators only, read only (separation of duties)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from shegong.common.models import AuditEntry

from . import selectors
from .forms import AuditFilterForm

PAGE_SIZE = 50


def _require_audit_admin(user) -> None:
    if not user.is_audit_admin:
        raise PermissionDenied


@require_safe
@login_required
def entry_list(request):
    _require_audit_admin(request.user)
    filters = AuditFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.audit_entry_list(
        viewer=request.user,
        actor=data.get("actor", ""),
        action=data.get("action", ""),
        object_type=data.get("object_type", ""),
        object_id=data.get("object_id", ""),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_entry_list.html",
        {
            "page_title": _("Audit log"),
            "breadcrumbs": [(_("Audit log"), None)],
            "page_obj": page,
            "filters": filters,
            "query": query.urlencode(),
        },
    )


@require_safe
@login_required
def entry_detail(request, pk):
    _require_audit_admin(request.user)
    try:
        entry = selectors.audit_entry_get(viewer=request.user, pk=pk)
    except AuditEntry.DoesNotExist:
        raise Http404 from None
    title = _("Audit entry %(id)s") % {"id": entry.pk}
    return render(
        request,
        "accounts/audit_entry_detail.html",
        {
            "page_title": title,
            "breadcrumbs": [(_("Audit log"), reverse("audit:entry-list")), (title, None)],
            "entry": entry,
            "changes": selectors.audit_entry_changes(entry),
        },
    )
