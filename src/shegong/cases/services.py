"""Writes on household files, cases and visits: every change goes through here and is audited.

Who may write: civil-affairs officers for households inside their jurisdiction, and the social worker a
household is assigned to. A social worker who registers a household is assigned to it.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.accounts.models import OFFICER_ROLES, Role
from shegong.accounts.scoping import scope_queryset
from shegong.common.audit import audit_record, audit_view, audit_write, snapshot
from shegong.common.encryption import keyed_hash
from shegong.common.locking import ensure_unchanged
from shegong.common.masking import mask_id_number
from shegong.common.models import AuditEntry
from shegong.geo.models import DivisionLevel
from shegong.policy.coverage import implements
from shegong.workforce.identity import birth_date_of, normalize_id_number

from .models import (
    STEP_ORDER,
    Case,
    CaseStep,
    CaseTransition,
    Consent,
    FollowUp,
    Household,
    HouseholdCategory,
    IndividualPlan,
    Intervention,
    Member,
    NeedsAssessment,
    Referral,
    ReferralStatus,
    ResourceLink,
    SharedData,
    Visit,
)

NOT_ALLOWED = _("Only civil-affairs officers and the assigned social worker may change this household file.")
DIVISION_NOT_VILLAGE = _("Choose a village or community: a household file belongs to the lowest level.")
DIVISION_OUTSIDE_JURISDICTION = _("The village or community is outside your jurisdiction.")
WORKER_NOT_SOCIAL_WORKER = _("The assigned person must have the social worker role.")
STATION_OUTSIDE_TOWN = _("The station does not serve this village or community.")
UNKNOWN_CATEGORY = _("Unknown household category: %(value)s.")
ADDRESS_REQUIRED = _("Enter the address of the household.")
NAME_REQUIRED = _("Enter the member's name.")
ID_NUMBER_TAKEN = _("A member with this resident ID number is already registered in a household file.")
REASON_REQUIRED = _("Give the reason for opening the full file.")
FULL_FILE_NOT_ALLOWED = _(
    "Only civil-affairs officers and the assigned social worker may open the full file."
)
DATE_IN_FUTURE = _("The date cannot be in the future.")
CLIENT_NOT_MEMBER = _("The client must be a member of this household.")
CASE_CLOSED = _("The case is closed; it can no longer change.")
STEP_SKIPPED = _("A case at “%(current)s” can only move to “%(next)s”; steps cannot be skipped.")
RECORD_MISSING = {
    CaseStep.IDENTIFY: _("Describe how the client was identified before analysing needs."),
    CaseStep.ASSESS: _("Record the needs assessment before making a plan."),
    CaseStep.PLAN: _(
        "Record the individual plan (visit frequency, goals and steps) before coordinating resources."
    ),
    CaseStep.COORDINATE: _(
        "Record at least one linked resource or accepted referral before the professional intervention."
    ),
    CaseStep.INTERVENE: _("Record at least one intervention before following up on results."),
    CaseStep.FOLLOW_UP: _("Record the follow-up outcome before closing the case."),
}
RECORD_TOO_EARLY = _("This record belongs to the step “%(step)s”, which the case has not reached yet.")
VISIT_BEFORE_PLAN = _("Make the individual plan before logging visits: the plan sets the visit frequency.")


def _today() -> datetime.date:
    return timezone.localdate()


def _is_officer(user) -> bool:
    return bool(user) and user.role in OFFICER_ROLES


def reach_code(user) -> str | None:
    """The division a user acts in: their jurisdiction, else their organisation's division."""
    if user.division_id:
        return user.division_id
    organization = getattr(user, "organization", None) if user.organization_id else None
    return organization.division_id if organization else None


def _in_reach(actor, household: Household) -> bool:
    return scope_queryset(Household.objects.filter(pk=household.pk), viewer=actor).exists()


def can_use_case_files(user) -> bool:
    """Client files are for civil-affairs officers and social workers; system administrators keep out."""
    return bool(user and user.is_authenticated) and (
        user.role in OFFICER_ROLES or user.role == Role.SOCIAL_WORKER
    )


def can_register_household(user) -> bool:
    return bool(user and user.is_authenticated) and (_is_officer(user) or user.role == Role.SOCIAL_WORKER)


def can_change_household(user, household: Household) -> bool:
    """Officers (the selector already limits them to their jurisdiction) and the assigned worker."""
    if not (user and user.is_authenticated):
        return False
    if _is_officer(user):
        return True
    return user.role == Role.SOCIAL_WORKER and household.assigned_worker_id == user.pk


def can_open_full_file(user, household: Household) -> bool:
    if not (user and user.is_authenticated):
        return False
    if user.role in OFFICER_ROLES:
        return True
    return user.role == Role.SOCIAL_WORKER and household.assigned_worker_id == user.pk


