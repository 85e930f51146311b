"""Pages of recruitment (SZ-05, SM-12, HZ-11) and volunteers (SM-14): thin, scoped, out of scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from shegong.accounts.models import OFFICER_ROLES, Role
from shegong.accounts.scoping import scope_queryset
from shegong.geo.models import Division

from . import selectors, services
from .forms import (
    ActivityForm,
    AdvanceForm,
    ApplicationForm,
    CaseAssistanceForm,
    DateNoteForm,
    HireForm,
    ObjectionDecisionForm,
    ObjectionForm,
    PairingForm,
    ParticipationForm,
    PostingForm,
    TalentPoolForm,
    VolunteerForm,
)
from .models import PostingState, Stage, Volunteer

PAGE_SIZE = 50


def _get(getter, **kwargs):
    try:
        return getter(**kwargs)
    except (ObjectDoesNotExist, ValueError):
        raise Http404 from None


def _apply(form, call):
    """Validate ``form`` and run ``call(cleaned_data)``; service errors go beside their fields."""
    if not form.is_valid():
        return None
    try:
        return call(form.cleaned_data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    return None


def _form_page(request, form, title, crumbs, status=200):
    return render(
        request,
        "recruitment/form.html",
        {
            "page_title": title,
            "breadcrumbs": [*crumbs, (title, None)],
            "form": form,
            "submit_label": _("Save"),
        },
        status=status,
    )


def _postings_crumb():
    return (_("Job postings"), reverse("recruitment:posting-list"))


def _can_post(user) -> bool:
    return user.is_system_admin or user.role in OFFICER_ROLES | {Role.ORG_ADMIN}


def _officer(user) -> bool:
    return user.is_system_admin or user.role in OFFICER_ROLES


# Postings ------------------------------------------------------------------------------------------


@login_required
def posting_list(request):
    _employer_or_officer(request.user)
    state = request.GET.get("state", "")
    if state not in PostingState.values:
        state = ""
    qs = selectors.posting_list(viewer=request.user, state=state)
    return render(
        request,
        "recruitment/posting_list.html",
        {
            "page_title": _("Job postings"),
            "breadcrumbs": [(_("Job postings"), None)],
            "page_obj": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "states": PostingState.choices,
            "state": state,
            "can_post": _can_post(request.user),
        },
    )


def _posting_choices(user) -> dict:
    from shegong.procurement.models import Project
    from shegong.stations.models import Station

    return {
        "projects": list(
            scope_queryset(Project.objects.order_by("name"), viewer=user).values_list("pk", "name")
        ),
        "stations": list(
            scope_queryset(Station.objects.order_by("division_id", "name"), viewer=user).values_list(
                "pk", "name"
            )
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def posting_create(request):
    if not _can_post(request.user):
        raise PermissionDenied(services.NOT_ALLOWED)
    from shegong.procurement.models import Project
    from shegong.stations.models import Station

    form = PostingForm(request.POST or None, **_posting_choices(request.user))
    if request.method == "POST":

        def save(data):
            data = dict(data)
            project_id, station_id = data.pop("project"), data.pop("station")
            project = (
                scope_queryset(Project.objects.all(), viewer=request.user).get(pk=project_id)
                if project_id
                else None
            )
            station = (
                scope_queryset(Station.objects.all(), viewer=request.user).get(pk=station_id)
                if station_id
                else None
            )
            return services.posting_create(actor=request.user, project=project, station=station, **data)

        posting = _apply(form, save)
        if posting is not None:
            messages.success(request, _("Posting saved as a draft. Publish it to show it on the job board."))
            return redirect("recruitment:posting-detail", pk=posting.pk)
        return _form_page(request, form, _("New job posting"), [_postings_crumb()], status=400)
    return _form_page(request, form, _("New job posting"), [_postings_crumb()])


@login_required
def posting_detail(request, pk: int, application_form=None, status=200):
    posting = _get(selectors.posting_get, viewer=request.user, pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "recruitment/posting_detail.html",
        {
            "page_title": posting.title,
            "breadcrumbs": [_postings_crumb(), (posting.title, None)],
            "posting": posting,
            "applications": list(selectors.posting_applications(posting)),
            "can_manage": services.can_manage_posting(request.user, posting),
            "application_form": application_form or ApplicationForm(initial={"applied_on": today}),
        },
        status=status,
    )


@login_required
@require_POST
def posting_publish(request, pk: int):
    posting = _get(selectors.posting_get, viewer=request.user, pk=pk)
    try:
        services.posting_publish(actor=request.user, posting=posting)
        messages.success(request, _("Posting published on the job board."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("recruitment:posting-detail", pk=pk)


@login_required
@require_POST
def posting_close(request, pk: int):
    posting = _get(selectors.posting_get, viewer=request.user, pk=pk)
    services.posting_close(actor=request.user, posting=posting)
    messages.success(request, _("Posting closed."))
    return redirect("recruitment:posting-detail", pk=pk)


@login_required
@require_POST
def application_create(request, pk: int):
    posting = _get(selectors.posting_get, viewer=request.user, pk=pk)
    form = ApplicationForm(request.POST)
    application = _apply(
        form,
        lambda d: services.application_add(
            actor=request.user,
            posting=posting,
            practitioner=form.practitioner,
            applied_on=d["applied_on"],
            source=d["source"],
        ),
    )
    if application is None:
        return posting_detail(request, pk, application_form=form, status=400)
    messages.success(request, _("Candidate added."))
    return redirect("recruitment:application-detail", pk=application.pk)


# Applications: the pipeline ------------------------------------------------------------------------


@login_required
def application_detail(request, pk: int, forms=None, status=200):
    application = _get(selectors.application_get, viewer=request.user, pk=pk)
    today = timezone.localdate()
    forms = forms or {}
    next_stage = services.next_stages(application)
    return render(
        request,
        "recruitment/application_detail.html",
        {
            "page_title": application.practitioner.name,
            "breadcrumbs": [
                _postings_crumb(),
                (
                    application.posting.title,
                    reverse("recruitment:posting-detail", args=[application.posting_id]),
                ),
                (application.practitioner.name, None),
            ],
            "application": application,
            "steps": list(application.steps.select_related("actor")),
            "objections": list(application.objections.all()),
            "next_stage": Stage(next_stage[0]) if next_stage else None,
            "is_open": application.stage in services.OPEN_STAGES,
            "can_manage": services.can_manage_posting(request.user, application.posting),
            "can_decide": _officer(request.user),
            "hire_refusal": services.hire_refusal(application, today),
            "advance_form": forms.get("advance") or AdvanceForm(initial={"taken_on": today}),
            "hire_form": forms.get("hire") or HireForm(initial={"hired_on": today}),
            "reject_form": forms.get("reject") or DateNoteForm(initial={"taken_on": today}),
            "objection_form": forms.get("objection") or ObjectionForm(initial={"received_on": today}),
            "decision_form": ObjectionDecisionForm(initial={"decided_on": today}),
        },
        status=status,
    )


def _application_action(request, pk, form_class, key, call, success):
    application = _get(selectors.application_get, viewer=request.user, pk=pk)
    form = form_class(request.POST)
    if _apply(form, lambda d: call(application, d)) is None:
        return application_detail(request, pk, forms={key: form}, status=400)
    messages.success(request, success)
    return redirect("recruitment:application-detail", pk=pk)


@login_required
@require_POST
def application_advance(request, pk: int):
    def call(application, d):
        stages = services.next_stages(application)
        return services.application_advance(
            actor=request.user,
            application=application,
            to_stage=stages[0] if stages else Stage.HIRED,
            taken_on=d["taken_on"],
            score=d["score"],
            medical_passed=d["medical_passed"],
            note=d["note"],
        )

    return _application_action(request, pk, AdvanceForm, "advance", call, _("Stage recorded."))


@login_required
@require_POST
def application_hire(request, pk: int):
    return _application_action(
        request,
        pk,
        HireForm,
        "hire",
        lambda a, d: services.application_hire(
            actor=request.user, application=a, hired_on=d["hired_on"], note=d["note"]
        ),
        _("Candidate hired; the employment is recorded in the registry."),
    )


@login_required
@require_POST
def application_reject(request, pk: int):
    return _application_action(
        request,
        pk,
        DateNoteForm,
        "reject",
        lambda a, d: services.application_reject(
            actor=request.user, application=a, taken_on=d["taken_on"], note=d["note"]
        ),
        _("Candidacy ended."),
    )


@login_required
@require_POST
def objection_create(request, pk: int):
    return _application_action(
        request,
        pk,
        ObjectionForm,
        "objection",
        lambda a, d: services.objection_file(
            actor=request.user, application=a, received_on=d["received_on"], summary=d["summary"]
        ),
        _("Objection recorded."),
    )


@login_required
@require_POST
def objection_decide(request, pk: int):
    objection = _get(selectors.objection_get, viewer=request.user, pk=pk)
    form = ObjectionDecisionForm(request.POST)
    if (
        _apply(
            form,
            lambda d: services.objection_decide(
                actor=request.user,
                objection=objection,
                outcome=d["outcome"],
                decided_on=d["decided_on"],
                outcome_note=d["outcome_note"],
            ),
        )
        is None
    ):
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        messages.success(request, _("Objection decided."))
    return redirect("recruitment:application-detail", pk=objection.application_id)


# Talent pool (SM-12) -------------------------------------------------------------------------------


def _employer_or_officer(user) -> None:
    if not _can_post(user):
        raise PermissionDenied(services.NOT_ALLOWED)


@login_required
def talent_pool(request):
    _employer_or_officer(request.user)
    q = request.GET.get("q", "").strip()
    qs = selectors.talent_pool_search(viewer=request.user, q=q)
    return render(
        request,
        "recruitment/talent_pool.html",
        {
            "page_title": _("Talent pool"),
            "breadcrumbs": [(_("Talent pool"), None)],
            "page_obj": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "q": q,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def talent_pool_join(request):
    _employer_or_officer(request.user)
    form = TalentPoolForm(request.POST or None, initial={"joined_on": timezone.localdate()})
    crumbs = [(_("Talent pool"), reverse("recruitment:talent-pool"))]
    if request.method == "POST":
        entry = _apply(
            form,
            lambda d: services.talent_pool_join(
                actor=request.user,
                practitioner=form.practitioner,
                summary=d["summary"],
                joined_on=d["joined_on"],
                domain=d["domain"],
                rank=d["rank"],
            ),
        )
        if entry is not None:
            messages.success(request, _("The practitioner is in the talent pool."))
            return redirect("recruitment:talent-pool")
        return _form_page(request, form, _("Add to the talent pool"), crumbs, status=400)
    return _form_page(request, form, _("Add to the talent pool"), crumbs)


# Volunteers (SM-14) --------------------------------------------------------------------------------


def _volunteers_crumb():
    return (_("Volunteers"), reverse("recruitment:volunteer-list"))


def _division_choices(user) -> list:
    qs = scope_queryset(Division.objects.filter(level__in=["district", "town", "village"]), viewer=user)
    return list(qs.order_by("code").values_list("code", "name")[:500])


@login_required
def volunteer_list(request):
    q = request.GET.get("q", "").strip()
    page_obj = Paginator(selectors.volunteer_list(viewer=request.user, q=q), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    hours = selectors.volunteer_hours([v.pk for v in page_obj])
    for volunteer in page_obj:
        volunteer.service_hours = hours.get(volunteer.pk, 0)
    return render(
        request,
        "recruitment/volunteer_list.html",
        {
            "page_title": _("Volunteers"),
            "breadcrumbs": [(_("Volunteers"), None)],
            "page_obj": page_obj,
            "q": q,
            "can_register": _officer(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_create(request):
    if not _officer(request.user):
        raise PermissionDenied(services.NOT_ALLOWED_VOLUNTEERS)
    form = VolunteerForm(
        request.POST or None,
        divisions=_division_choices(request.user),
        initial={"registered_on": timezone.localdate()},
    )
    if request.method == "POST":
        volunteer = _apply(
            form,
            lambda d: services.volunteer_register(
                actor=request.user,
                name=d["name"],
                division=Division.objects.get(code=d["division"]),
                registered_on=d["registered_on"],
                phone=d["phone"],
                skills=d["skills"],
            ),
        )
        if volunteer is not None:
            return redirect("recruitment:volunteer-detail", pk=volunteer.pk)
        return _form_page(request, form, _("Register a volunteer"), [_volunteers_crumb()], status=400)
    return _form_page(request, form, _("Register a volunteer"), [_volunteers_crumb()])


@login_required
def volunteer_detail(request, pk: int, pairing_form=None, status=200):
    volunteer = _get(selectors.volunteer_get, viewer=request.user, pk=pk)
    return render(
        request,
        "recruitment/volunteer_detail.html",
        {
            "page_title": volunteer.name,
            "breadcrumbs": [_volunteers_crumb(), (volunteer.name, None)],
            "volunteer": volunteer,
            "hours": selectors.volunteer_hours([volunteer.pk]).get(volunteer.pk, 0),
            **selectors.volunteer_records(volunteer),
            "can_pair": _officer(request.user),
            "pairing_form": pairing_form or PairingForm(initial={"starts_on": timezone.localdate()}),
        },
        status=status,
    )


@login_required
@require_POST
def volunteer_pair(request, pk: int):
    volunteer = _get(selectors.volunteer_get, viewer=request.user, pk=pk)
    form = PairingForm(request.POST)
    pairing = _apply(
        form,
        lambda d: services.volunteer_pair(
            actor=request.user, volunteer=volunteer, practitioner=form.practitioner, starts_on=d["starts_on"]
        ),
    )
    if pairing is None:
        return volunteer_detail(request, pk, pairing_form=form, status=400)
    messages.success(request, _("Volunteer paired."))
    return redirect("recruitment:volunteer-detail", pk=pk)


@login_required
def practitioner_volunteers(request, pk: int):
    """The social worker's side of the pairing (SM-14): the volunteers they guide."""
    from shegong.workforce.selectors import practitioner_get

    practitioner = _get(practitioner_get, viewer=request.user, pk=pk)
    pairings = list(selectors.practitioner_pairings(viewer=request.user, practitioner_id=practitioner.pk))
    return render(
        request,
        "recruitment/practitioner_volunteers.html",
        {
            "page_title": _("Volunteers guided by %(name)s") % {"name": practitioner.name},
            "breadcrumbs": [_volunteers_crumb(), (practitioner.name, None)],
            "practitioner": practitioner,
            "pairings": pairings,
        },
    )


