"""Organisation pages: list, detail, register, edit. Thin: forms validate, services write."""

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
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST, require_safe

from shegong.accounts.models import OFFICER_ROLES, Role
from shegong.common.audit import audit_record
from shegong.common.excel import xlsx_response
from shegong.common.models import AuditEntry
from shegong.policy.selectors import finding_list

from . import duties, selectors, services, spreadsheets
from .forms import (
    AsOfForm,
    ImportForm,
    InspectionDrawForm,
    OrganizationForm,
    PayDisclosureForm,
    PersonForm,
    RegistrationCheckForm,
    RegistrationDecisionForm,
    RegistrationReviewForm,
    RevocationDecideForm,
    RevocationProposeForm,
    SupervisionRecordForm,
)
from .models import (
    DISCLOSED_KINDS,
    InspectionDraw,
    Organization,
    OrganizationKind,
    PayDisclosure,
    RegistrationReview,
    ReviewState,
    Revocation,
    SupervisionKind,
    SupervisionRecord,
)

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
            "disclosures": list(
                selectors.pay_disclosure_list(viewer=request.user, organization=organization)
            ),
            "open_findings": finding_list(viewer=request.user, organization=organization.pk, state="open")[
                :50
            ],
            "people": selectors.organization_people(organization=organization),
            "provider_record": selectors.provider_record(viewer=request.user, organization=organization),
            "supervision_records": list(
                selectors.supervision_record_list(viewer=request.user, organization=organization)[:100]
            ),
            "revocations": list(selectors.revocation_list(viewer=request.user, organization=organization)),
            "can_record_supervision": _may_record_any(request.user),
            "can_revoke": duties.may_revoke(request.user),
            "disclosed_kinds": [str(k) for k in DISCLOSED_KINDS],
        },
    )


def _save(request, form, save):
    if form.is_valid():
        try:
            return save(form.cleaned_data)
        except ValidationError as exc:
            for field, found in exc.message_dict.items():
                for message in found:
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


# Registration review (SZ-15a) and random inspections (SZ-15b) ----------------------------------------


def _review_or_404(viewer, pk) -> RegistrationReview:
    try:
        return selectors.registration_review_get(viewer=viewer, pk=pk)
    except (RegistrationReview.DoesNotExist, ValueError):
        raise Http404 from None


def _reviews_crumbs(*tail):
    return [(_("Registration reviews"), reverse("organizations:review-list")), *tail]


@login_required
def review_list(request):
    if not _can_register(request.user):
        raise PermissionDenied
    state = request.GET.get("state", "")
    state = state if state in ReviewState.values else ""
    return render(
        request,
        "organizations/review_list.html",
        {
            "page_title": _("Registration reviews"),
            "breadcrumbs": [(_("Registration reviews"), None)],
            "page_obj": Paginator(
                selectors.registration_review_list(viewer=request.user, state=state), PAGE_SIZE
            ).get_page(request.GET.get("page")),
            "state": state,
            "states": ReviewState.choices,
        },
    )


@login_required
def review_create(request):
    if not _can_register(request.user):
        raise PermissionDenied
    form = RegistrationReviewForm(request.POST or None, viewer=request.user)
    if request.method == "POST":
        review = _save(
            request, form, lambda data: services.registration_review_submit(actor=request.user, **data)
        )
        if review is not None:
            messages.success(request, _("The application is recorded."))
            return redirect("organizations:review-detail", pk=review.pk)
    title = _("Record an application to register")
    return render(
        request,
        "organizations/simple_form.html",
        {
            "page_title": title,
            "breadcrumbs": _reviews_crumbs((title, None)),
            "form": form,
            "cancel": reverse("organizations:review-list"),
        },
        status=400 if form.errors else 200,
    )


def _review_page(request, review, *, check_form=None, decision_form=None, status=200):
    return render(
        request,
        "organizations/review_detail.html",
        {
            "page_title": review.proposed_name,
            "breadcrumbs": _reviews_crumbs((review.proposed_name, None)),
            "review": review,
            "checklist": selectors.registration_checklist(review=review),
            "check_form": check_form or RegistrationCheckForm(),
            "decision_form": decision_form or RegistrationDecisionForm(),
        },
        status=status,
    )


@login_required
def review_detail(request, pk):
    if not _can_register(request.user):
        raise PermissionDenied
    return _review_page(request, _review_or_404(request.user, pk))