def _check_change(actor, household: Household) -> None:
    if actor is None:
        return
    if not can_change_household(actor, household) or (household.pk and not _in_reach(actor, household)):
        raise PermissionDenied(NOT_ALLOWED)


def _check_past(field: str, day: datetime.date) -> None:
    if day > _today():
        raise ValidationError({field: DATE_IN_FUTURE}, code="future")


def _clean_household(
    *, actor, division, address, categories, assigned_worker, station
) -> tuple[str, list[str]]:
    address = (address or "").strip()
    if not address:
        raise ValidationError({"address": ADDRESS_REQUIRED}, code="required")
    if division.level != DivisionLevel.VILLAGE:
        raise ValidationError({"division": DIVISION_NOT_VILLAGE}, code="division_not_village")
    if actor is not None and not actor.is_system_admin:
        reach = reach_code(actor)
        if reach is None or not division.is_within(reach):
            raise ValidationError({"division": DIVISION_OUTSIDE_JURISDICTION}, code="division_outside")
    if assigned_worker is not None and assigned_worker.role != Role.SOCIAL_WORKER:
        raise ValidationError({"assigned_worker": WORKER_NOT_SOCIAL_WORKER}, code="not_social_worker")
    if station is not None and not division.is_within(station.division_id):
        raise ValidationError({"station": STATION_OUTSIDE_TOWN}, code="station_outside")
    cleaned = []
    for value in categories or []:
        if value not in HouseholdCategory.values:
            raise ValidationError(
                {"categories": UNKNOWN_CATEGORY % {"value": value}}, code="unknown_category"
            )
        if value not in cleaned:
            cleaned.append(value)
    return address, cleaned


# Households ----------------------------------------------------------------------------------------


@implements("HZ-15", kind="record")
@transaction.atomic
def household_register(
    *,
    actor,
    division,
    address: str,
    categories: list[str] | None = None,
    family_structure: str = "",
    material_needs: str = "",
    emotional_needs: str = "",
    social_needs: str = "",
    assigned_worker=None,
    station=None,
) -> Household:
    """Open a household file (一户一档); a social worker who registers it is assigned to it."""
    if actor is not None and not can_register_household(actor):
        raise PermissionDenied(NOT_ALLOWED)
    if actor is not None and actor.role == Role.SOCIAL_WORKER:
        assigned_worker = actor
    address, categories = _clean_household(
        actor=actor,
        division=division,
        address=address,
        categories=categories,
        assigned_worker=assigned_worker,
        station=station,
    )
    household = Household.objects.create(
        division=division,
        address=address,
        categories=categories,
        family_structure=family_structure,
        material_needs=material_needs.strip(),
        emotional_needs=emotional_needs.strip(),
        social_needs=social_needs.strip(),
        assigned_worker=assigned_worker,
        station=station,
    )
    audit_write(actor=actor, instance=household, before=None)
    return household


@transaction.atomic
def household_update(
    *, actor, household: Household, expected_version: str | None = None, **changes
) -> Household:
    """Change a household file; only officers may assign another worker.

    ``expected_version`` refuses the change when someone saved the file after the form was drawn.
    """
    _check_change(actor, household)
    ensure_unchanged(household, expected_version)
    before = snapshot(household)
    worker = changes.get("assigned_worker", household.assigned_worker)
    if actor is not None and actor.role == Role.SOCIAL_WORKER:
        worker = household.assigned_worker
    address, categories = _clean_household(
        actor=actor,
        division=changes.get("division", household.division),
        address=changes.get("address", household.address),
        categories=changes.get("categories", household.categories),
        assigned_worker=worker,
        station=changes.get("station", household.station),
    )
    household.division = changes.get("division", household.division)
    household.address = address
    household.categories = categories
    household.assigned_worker = worker
    household.station = changes.get("station", household.station)
    for field in ("family_structure", "material_needs", "emotional_needs", "social_needs"):
        if field in changes:
            setattr(household, field, (changes[field] or "").strip())
    household.save()
    audit_write(actor=actor, instance=household, before=before)
    return household


def member_id_hash(number: str) -> str:
    """The search key of a (normalised) resident ID number."""
    return keyed_hash(number)


@transaction.atomic
def member_add(
    *, actor, household: Household, name: str, relation: str, id_number: str, health_notes: str = ""
) -> Member:
    """Add a member; the birth date (and so whether the member is a minor) comes from the ID number."""
    _check_change(actor, household)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": NAME_REQUIRED}, code="required")
    number = normalize_id_number(id_number, today=_today())
    digest = member_id_hash(number)
    if Member.objects.filter(id_number_hash=digest).exists():
        raise ValidationError({"id_number": ID_NUMBER_TAKEN}, code="id_taken")
    member = Member.objects.create(
        household=household,
        name=name,
        relation=relation,
        id_number=number,
        id_number_hash=digest,
        id_number_masked=mask_id_number(number),
        birth_date=birth_date_of(number),
        health_notes=(health_notes or "").strip(),
    )
    audit_write(actor=actor, instance=member, before=None)
    return member