@login_required
def activity_list(request):
    qs = selectors.activity_list(viewer=request.user)
    return render(
        request,
        "recruitment/activity_list.html",
        {
            "page_title": _("Volunteer activities"),
            "breadcrumbs": [_volunteers_crumb(), (_("Volunteer activities"), None)],
            "page_obj": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "can_record": _officer(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request):
    if not _officer(request.user):
        raise PermissionDenied(services.NOT_ALLOWED_VOLUNTEERS)
    form = ActivityForm(
        request.POST or None,
        divisions=_division_choices(request.user),
        initial={"held_on": timezone.localdate()},
    )
    crumbs = [_volunteers_crumb(), (_("Volunteer activities"), reverse("recruitment:activity-list"))]
    if request.method == "POST":
        activity = _apply(
            form,
            lambda d: services.activity_record(
                actor=request.user,
                title=d["title"],
                held_on=d["held_on"],
                division=Division.objects.get(code=d["division"]),
                description=d["description"],
            ),
        )
        if activity is not None:
            return redirect("recruitment:activity-detail", pk=activity.pk)
        return _form_page(request, form, _("Record an activity"), crumbs, status=400)
    return _form_page(request, form, _("Record an activity"), crumbs)


def _volunteer_choices(user) -> list:
    return list(selectors.volunteer_list(viewer=user).values_list("pk", "name")[:500])


@login_required
@require_http_methods(["GET", "POST"])
def activity_detail(request, pk: int):
    activity = _get(selectors.activity_get, viewer=request.user, pk=pk)
    form = ParticipationForm(request.POST or None, volunteers=_volunteer_choices(request.user))
    status = 200
    if request.method == "POST":
        volunteer = None
        if form.is_valid():
            volunteer = _get(selectors.volunteer_get, viewer=request.user, pk=form.cleaned_data["volunteer"])
        if volunteer is not None and _apply(
            form,
            lambda d: services.activity_add_volunteer(
                actor=request.user, activity=activity, volunteer=volunteer, hours=d["hours"]
            ),
        ):
            return redirect("recruitment:activity-detail", pk=pk)
        status = 400
    participations = activity.participation_set.select_related("volunteer").order_by("volunteer__name")
    return render(
        request,
        "recruitment/activity_detail.html",
        {
            "page_title": activity.title,
            "breadcrumbs": [
                _volunteers_crumb(),
                (_("Volunteer activities"), reverse("recruitment:activity-list")),
                (activity.title, None),
            ],
            "activity": activity,
            "participations": list(participations),
            "form": form,
            "can_record": _officer(request.user),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_assistance(request, pk: int):
    """Volunteer help on a case: recorded and seen by the case's social worker and officers."""
    from shegong.cases.models import Case

    case = _get(lambda: scope_queryset(Case.objects.all(), viewer=request.user).get(pk=pk))
    form = CaseAssistanceForm(
        request.POST or None,
        volunteers=_case_volunteer_choices(case),
        initial={"assisted_on": timezone.localdate()},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            volunteer = Volunteer.objects.filter(pk=form.cleaned_data["volunteer"]).first()
            done = _apply(
                form,
                lambda d: services.case_assistance_record(
                    actor=request.user,
                    case=case,
                    volunteer=volunteer,
                    assisted_on=d["assisted_on"],
                    hours=d["hours"],
                    description=d["description"],
                ),
            )
            if done is not None:
                messages.success(request, _("Assistance recorded."))
                return redirect("recruitment:case-assistance", pk=pk)
        status = 400
    return render(
        request,
        "recruitment/case_assistance.html",
        {
            "page_title": _("Volunteer assistance: %(case)s") % {"case": case.title},
            "breadcrumbs": [
                (case.title, reverse("cases:case-detail", args=[case.pk])),
                (_("Volunteer assistance"), None),
            ],
            "case": case,
            "records": list(selectors.case_assistance_for(viewer=request.user, case_id=case.pk)),
            "form": form,
        },
        status=status,
    )


def _case_volunteer_choices(case) -> list:
    """Volunteers of the case's district (the first six digits of its division)."""
    district = case.household.division_id[:6]
    return list(Volunteer.objects.filter(division__code__startswith=district).values_list("pk", "name")[:500])