@login_required
@require_POST
def review_start(request, pk):
    review = _review_or_404(request.user, pk)
    if not _can_register(request.user):
        raise PermissionDenied
    try:
        services.registration_review_start(actor=request.user, review=review)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("organizations:review-detail", pk=review.pk)


@login_required
@require_POST
def review_check(request, pk):
    review = _review_or_404(request.user, pk)
    if not _can_register(request.user):
        raise PermissionDenied
    form = RegistrationCheckForm(request.POST)
    if _save(
        request, form, lambda d: services.registration_review_check(actor=request.user, review=review, **d)
    ):
        messages.success(request, _("The checklist item is recorded."))
        return redirect("organizations:review-detail", pk=review.pk)
    return _review_page(request, review, check_form=form, status=400)


@login_required
@require_POST
def review_decide(request, pk):
    review = _review_or_404(request.user, pk)
    if not _can_register(request.user):
        raise PermissionDenied
    form = RegistrationDecisionForm(request.POST)
    if _save(
        request, form, lambda d: services.registration_review_decide(actor=request.user, review=review, **d)
    ):
        messages.success(request, _("The decision is recorded."))
        return redirect("organizations:review-detail", pk=review.pk)
    return _review_page(request, review, decision_form=form, status=400)


def _draw_or_404(viewer, pk) -> InspectionDraw:
    try:
        return selectors.inspection_draw_get(viewer=viewer, pk=pk)
    except (InspectionDraw.DoesNotExist, ValueError):
        raise Http404 from None


def _draws_crumbs(*tail):
    return [(_("Random inspections"), reverse("organizations:draw-list")), *tail]