def household_open_full_file(*, viewer, household: Household, reason: str) -> list[Member]:
    """Return the members with their full ID numbers and health notes, and log who looked and why."""
    if not can_open_full_file(viewer, household):
        raise PermissionDenied(FULL_FILE_NOT_ALLOWED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED}, code="reason_required")
    audit_view(actor=viewer, instance=household, reason=reason)
    return list(Member.objects.filter(household=household).order_by("birth_date", "id"))


# Cases and the six-step process (HZ-14) ------------------------------------------------------------


def _record_transition(*, actor, case: Case, from_step: str, to_step: str) -> None:
    CaseTransition.objects.create(
        case=case,
        from_step=from_step,
        to_step=to_step,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


@implements("HZ-14", kind="flow")
@transaction.atomic
def case_open(
    *,
    actor,
    household: Household,
    title: str,
    identification: str,
    service_type: str,
    domain: str,
    client: Member | None = None,
    opened_on: datetime.date | None = None,
) -> Case:
    """Open a case for one matter (一事一案例); it starts at step 1, identifying the client."""
    _check_change(actor, household)
    if client is not None and client.household_id != household.pk:
        raise ValidationError({"client": CLIENT_NOT_MEMBER}, code="client_not_member")
    opened_on = opened_on or _today()
    _check_past("opened_on", opened_on)
    case = Case(
        household=household,
        client=client,
        title=(title or "").strip(),
        identification=(identification or "").strip(),
        service_type=service_type,
        domain=domain,
        step=CaseStep.IDENTIFY,
        opened_on=opened_on,
    )
    case.full_clean(exclude=["household", "client"])
    case.save()
    _record_transition(actor=actor, case=case, from_step="", to_step=CaseStep.IDENTIFY)
    audit_write(actor=actor, instance=case, before=None)
    return case


def next_step(step: str) -> str | None:
    index = STEP_ORDER.index(step)
    return STEP_ORDER[index + 1] if index + 1 < len(STEP_ORDER) else None


def _has_record(case: Case, step: str) -> bool:
    """Whether the record a step needs before the case may leave it exists."""
    if step == CaseStep.IDENTIFY:
        return bool(case.identification.strip())
    if step == CaseStep.ASSESS:
        return NeedsAssessment.objects.filter(case=case).exists()
    if step == CaseStep.PLAN:
        return IndividualPlan.objects.filter(case=case).exists()
    if step == CaseStep.COORDINATE:
        return (
            ResourceLink.objects.filter(case=case).exists()
            or Referral.objects.filter(
                case=case, status__in=[ReferralStatus.ACCEPTED, ReferralStatus.DONE]
            ).exists()
        )
    if step == CaseStep.INTERVENE:
        return Intervention.objects.filter(case=case).exists()
    if step == CaseStep.FOLLOW_UP:
        return FollowUp.objects.filter(case=case).exclude(outcome="").exists()
    return False


@implements("HZ-14", kind="flow")
@transaction.atomic
def case_advance_step(*, actor, case: Case, to_step: str) -> Case:
    """Move a case to the next step; refuse a skipped step or a step whose record is missing."""
    case = Case.objects.select_for_update().select_related("household").get(pk=case.pk)
    _check_change(actor, case.household)
    if case.is_closed:
        raise ValidationError({"to_step": CASE_CLOSED}, code="closed")
    expected = next_step(case.step)
    if to_step != expected:
        raise ValidationError(
            {
                "to_step": STEP_SKIPPED
                % {"current": CaseStep(case.step).label, "next": CaseStep(expected).label}
            },
            code="step_skipped",
        )
    if not _has_record(case, case.step):
        raise ValidationError({"to_step": RECORD_MISSING[case.step]}, code="record_missing")
    before = snapshot(case)
    from_step = case.step
    case.step = to_step
    if to_step == CaseStep.CLOSED:
        case.closed_on = _today()
        case.next_visit_due = None
    case.save(update_fields=["step", "closed_on", "next_visit_due", "updated_at"])
    _record_transition(actor=actor, case=case, from_step=from_step, to_step=to_step)
    audit_write(actor=actor, instance=case, before=before)
    return case


def _check_record_step(actor, case: Case, step: str) -> None:
    _check_change(actor, case.household)
    if case.is_closed:
        raise ValidationError(CASE_CLOSED, code="closed")
    if STEP_ORDER.index(case.step) < STEP_ORDER.index(step):
        raise ValidationError(RECORD_TOO_EARLY % {"step": CaseStep(step).label}, code="too_early")


@transaction.atomic
def case_assess_needs(
    *,
    actor,
    case: Case,
    summary: str,
    material: str = "",
    emotional: str = "",
    social: str = "",
    assessed_on: datetime.date | None = None,
) -> NeedsAssessment:
    """Record or revise the needs assessment (step 2, 分析需求)."""
    _check_record_step(actor, case, CaseStep.ASSESS)
    assessed_on = assessed_on or _today()
    _check_past("assessed_on", assessed_on)
    existing = NeedsAssessment.objects.filter(case=case).first()
    before = snapshot(existing)
    assessment = existing or NeedsAssessment(case=case)
    assessment.summary, assessment.material = summary.strip(), material.strip()
    assessment.emotional, assessment.social = emotional.strip(), social.strip()
    assessment.assessed_on = assessed_on
    assessment.full_clean(exclude=["case"])
    assessment.save()
    audit_write(actor=actor, instance=assessment, before=before)
    return assessment


@implements("HZ-15", kind="record")
@transaction.atomic
def case_plan(
    *,
    actor,
    case: Case,
    visit_frequency_days: int,
    goals: str,
    steps: str,
    planned_on: datetime.date | None = None,
) -> IndividualPlan:
    """Record or revise the individual plan (step 3, 一人一案); it sets when the next visit is due."""
    _check_record_step(actor, case, CaseStep.PLAN)
    planned_on = planned_on or _today()
    _check_past("planned_on", planned_on)
    existing = IndividualPlan.objects.filter(case=case).first()
    before = snapshot(existing)
    plan = existing or IndividualPlan(case=case)
    plan.visit_frequency_days, plan.goals, plan.steps = visit_frequency_days, goals.strip(), steps.strip()
    plan.planned_on = planned_on
    plan.full_clean(exclude=["case"])
    plan.save()
    audit_write(actor=actor, instance=plan, before=before)
    _update_next_visit_due(case, plan)
    return plan


@transaction.atomic
def case_link_resource(
    *, actor, case: Case, resource: str, provider: str = "", linked_on: datetime.date | None = None
) -> ResourceLink:
    """Record a resource linked for the client (step 4, 协调资源)."""
    _check_record_step(actor, case, CaseStep.COORDINATE)
    linked_on = linked_on or _today()
    _check_past("linked_on", linked_on)
    link = ResourceLink(case=case, resource=resource.strip(), provider=provider.strip(), linked_on=linked_on)
    link.full_clean(exclude=["case"])
    link.save()
    audit_write(actor=actor, instance=link, before=None)
    return link


@transaction.atomic
def case_record_intervention(
    *, actor, case: Case, method: str, notes: str = "", held_on: datetime.date | None = None
) -> Intervention:
    """Record a professional intervention (step 5, 专业介入); the notes are encrypted."""
    _check_record_step(actor, case, CaseStep.INTERVENE)
    held_on = held_on or _today()
    _check_past("held_on", held_on)
    intervention = Intervention(case=case, method=method.strip(), notes=notes.strip(), held_on=held_on)
    intervention.full_clean(exclude=["case"])
    intervention.save()
    audit_write(actor=actor, instance=intervention, before=None)
    return intervention


@transaction.atomic
def case_follow_up(*, actor, case: Case, outcome: str, evaluated_on: datetime.date | None = None) -> FollowUp:
    """Record or revise the follow-up outcome (step 6, 跟踪问效), which closing requires."""
    _check_record_step(actor, case, CaseStep.FOLLOW_UP)
    evaluated_on = evaluated_on or _today()
    _check_past("evaluated_on", evaluated_on)
    existing = FollowUp.objects.filter(case=case).first()
    before = snapshot(existing)
    follow_up = existing or FollowUp(case=case)
    follow_up.outcome, follow_up.evaluated_on = outcome.strip(), evaluated_on
    follow_up.full_clean(exclude=["case"])
    follow_up.save()
    audit_write(actor=actor, instance=follow_up, before=before)
    return follow_up


# Visits --------------------------------------------------------------------------------------------


def _update_next_visit_due(case: Case, plan: IndividualPlan) -> None:
    """Due = the last visit (or the plan's date when there was none) + the plan's own frequency."""
    last = (
        Visit.objects.filter(case=case).order_by("-visited_on").values_list("visited_on", flat=True).first()
    )
    start = max(last, plan.planned_on) if last else plan.planned_on
    case.next_visit_due = start + datetime.timedelta(days=plan.visit_frequency_days)
    Case.objects.filter(pk=case.pk).update(next_visit_due=case.next_visit_due)


@implements("HZ-15", kind="record")
@transaction.atomic
def visit_log(
    *, actor, case: Case, visited_on: datetime.date | None = None, notes: str = "", worker=None
) -> Visit:
    """Log a home visit; the next visit falls due after the plan's frequency."""
    _check_change(actor, case.household)
    if case.is_closed:
        raise ValidationError(CASE_CLOSED, code="closed")
    plan = IndividualPlan.objects.filter(case=case).first()
    if plan is None:
        raise ValidationError(VISIT_BEFORE_PLAN, code="no_plan")
    visited_on = visited_on or _today()
    _check_past("visited_on", visited_on)
    worker = worker or actor
    visit = Visit.objects.create(case=case, visited_on=visited_on, worker=worker, notes=(notes or "").strip())
    audit_write(actor=actor, instance=visit, before=None)
    _update_next_visit_due(case, plan)
    return visit


@implements("HZ-15", kind="check")
def case_recheck(*, actor, case: Case):
    """Run the case rules (HZ-15 overdue visits) today for the case's village and update the findings."""
    from shegong.policy.scanning import scan

    from .rules import OverdueVisitRule

    _check_change(actor, case.household)
    return scan(within=case.household.division_id, rule_ids=[OverdueVisitRule.spec_id], actor=actor)


# Consent and referrals -----------------------------------------------------------------------------

CONSENT_DATA_REQUIRED = _("Choose what data the consent covers.")
UNKNOWN_SHARED_DATA = _("Unknown kind of data: %(value)s.")
RECIPIENT_REQUIRED = _("Name the department or organisation.")
CONSENT_ENDS_BEFORE_START = _("A consent cannot end before it was given.")
CONSENT_ALREADY_WITHDRAWN = _("This consent was already withdrawn on %(day)s.")
NEED_REQUIRED = _("Describe what the referral asks for.")
REFERRAL_NEEDS_CLIENT = _(
    "Choose the client of the case before sharing data: consent is given by a person, not a household."
)
CONSENT_MISSING = _(
    "No valid consent: %(client)s has not agreed to share %(data)s with “%(recipient)s” on %(day)s. "
    "Record the client's consent first; nothing was sent."
)
REFERRAL_NOT_SENT = _("Only a sent referral can be accepted or rejected; this one is “%(status)s”.")
REFERRAL_NOT_ACCEPTED = _("Only an accepted referral can be marked done; this one is “%(status)s”.")
REJECTION_REASON_REQUIRED = _("Give the reason the referral was rejected.")
OUTCOME_REQUIRED = _("Record the outcome before marking the referral done.")
ANSWER_BEFORE_SENT = _("The date cannot be before the referral was sent (%(day)s).")


def _clean_data_kinds(field: str, values, *, required: bool) -> list[str]:
    cleaned: list[str] = []
    for value in values or []:
        if value not in SharedData.values:
            raise ValidationError({field: UNKNOWN_SHARED_DATA % {"value": value}}, code="unknown_data")
        if value not in cleaned:
            cleaned.append(value)
    if required and not cleaned:
        raise ValidationError({field: CONSENT_DATA_REQUIRED}, code="required")
    return cleaned


@implements("HZ-15", kind="record")
@transaction.atomic
def consent_record(
    *,
    actor,
    member: Member,
    data: list[str],
    recipient: str,
    valid_until: datetime.date,
    given_on: datetime.date | None = None,
) -> Consent:
    """Record a client's consent to share some data with one recipient until a date."""
    _check_change(actor, member.household)
    data = _clean_data_kinds("data", data, required=True)
    recipient = (recipient or "").strip()
    if not recipient:
        raise ValidationError({"recipient": RECIPIENT_REQUIRED}, code="required")
    given_on = given_on or _today()
    _check_past("given_on", given_on)
    if valid_until < given_on:
        raise ValidationError({"valid_until": CONSENT_ENDS_BEFORE_START}, code="ends_before_start")
    consent = Consent.objects.create(
        member=member,
        data=data,
        recipient=recipient,
        given_on=given_on,
        valid_until=valid_until,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_write(actor=actor, instance=consent, before=None)
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent, withdrawn_on: datetime.date | None = None) -> Consent:
    """Record that the client withdrew a consent: no referral may share data under it from that day."""
    consent = Consent.objects.select_for_update().select_related("member__household").get(pk=consent.pk)
    _check_change(actor, consent.member.household)
    if consent.withdrawn_on is not None:
        raise ValidationError(
            CONSENT_ALREADY_WITHDRAWN % {"day": consent.withdrawn_on.isoformat()}, code="withdrawn"
        )
    withdrawn_on = withdrawn_on or _today()
    _check_past("withdrawn_on", withdrawn_on)
    before = snapshot(consent)
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    audit_write(actor=actor, instance=consent, before=before, action=AuditEntry.Action.TRANSITION)
    return consent


def consent_covering(*, member: Member, recipient: str, data: list[str], on: datetime.date) -> Consent | None:
    """The client's consent that covers sharing ``data`` with ``recipient`` on a day, if any."""
    candidates = Consent.objects.filter(
        member=member, recipient=recipient.strip(), given_on__lte=on, valid_until__gte=on
    ).order_by("-valid_until", "-id")
    for consent in candidates:
        if consent.covers(recipient=recipient, data=data, on=on):
            return consent
    return None


@implements("HZ-14", kind="flow")
@transaction.atomic
def referral_send(
    *,
    actor,
    case: Case,
    recipient_kind: str,
    recipient: str,
    need: str,
    shared_data: list[str] | None = None,
    sent_on: datetime.date | None = None,
) -> Referral:
    """Refer the client to a department, organisation or volunteers (step 4, 协调资源).

    Sharing any data needs the client's valid consent for that recipient and every item shared.
    """
    _check_change(actor, case.household)
    if case.is_closed:
        raise ValidationError(CASE_CLOSED, code="closed")
    recipient, need = (recipient or "").strip(), (need or "").strip()
    if not recipient:
        raise ValidationError({"recipient": RECIPIENT_REQUIRED}, code="required")
    if not need:
        raise ValidationError({"need": NEED_REQUIRED}, code="required")
    shared = _clean_data_kinds("shared_data", shared_data, required=False)
    sent_on = sent_on or _today()
    _check_past("sent_on", sent_on)
    consent = None
    if shared:
        if case.client_id is None:
            raise ValidationError({"shared_data": REFERRAL_NEEDS_CLIENT}, code="no_client")
        consent = consent_covering(member=case.client, recipient=recipient, data=shared, on=sent_on)
        if consent is None:
            raise ValidationError(
                {
                    "shared_data": CONSENT_MISSING
                    % {
                        "client": case.client.name,
                        "data": "、".join(str(SharedData(d).label) for d in shared),
                        "recipient": recipient,
                        "day": sent_on.isoformat(),
                    }
                },
                code="no_consent",
            )
    referral = Referral(
        case=case,
        recipient_kind=recipient_kind,
        recipient=recipient,
        need=need,
        shared_data=shared,
        consent=consent,
        status=ReferralStatus.SENT,
        sent_on=sent_on,
        sent_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    referral.full_clean(exclude=["case", "consent", "sent_by"])
    referral.save()
    audit_write(actor=actor, instance=referral, before=None)
    return referral


def _locked_referral(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().select_related("case__household").get(pk=referral.pk)


def _check_answer_date(referral: Referral, field: str, day: datetime.date) -> None:
    _check_past(field, day)
    if day < referral.sent_on:
        raise ValidationError(
            {field: ANSWER_BEFORE_SENT % {"day": referral.sent_on.isoformat()}}, code="early"
        )


@transaction.atomic
def referral_answer(
    *, actor, referral: Referral, accepted: bool, reason: str = "", answered_on: datetime.date | None = None
) -> Referral:
    """Record the recipient's answer: accepted, or rejected with a reason."""
    referral = _locked_referral(referral)
    _check_change(actor, referral.case.household)
    if referral.status != ReferralStatus.SENT:
        raise ValidationError(
            REFERRAL_NOT_SENT % {"status": ReferralStatus(referral.status).label}, code="wrong_status"
        )
    reason = (reason or "").strip()
    if not accepted and not reason:
        raise ValidationError({"reason": REJECTION_REASON_REQUIRED}, code="required")
    answered_on = answered_on or _today()
    _check_answer_date(referral, "answered_on", answered_on)
    before = snapshot(referral)
    referral.status = ReferralStatus.ACCEPTED if accepted else ReferralStatus.REJECTED
    referral.answered_on = answered_on
    referral.rejection_reason = "" if accepted else reason
    referral.save(update_fields=["status", "answered_on", "rejection_reason", "updated_at"])
    audit_write(actor=actor, instance=referral, before=before, action=AuditEntry.Action.TRANSITION)
    return referral


@transaction.atomic
def referral_close(
    *, actor, referral: Referral, outcome: str, closed_on: datetime.date | None = None
) -> Referral:
    """Mark an accepted referral done; the outcome is required."""
    referral = _locked_referral(referral)
    _check_change(actor, referral.case.household)
    if referral.status != ReferralStatus.ACCEPTED:
        raise ValidationError(
            REFERRAL_NOT_ACCEPTED % {"status": ReferralStatus(referral.status).label}, code="wrong_status"
        )
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": OUTCOME_REQUIRED}, code="required")
    closed_on = closed_on or _today()
    _check_answer_date(referral, "closed_on", closed_on)
    before = snapshot(referral)
    referral.status, referral.outcome, referral.closed_on = ReferralStatus.DONE, outcome, closed_on
    referral.save(update_fields=["status", "outcome", "closed_on", "updated_at"])
    audit_write(actor=actor, instance=referral, before=before, action=AuditEntry.Action.TRANSITION)
    return referral


# Service windows (HZ-13) and five-party linkage (HZ-16) ----------------------------------------------

NOT_WINDOW_STAFF = _("Only civil-affairs officers and social workers may record walk-in requests.")
STATION_OUTSIDE_REACH = _("The station is outside your jurisdiction.")
VISITOR_REQUIRED = _("Enter who came to the window.")
MATTER_REQUIRED = _("Describe what the visitor asks for.")
HOUSEHOLD_NOT_IN_REACH = _("The household file is not one you may link.")
REQUEST_CLOSED = _("This request was already handled or transferred; it can no longer change.")
ALREADY_NOTIFIED = _(
    "The visitor was already told on %(day)s what is missing: a one-time notification is given only once."
)
MISSING_ITEMS_REQUIRED = _("List everything that is missing, all at once.")
TRANSFER_TO_REQUIRED = _("Name the office the request is transferred to.")
REQUEST_OUTCOME_REQUIRED = _("Record how the request was handled.")
DATE_BEFORE_RECEIVED = _("The date cannot be before the request was received (%(day)s).")
NO_HANDLING_DAYS = _("No handling time limit is in force for this station on this day (%(reason)s).")
PARTIES_TOO_FEW = _("A five-party linkage brings parties together: choose at least two.")
UNKNOWN_PARTY = _("Unknown party: %(value)s.")
PARTICIPANTS_REQUIRED = _("Name who took part.")
CONTRIBUTION_REQUIRED = _("Describe what each party brought.")


def handling_days(*, on: datetime.date, division_code: str):
    """HZ-13: days a window has to handle a request received on ``on`` (dated; a platform default)."""
    from shegong.policy.library import load_library

    return load_library().parameter("HZ", "window_handling_days").value_on(on, division_code)


def can_record_walk_in(user) -> bool:
    return can_use_case_files(user)


def _check_request_open(request_row) -> None:
    if not request_row.is_open:
        raise ValidationError(REQUEST_CLOSED, code="closed")


def _check_not_before(field: str, day: datetime.date, received_on: datetime.date) -> None:
    _check_past(field, day)
    if day < received_on:
        raise ValidationError({field: DATE_BEFORE_RECEIVED % {"day": received_on.isoformat()}}, code="before")


@implements("HZ-13", kind="flow")
@transaction.atomic
def walk_in_receive(
    *,
    actor,
    station,
    visitor: str,
    matter: str,
    received_on: datetime.date | None = None,
    household: Household | None = None,
):
    """Log a walk-in request; the person who receives it is its first-contact person (首问负责)."""
    from .models import WalkInRequest

    if not can_record_walk_in(actor):
        raise PermissionDenied(NOT_WINDOW_STAFF)
    reach = reach_code(actor)
    if not actor.is_system_admin and (reach is None or not station.division.is_within(reach)):
        raise ValidationError({"station": STATION_OUTSIDE_REACH}, code="station_outside")
    visitor, matter = (visitor or "").strip(), (matter or "").strip()
    if not visitor:
        raise ValidationError({"visitor": VISITOR_REQUIRED}, code="required")
    if not matter:
        raise ValidationError({"matter": MATTER_REQUIRED}, code="required")
    if household is not None and not _in_reach(actor, household):
        raise ValidationError({"household": HOUSEHOLD_NOT_IN_REACH}, code="household_outside")
    received_on = received_on or _today()
    _check_past("received_on", received_on)
    days = handling_days(on=received_on, division_code=station.division_id)
    if not days:
        raise ValidationError({"received_on": NO_HANDLING_DAYS % {"reason": str(days)}}, code="no_limit")
    row = WalkInRequest.objects.create(
        station=station,
        received_on=received_on,
        received_by=actor,
        visitor=visitor,
        matter=matter,
        household=household,
        due_on=received_on + datetime.timedelta(days=int(days.value)),
    )
    audit_write(actor=actor, instance=row, before=None)
    return row


@transaction.atomic
def walk_in_notify_missing(
    *, actor, request_row, missing_items: str, notified_on: datetime.date | None = None
):
    """Tell the visitor once, in full, what is missing (一次性告知); a second notification is refused."""
    _check_request_open(request_row)
    if request_row.notified_on is not None:
        raise ValidationError(
            {"missing_items": ALREADY_NOTIFIED % {"day": request_row.notified_on.isoformat()}},
            code="already_notified",
        )
    missing_items = (missing_items or "").strip()
    if not missing_items:
        raise ValidationError({"missing_items": MISSING_ITEMS_REQUIRED}, code="required")
    notified_on = notified_on or _today()
    _check_not_before("notified_on", notified_on, request_row.received_on)
    before = snapshot(request_row)
    request_row.missing_items, request_row.notified_on = missing_items, notified_on
    request_row.save(update_fields=["missing_items", "notified_on", "updated_at"])
    audit_write(actor=actor, instance=request_row, before=before)
    return request_row


@transaction.atomic
def walk_in_transfer(*, actor, request_row, transferred_to: str, transferred_on: datetime.date | None = None):
    """Transfer a request to the office it belongs to (分办转办); it leaves the window's open list."""
    _check_request_open(request_row)
    transferred_to = (transferred_to or "").strip()
    if not transferred_to:
        raise ValidationError({"transferred_to": TRANSFER_TO_REQUIRED}, code="required")
    transferred_on = transferred_on or _today()
    _check_not_before("transferred_on", transferred_on, request_row.received_on)
    before = snapshot(request_row)
    request_row.transferred_to, request_row.transferred_on = transferred_to, transferred_on
    request_row.save(update_fields=["transferred_to", "transferred_on", "updated_at"])
    audit_write(actor=actor, instance=request_row, before=before)
    return request_row


@transaction.atomic
def walk_in_close(*, actor, request_row, outcome: str, done_on: datetime.date | None = None):
    """Record how the request was handled (限时办理: late when ``done_on`` is after ``due_on``)."""
    _check_request_open(request_row)
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": REQUEST_OUTCOME_REQUIRED}, code="required")
    done_on = done_on or _today()
    _check_not_before("done_on", done_on, request_row.received_on)
    before = snapshot(request_row)
    request_row.outcome, request_row.done_on = outcome, done_on
    request_row.save(update_fields=["outcome", "done_on", "updated_at"])
    audit_write(actor=actor, instance=request_row, before=before)
    return request_row


@implements("HZ-16", kind="record")
@transaction.atomic
def case_record_linkage(
    *, actor, case: Case, parties: list[str], participants: str, contribution: str, held_on=None
):
    """Record a five-party linkage (五社联动) around a case: the parties, who took part, what each brought."""
    from .models import LinkageParty, LinkageRecord

    _check_change(actor, case.household)
    if case.is_closed:
        raise ValidationError(CASE_CLOSED, code="closed")
    cleaned: list[str] = []
    for value in parties or []:
        if value not in LinkageParty.values:
            raise ValidationError({"parties": UNKNOWN_PARTY % {"value": value}}, code="unknown_party")
        if value not in cleaned:
            cleaned.append(value)
    if len(cleaned) < 2:
        raise ValidationError({"parties": PARTIES_TOO_FEW}, code="too_few")
    participants, contribution = (participants or "").strip(), (contribution or "").strip()
    if not participants:
        raise ValidationError({"participants": PARTICIPANTS_REQUIRED}, code="required")
    if not contribution:
        raise ValidationError({"contribution": CONTRIBUTION_REQUIRED}, code="required")
    held_on = held_on or _today()
    _check_past("held_on", held_on)
    record = LinkageRecord.objects.create(
        case=case,
        held_on=held_on,
        parties=[p for p in LinkageParty.values if p in cleaned],
        participants=participants,
        contribution=contribution,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_write(actor=actor, instance=record, before=None)
    return record


# Minors' files: named officers -----------------------------------------------------------------------

NAMED_NOT_OFFICER = _("Only civil-affairs officers whose jurisdiction covers the household can be named.")


@transaction.atomic
def household_name_officers(*, actor, household: Household, officers) -> Household:
    """Name the officers who may see the household's file while a member is a minor (issue 8, privacy)."""
    _check_change(actor, household)
    officers = list(officers)
    for officer in officers:
        if officer.role not in OFFICER_ROLES or not (
            officer.division_id and household.division.is_within(officer.division_id)
        ):
            raise ValidationError({"officers": NAMED_NOT_OFFICER}, code="not_officer")
    before = {"named_officers": sorted(household.named_officers.values_list("pk", flat=True))}
    household.named_officers.set(officers)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        object_type="cases.household",
        instance=household,
        before=before,
        after={"named_officers": sorted(o.pk for o in officers)},
    )
    return household


# Client file PDF export ------------------------------------------------------------------------------

EXPORT_REASON_REQUIRED = _("Give the reason for exporting the client file.")


def household_export_file(*, viewer, household: Household, reason: str) -> dict:
    """The client file for its PDF (ID numbers masked, no health notes); the export is logged with the reason."""
    if not can_open_full_file(viewer, household):
        raise PermissionDenied(FULL_FILE_NOT_ALLOWED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": EXPORT_REASON_REQUIRED}, code="reason_required")
    audit_record(actor=viewer, action=AuditEntry.Action.EXPORT, instance=household, reason=reason)
    return {
        "household": household,
        "members": list(
            Member.objects.filter(household=household)
            .defer("id_number", "health_notes")
            .order_by("birth_date", "id")
        ),
        "cases": list(
            Case.objects.filter(household=household).select_related("client").order_by("-opened_on")
        ),
    }
