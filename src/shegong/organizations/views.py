"""Organisation pages: list, detail, register, edit. Thin: forms validate, services write."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from shegong.accounts.models import OFFICER_ROLES, Role
from shegong.policy.selectors import finding_list

from . import selectors, services
from .forms import OrganizationForm
from .models import Organization, OrganizationKind

PAGE_SIZE = 50


def _can_register(user) -> bool:
    return user.is_system_admin or user.role in OFFICER_ROLES


def _can_edit(user, organization) -> bool:
    if _can_register(user):
        return True
    return user.role == Role.ORG_ADMIN and user.organization_id == organization.pk


def _get_or_404(viewer, pk) -> Organization:
    try:
        return selectors.organization_get(viewer=viewer, pk=pk)
    except (Organization.DoesNotExist, ValueError):
        raise Http404 from None


@login_required
def organization_list(request):
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if kind not in OrganizationKind.values:
        kind = ""
    qs = selectors.organization_list(viewer=request.user, q=q, kind=kind)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organizations/organization_list.html",
        {
            "page_title": _("Organisations"),
            "breadcrumbs": [(_("Organisations"), None)],
            "page_obj": page,
            "q": q,
            "kind": kind,
            "kinds": OrganizationKind.choices,
            "can_register": _can_register(request.user),
        },
    )


@login_required
def organization_detail(request, pk):
    organization = _get_or_404(request.user, pk)
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "page_title": organization.name,
            "breadcrumbs": [
                (_("Organisations"), reverse("organizations:organization-list")),
                (organization.name, None),
            ],
            "organization": organization,
            "can_edit": _can_edit(request.user, organization),
            "open_findings": finding_list(viewer=request.user, organization=organization.pk, state="open")[
                :50
            ],
        },
    )


def _save(request, form, save):
    if form.is_valid():
        try:
            return save(form.cleaned_data)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
    return None


@login_required
def organization_create(request):
    if not _can_register(request.user):
        raise PermissionDenied
    form = OrganizationForm(request.POST or None, viewer=request.user)
    if request.method == "POST":
        organization = _save(
            request, form, lambda data: services.organization_register(actor=request.user, **data)
        )
        if organization is not None:
            return redirect("organizations:organization-detail", pk=organization.pk)
    return render(
        request,
        "organizations/organization_form.html",
        {
            "page_title": _("Register an organisation"),
            "breadcrumbs": [
                (_("Organisations"), reverse("organizations:organization-list")),
                (_("Register"), None),
            ],
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def organization_update(request, pk):
    organization = _get_or_404(request.user, pk)
    if not _can_edit(request.user, organization):
        raise PermissionDenied
    form = OrganizationForm(request.POST or None, instance=organization, viewer=request.user)
    if request.method == "POST":
        # The form must not touch the instance the service will compare against.
        original = _get_or_404(request.user, pk)
        saved = _save(
            request,
            form,
            lambda data: services.organization_update(actor=request.user, organization=original, **data),
        )
        if saved is not None:
            return redirect("organizations:organization-detail", pk=saved.pk)
    return render(
        request,
        "organizations/organization_form.html",
        {
            "page_title": _("Edit %(name)s") % {"name": organization.name},
            "breadcrumbs": [
                (_("Organisations"), reverse("organizations:organization-list")),
                (organization.name, reverse("organizations:organization-detail", args=[organization.pk])),
                (_("Edit"), None),
            ],
            "form": form,
            "organization": organization,
        },
        status=400 if form.errors else 200,
    )