@login_required
def draw_list(request):
    if not _can_register(request.user):
        raise PermissionDenied
    return render(
        request,
        "organizations/draw_list.html",
        {
            "page_title": _("Random inspections"),
            "breadcrumbs": [(_("Random inspections"), None)],
            "page_obj": Paginator(selectors.inspection_draw_list(viewer=request.user), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
        },
    )


@login_required
def draw_create(request):
    if not _can_register(request.user):
        raise PermissionDenied
    form = InspectionDrawForm(request.POST or None, viewer=request.user)
    if request.method == "POST":
        draw = _save(request, form, lambda data: services.inspection_draw(actor=request.user, **data))
        if draw is not None:
            messages.success(request, _("The platform has drawn the sample."))
            return redirect("organizations:draw-detail", pk=draw.pk)
    title = _("Draw organisations to inspect")
    return render(
        request,
        "organizations/simple_form.html",
        {
            "page_title": title,
            "breadcrumbs": _draws_crumbs((title, None)),
            "form": form,
            "cancel": reverse("organizations:draw-list"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def draw_detail(request, pk):
    if not _can_register(request.user):
        raise PermissionDenied
    draw = _draw_or_404(request.user, pk)
    title = _("Random inspection of %(date)s") % {"date": date_format(draw.drawn_on)}
    return render(
        request,
        "organizations/draw_detail.html",
        {
            "page_title": title,
            "breadcrumbs": _draws_crumbs((title, None)),
            "draw": draw,
            "inspections": selectors.inspection_draw_inspections(draw=draw),
            "reproduced": services.draw_sample(draw.population, draw.sample_size, draw.seed) == draw.sample,
        },
    )


# Disclosure (SZ-16a) ---------------------------------------------------------------------------------


@login_required
def disclosure_submit(request, pk):
    organization = _get_or_404(request.user, pk)
    if not _can_edit(request.user, organization):
        raise PermissionDenied
    form = PayDisclosureForm(request.POST or None)
    if request.method == "POST":
        disclosure = _save(
            request,
            form,
            lambda data: services.pay_disclosure_submit(
                actor=request.user, organization=organization, **data
            ),
        )
        if disclosure is not None:
            messages.success(request, _("The pay disclosure is saved; publish it when it is final."))
            return redirect("organizations:organization-detail", pk=organization.pk)
    title = _("Enter a pay disclosure")
    return render(
        request,
        "organizations/simple_form.html",
        {
            "page_title": title,
            "breadcrumbs": [
                (_("Organisations"), reverse("organizations:organization-list")),
                (organization.name, reverse("organizations:organization-detail", args=[organization.pk])),
                (title, None),
            ],
            "form": form,
            "cancel": reverse("organizations:organization-detail", args=[organization.pk]),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def disclosure_publish(request, pk):
    try:
        disclosure = selectors.pay_disclosure_list(viewer=request.user).get(pk=pk)
    except (PayDisclosure.DoesNotExist, ValueError):
        raise Http404 from None
    if not _can_edit(request.user, disclosure.organization):
        raise PermissionDenied
    try:
        services.pay_disclosure_publish(
            actor=request.user, disclosure=disclosure, published_on=timezone.localdate()
        )
        messages.success(request, _("The pay disclosure is published."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("organizations:organization-detail", pk=disclosure.organization_id)


# Founders and leaders, supervision (SZ-15b, SZ-10), revocation -------------------------------------


def _org_crumbs(organization, *tail):
    return [
        (_("Organisations"), reverse("organizations:organization-list")),
        (organization.name, reverse("organizations:organization-detail", args=[organization.pk])),
        *tail,
    ]


def _form_page(request, form, title, crumbs, cancel, template="organizations/simple_form.html", **extra):
    return render(
        request,
        template,
        {"page_title": title, "breadcrumbs": crumbs, "form": form, "cancel": cancel, **extra},
        status=400 if form.errors else 200,
    )


@login_required
def person_add(request, pk):
    organization = _get_or_404(request.user, pk)
    if not _can_edit(request.user, organization):
        raise PermissionDenied
    form = PersonForm(request.POST or None)
    if request.method == "POST":
        person = _save(
            request,
            form,
            lambda data: services.organization_person_add(
                actor=request.user, organization=organization, **data
            ),
        )
        if person is not None:
            messages.success(request, _("The person is recorded."))
            return redirect(reverse("organizations:organization-detail", args=[organization.pk]) + "#people")
    title = _("Add a founder or leader")
    return _form_page(
        request,
        form,
        title,
        _org_crumbs(organization, (title, None)),
        reverse("organizations:organization-detail", args=[organization.pk]),
    )


def _may_record_any(user) -> bool:
    return bool(duties.kinds_for(user))


@login_required
def supervision_list(request):
    """Supervision records the viewer may see (SZ-15b) and the duty table (SZ-10)."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in SupervisionKind.values else ""
    return render(
        request,
        "organizations/supervision_list.html",
        {
            "page_title": _("Supervision records"),
            "breadcrumbs": [(_("Supervision records"), None)],
            "page_obj": Paginator(
                selectors.supervision_record_list(viewer=request.user, kind=kind), PAGE_SIZE
            ).get_page(request.GET.get("page")),
            "kind": kind,
            "kinds": SupervisionKind.choices,
            "duty_table": duties.duty_table(),
        },
    )


@login_required
def supervision_create(request, pk):
    organization = _get_or_404(request.user, pk)
    if not _may_record_any(request.user):
        raise PermissionDenied
    form = SupervisionRecordForm(request.POST or None, viewer=request.user)
    if request.method == "POST":
        # The service refuses a kind outside the department's duties with a message citing SZ-10.
        form.fields["kind"].choices = SupervisionKind.choices
        record = _save(
            request,
            form,
            lambda data: services.supervision_record(actor=request.user, organization=organization, **data),
        )
        if record is not None:
            messages.success(request, _("The supervision record is saved."))
            return redirect(
                reverse("organizations:organization-detail", args=[organization.pk]) + "#supervision"
            )
        form.fields["kind"].choices = duties.kinds_for(request.user)
    title = _("Record a supervision matter")
    return _form_page(
        request,
        form,
        title,
        _org_crumbs(organization, (title, None)),
        reverse("organizations:organization-detail", args=[organization.pk]),
    )


@login_required
@require_POST
def supervision_publish(request, pk):
    try:
        record = selectors.supervision_record_list(viewer=request.user).get(pk=pk)
    except (SupervisionRecord.DoesNotExist, ValueError):
        raise Http404 from None
    try:
        services.supervision_record_publish(
            actor=request.user, record=record, published_on=timezone.localdate()
        )
        messages.success(request, _("The record is published on the public portal."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(
        reverse("organizations:organization-detail", args=[record.organization_id]) + "#supervision"
    )


@login_required
def revocation_propose(request, pk):
    organization = _get_or_404(request.user, pk)
    if not duties.may_revoke(request.user):
        raise PermissionDenied
    form = RevocationProposeForm(request.POST or None, initial={"proposed_on": timezone.localdate()})
    if request.method == "POST":
        revocation = _save(
            request,
            form,
            lambda data: services.revocation_propose(actor=request.user, organization=organization, **data),
        )
        if revocation is not None:
            messages.success(request, _("The revocation is proposed; decide it with reasons."))
            return redirect(
                reverse("organizations:organization-detail", args=[organization.pk]) + "#revocation"
            )
    title = _("Propose revoking the registration")
    return _form_page(
        request,
        form,
        title,
        _org_crumbs(organization, (title, None)),
        reverse("organizations:organization-detail", args=[organization.pk]),
    )


@login_required
def revocation_decide(request, pk):
    try:
        revocation = selectors.revocation_list(viewer=request.user).get(pk=pk)
    except (Revocation.DoesNotExist, ValueError):
        raise Http404 from None
    if not duties.may_revoke(request.user):
        raise PermissionDenied
    organization = revocation.organization
    form = RevocationDecideForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST":
        decided = _save(
            request,
            form,
            lambda data: services.revocation_decide(actor=request.user, revocation=revocation, **data),
        )
        if decided is not None:
            messages.success(request, _("The decision is recorded."))
            return redirect(
                reverse("organizations:organization-detail", args=[organization.pk]) + "#revocation"
            )
    title = _("Decide the revocation")
    return _form_page(
        request,
        form,
        title,
        _org_crumbs(organization, (title, None)),
        reverse("organizations:organization-detail", args=[organization.pk]),
        template="organizations/revocation_decide.html",
        revocation=revocation,
    )


@login_required
def weeding_list(request):
    """Organisations to consider weeding out (SZ-15d) as of a date."""
    if not _can_register(request.user):
        raise PermissionDenied
    form = AsOfForm(request.GET or None, initial={"as_of": timezone.localdate()})
    as_of = form.cleaned_data["as_of"] if request.GET and form.is_valid() else timezone.localdate()
    return render(
        request,
        "organizations/weeding_list.html",
        {
            "page_title": _("Weeding-out candidates"),
            "breadcrumbs": [
                (_("Organisations"), reverse("organizations:organization-list")),
                (_("Weeding-out candidates"), None),
            ],
            "form": form,
            "as_of": as_of,
            "candidates": selectors.weeding_out_candidates(viewer=request.user, as_of=as_of),
        },
        status=400 if form.errors else 200,
    )


# Excel -------------------------------------------------------------------------------------------


@login_required
def organization_export(request):
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    kind = kind if kind in OrganizationKind.values else ""
    qs = selectors.organization_list(viewer=request.user, q=q, kind=kind)
    shown = [(_("Search"), q)] if q else []
    if kind:
        shown.append((_("Type"), str(OrganizationKind(kind).label)))
    content = spreadsheets.organizations_export(organizations=qs.iterator(chunk_size=2000), filters=shown)
    audit_record(
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        object_type="organizations.organization",
        object_repr=_("Organisations"),
        after={"q": q, "kind": kind},
    )
    return xlsx_response(content, f"{_('Organisations')}-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def organization_template(request):
    return xlsx_response(spreadsheets.organizations_template(), f"{_('Organisation import template')}.xlsx")


@login_required
def organization_import(request):
    if not _can_register(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        result = spreadsheets.organizations_import(
            actor=request.user, content=form.cleaned_data["file"].read()
        )
        if result.ok:
            messages.success(request, _("%(count)s organisations imported.") % {"count": len(result.created)})
            return redirect("organizations:organization-list")
        errors = result.errors
    return render(
        request,
        "organizations/import.html",
        {
            "page_title": _("Import organisations"),
            "breadcrumbs": [
                (_("Organisations"), reverse("organizations:organization-list")),
                (_("Import"), None),
            ],
            "form": form,
            "import_errors": errors,
            "template_url": reverse("organizations:organization-template"),
            "cancel": reverse("organizations:organization-list"),
        },
        status=400 if errors or form.errors else 200,
    )


# Public disclosure of penalties and sector discipline (SZ-16b): no login --------------------------


@require_safe
@cache_control(public=True, max_age=300)
def public_penalties(request):
    from shegong.portal.selectors import public_divisions

    divisions = public_divisions()
    within = request.GET.get("division", "")
    if within not in {d.code for d in divisions}:
        within = ""
    return render(
        request,
        "organizations/public_penalties.html",
        {
            "page_title": _("Penalties and sector discipline of organisations"),
            "breadcrumbs": [
                (_("Public services"), reverse("portal:home")),
                (_("Penalties and sector discipline of organisations"), None),
            ],
            "divisions": divisions,
            "division": within,
            "page_obj": Paginator(
                selectors.published_organization_sanctions(within=within), PAGE_SIZE
            ).get_page(request.GET.get("page")),
        },
    )
