"""Writes of recruitment: postings, applications through the pipeline, hires, the talent pool, volunteers.

Who may write: system administrators; civil-affairs officers for postings and volunteers inside their
jurisdiction; an organisation's administrator for the postings of their own organisation. A hire
creates the employment record through :func:`shegong.workforce.services.employment_add`.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.accounts.models import OFFICER_ROLES, Role
from shegong.accounts.scoping import scope_queryset
from shegong.common.audit import audit_write, snapshot
from shegong.policy.coverage import implements
from shegong.policy.library import load_library
from shegong.workforce import pay
from shegong.workforce import services as workforce_services
from shegong.workforce.models import FilingState, Practitioner

from .models import (
    Activity,
    Application,
    ApplicationSource,
    ApplicationStep,
    CaseAssistance,
    Objection,
    ObjectionOutcome,
    Pairing,
    Participation,
    Posting,
    PostingState,
    Stage,
    TalentPoolEntry,
    Volunteer,
)

NOT_ALLOWED = _("Your role may not change the recruitment of this employer.")
NOT_ALLOWED_VOLUNTEERS = _("Only civil-affairs officers of the jurisdiction may change volunteer records.")
NOT_ALLOWED_CASE = _("Only the case's social worker and officers of its jurisdiction may record assistance.")
PROJECT_OR_STATION = _("Choose either a purchased project or a station.")
EMPLOYER_REQUIRED = _("Choose the employer: the project or the station has no provider.")
DIVISION_OUTSIDE = _("The project or station is outside your jurisdiction.")
NOT_YOUR_ORGANIZATION = _("You may publish postings only for your own organisation.")
DATE_IN_FUTURE = _("The date cannot be in the future.")
CLOSES_BEFORE_OPENING = _("Applications cannot close before they open.")
PAY_RANGE = _("The upper end of the pay cannot be below the lower end.")
REQUIREMENTS_REQUIRED = _("Describe the requirements of the post.")
ALREADY_PUBLISHED = _("This posting is already published.")
NOT_PUBLISHED = _("Only a published posting takes applications.")
OUTSIDE_APPLICATION_PERIOD = _("Applications for this posting are taken from %(opens)s to %(closes)s.")
ALREADY_CANDIDATE = _("This practitioner is already a candidate for this posting.")
HIRE_NEEDS_FILING = _(
    "Only filed practitioners can be hired through the recruitment platform (clause (五) of the Shenzhen "
    "measures, SZ-05; registration before practising, clause 二(三)3 of the Sanming measures, SM-08); this "
    "practitioner's filing is “%(state)s”."
)
STAGE_NOT_ALLOWED = _("An application at the stage “%(current)s” cannot move to “%(target)s”.")
SCORE_REQUIRED = _("Enter the score of the %(stage)s (0 to 100).")
MEDICAL_REQUIRED = _("Record whether the candidate passed the medical examination.")
MEDICAL_FAILED = _("A candidate who did not pass the medical examination cannot be put on public notice.")
NOTICE_NOT_OVER = _(
    "The public notice of this candidate runs until %(date)s (%(days)s days, clause 五(二)四 of the "
    "Huizhou “double hundred” plan, HZ-11); the hire is possible from the day after."
)
OBJECTION_PENDING = _("An objection to this candidate is still being examined; decide it before the hire.")
OBJECTION_SUSTAINED = _("An objection to this candidate was sustained: the candidate cannot be hired.")
NEEDS_NOTICE = _(
    "A unified recruitment hires only after the written exam, interview, medical examination and public "
    "notice (HZ-11); this candidate is at the stage “%(stage)s”."
)
INVITATION_NOT_ACCEPTED = _(
    "The practitioner has not accepted the invitation yet: two-way selection needs both sides (SM-12)."
)
NOT_INVITED = _("Only an invitation from the talent pool is accepted this way.")
APPLICATION_CLOSED = _("This application is closed.")
OBJECTION_ONLY_DURING_NOTICE = _("Objections are taken during the public notice, from %(start)s to %(end)s.")
OBJECTION_DECIDED = _("This objection is already decided.")
OUTCOME_REQUIRED = _("Choose the outcome of the objection.")
SUMMARY_REQUIRED = _("Describe the objection.")
NO_NOTICE_PERIOD = _("No public notice period is in force on %(date)s.")
PRIVATE_DATA = _("Do not enter ID numbers or phone numbers.")
SUMMARY_OF_SKILLS_REQUIRED = _("Describe the practitioner's experience and skills.")
ALREADY_IN_POOL = _("This practitioner is already in the talent pool.")
NOT_IN_POOL = _("This practitioner is not in the talent pool.")
PAIRING_NEEDS_FILING = _("A volunteer can be paired only with a filed social worker (SM-14).")
ALREADY_PAIRED = _("This volunteer is already paired with this social worker.")
ALREADY_PARTICIPATED = _("This volunteer is already recorded for this activity.")
HOURS_RANGE = _("The hours must be more than 0 and at most 24.")
NAME_REQUIRED = _("Enter the name.")
DESCRIPTION_REQUIRED = _("Describe what the volunteer did.")
PRACTITIONER_OUTSIDE = _("The social worker is outside your jurisdiction.")

UNIFIED_ORDER = (Stage.APPLIED, Stage.WRITTEN_EXAM, Stage.INTERVIEW, Stage.MEDICAL, Stage.NOTICE)
SELECTION_ORDER = (Stage.APPLIED, Stage.INTERVIEW)
OPEN_STAGES = frozenset(UNIFIED_ORDER)
SCORE_OF = {Stage.WRITTEN_EXAM: "written_score", Stage.INTERVIEW: "interview_score"}
_PRIVATE_NUMBER = re.compile(r"\d{11,}|\d{14}[\dXx]")


def _today() -> datetime.date:
    return timezone.localdate()


def _check_past(field: str, value: datetime.date | None) -> None:
    if value is not None and value > _today():
        raise ValidationError({field: DATE_IN_FUTURE}, code="date_in_future")


def _is_officer(actor) -> bool:
    return actor.is_system_admin or actor.role in OFFICER_ROLES


def _within(actor, division_code: str) -> bool:
    return actor.is_system_admin or bool(actor.division_id and division_code.startswith(actor.division_id))


def can_manage_posting(actor, posting: Posting) -> bool:
    """Officers of the posting's division and the administrators of its employer."""
    if actor is None:
        return True
    if actor.is_system_admin:
        return True
    if actor.role in OFFICER_ROLES:
        return _within(actor, posting.division_id)
    return actor.role == Role.ORG_ADMIN and actor.organization_id == posting.employer_id


def _check_posting(actor, posting: Posting) -> None:
    if not can_manage_posting(actor, posting):
        raise PermissionDenied(NOT_ALLOWED)


def _check_officer_within(actor, division_code: str, message=NOT_ALLOWED_VOLUNTEERS) -> None:
    if actor is None:
        return
    if not (_is_officer(actor) and _within(actor, division_code)):
        raise PermissionDenied(message)


def notice_days(on: datetime.date, division_code: str):
    """HZ-11: the number of days of the public notice in force on ``on`` (a dated parameter, or NoValue)."""
    return load_library().parameter("HZ", "recruitment_notice_days").value_on(on, division_code)


def unified_by_default(division_code: str) -> bool:
    """Huizhou's openings go through the unified recruitment (HZ-11)."""
    return load_library().document("HZ").covers(division_code)


# Postings ------------------------------------------------------------------------------------------


@implements("SZ-05", kind="flow")
@transaction.atomic
def posting_create(
    *,
    actor,
    title: str,
    rank: str,
    domain: str,
    requirements: str,
    pay_min: Decimal,
    pay_max: Decimal,
    opens_on: datetime.date,
    closes_on: datetime.date,
    openings: int = 1,
    project=None,
    station=None,
    employer=None,
    unified: bool | None = None,
) -> Posting:
    """Record an opening of a purchased project or a station (a draft until published)."""
    if (project is None) == (station is None):
        raise ValidationError({"project": PROJECT_OR_STATION}, code="project_or_station")
    division = project.purchaser_division if project is not None else station.division
    employer = employer or (project.provider if project is not None else station.provider)
    if employer is None:
        raise ValidationError({"employer": EMPLOYER_REQUIRED}, code="employer_required")
    if actor is not None and not actor.is_system_admin:
        if actor.role in OFFICER_ROLES:
            if not _within(actor, division.code):
                raise ValidationError({"project": DIVISION_OUTSIDE}, code="division_outside")
        elif actor.role == Role.ORG_ADMIN:
            if employer.pk != actor.organization_id:
                raise ValidationError({"employer": NOT_YOUR_ORGANIZATION}, code="not_your_organization")
        else:
            raise PermissionDenied(NOT_ALLOWED)
    requirements = (requirements or "").strip()
    if not requirements:
        raise ValidationError({"requirements": REQUIREMENTS_REQUIRED}, code="required")
    _check_public_text("requirements", requirements)  # the job board is public
    if closes_on < opens_on:
        raise ValidationError({"closes_on": CLOSES_BEFORE_OPENING}, code="closes_before_opening")
    if pay_max < pay_min:
        raise ValidationError({"pay_max": PAY_RANGE}, code="pay_range")
    posting = Posting(
        title=(title or "").strip(),
        rank=rank,
        domain=domain,
        project=project,
        station=station,
        employer=employer,
        division=division,
        openings=openings,
        requirements=requirements,
        pay_min=pay_min,
        pay_max=pay_max,
        opens_on=opens_on,
        closes_on=closes_on,
        unified=unified_by_default(division.code) if unified is None else unified,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    posting.full_clean()
    posting.save()
    audit_write(actor=actor, instance=posting, before=None)
    return posting


@implements("SZ-05", kind="flow")
@transaction.atomic
def posting_publish(*, actor, posting: Posting, published_on: datetime.date | None = None) -> Posting:
    """Publish a posting on the platform's job board with the salary guide's pay of its rank (SM-12)."""
    _check_posting(actor, posting)
    if posting.state != PostingState.DRAFT:
        raise ValidationError({"state": ALREADY_PUBLISHED}, code="already_published")
    published_on = published_on or _today()
    _check_past("published_on", published_on)
    before = snapshot(posting)
    posting.state, posting.published_on = PostingState.PUBLISHED, published_on
    posting.guide_monthly_pay = pay.guide_monthly_pay(
        division_code=posting.division_id, on=published_on, rank=posting.rank, domain=posting.domain
    )
    posting.save(update_fields=["state", "published_on", "guide_monthly_pay", "updated_at"])
    audit_write(actor=actor, instance=posting, before=before)
    return posting


@transaction.atomic
def posting_close(*, actor, posting: Posting) -> Posting:
    """Take a posting off the job board; its candidates keep their stages."""
    _check_posting(actor, posting)
    before = snapshot(posting)
    posting.state = PostingState.CLOSED
    posting.save(update_fields=["state", "updated_at"])
    audit_write(actor=actor, instance=posting, before=before)
    return posting


# Applications and the pipeline ---------------------------------------------------------------------


def _step(actor, application: Application, from_stage: str, to_stage: str, on, note: str = "") -> None:
    ApplicationStep.objects.create(
        application=application,
        from_stage=from_stage,
        to_stage=to_stage,
        taken_on=on,
        note=(note or "")[:500],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


@implements("SM-12", kind="flow")
@transaction.atomic
def application_add(
    *,
    actor,
    posting: Posting,
    practitioner: Practitioner,
    applied_on: datetime.date,
    source: str = ApplicationSource.APPLIED,
) -> Application:
    """Record a candidacy: the practitioner applied, or the employer invited them from the talent pool."""
    _check_posting(actor, posting)
    _check_past("applied_on", applied_on)
    if posting.state != PostingState.PUBLISHED:
        raise ValidationError({"posting": NOT_PUBLISHED}, code="not_published")
    if not posting.opens_on <= applied_on <= posting.closes_on:
        raise ValidationError(
            {
                "applied_on": OUTSIDE_APPLICATION_PERIOD
                % {"opens": posting.opens_on.isoformat(), "closes": posting.closes_on.isoformat()}
            },
            code="outside_period",
        )
    if Application.objects.filter(posting=posting, practitioner=practitioner).exists():
        raise ValidationError({"practitioner": ALREADY_CANDIDATE}, code="already_candidate")
    application = Application.objects.create(
        posting=posting, practitioner=practitioner, applied_on=applied_on, source=source
    )
    audit_write(actor=actor, instance=application, before=None)
    return application


@transaction.atomic
def application_accept_invitation(
    *, actor, application: Application, accepted_on: datetime.date
) -> Application:
    """Record that the practitioner accepted the employer's invitation (two-way selection, SM-12)."""
    _check_posting(actor, application.posting)
    if application.source != ApplicationSource.INVITED:
        raise ValidationError({"accepted_on": NOT_INVITED}, code="not_invited")
    _check_past("accepted_on", accepted_on)
    before = snapshot(application)
    application.accepted_on = accepted_on
    application.save(update_fields=["accepted_on", "updated_at"])
    audit_write(actor=actor, instance=application, before=before)
    return application


def next_stages(application: Application) -> tuple[str, ...]:
    """The stage the application may move to next (empty when it is at the end of its pipeline)."""
    order = UNIFIED_ORDER if application.posting.unified else SELECTION_ORDER
    if application.stage not in order:
        return ()
    position = order.index(application.stage)
    return order[position + 1 : position + 2]


def _score(stage: str, score) -> Decimal:
    if score is None or not (0 <= Decimal(score) <= 100):
        raise ValidationError(
            {"score": SCORE_REQUIRED % {"stage": Stage(stage).label}}, code="score_required"
        )
    return Decimal(score)


@implements("HZ-11", kind="flow")
@transaction.atomic
def application_advance(
    *,
    actor,
    application: Application,
    to_stage: str,
    taken_on: datetime.date,
    score: Decimal | None = None,
    medical_passed: bool | None = None,
    note: str = "",
) -> Application:
    """Move a candidate to the next stage, recording the score of the stage it leaves.

    Leaving the written exam or the interview needs its score (0–100); leaving the medical examination
    needs its result; entering the public notice (公示) fixes its period from the dated parameter.
    """
    posting = application.posting
    _check_posting(actor, posting)
    _check_past("taken_on", taken_on)
    current = application.stage
    if to_stage not in next_stages(application):
        raise ValidationError(
            {
                "to_stage": STAGE_NOT_ALLOWED
                % {"current": Stage(current).label, "target": Stage(to_stage).label}
            },
            code="stage_not_allowed",
        )
    before = snapshot(application)
    fields = ["stage", "updated_at"]
    if current in SCORE_OF:
        setattr(application, SCORE_OF[current], _score(current, score))
        fields.append(SCORE_OF[current])
    if current == Stage.MEDICAL:
        if medical_passed is None:
            raise ValidationError({"medical_passed": MEDICAL_REQUIRED}, code="medical_required")
        if not medical_passed:
            raise ValidationError({"medical_passed": MEDICAL_FAILED}, code="medical_failed")
        application.medical_passed = True
        fields.append("medical_passed")
    if to_stage == Stage.NOTICE:
        days = notice_days(taken_on, posting.division_id)
        if not days:
            raise ValidationError(
                {"taken_on": NO_NOTICE_PERIOD % {"date": taken_on.isoformat()}}, code="no_notice_period"
            )
        application.notice_starts_on = taken_on
        application.notice_ends_on = taken_on + datetime.timedelta(days=days.value - 1)
        application.notice_clause = f"HZ {days.clause}"
        fields += ["notice_starts_on", "notice_ends_on", "notice_clause"]
    application.stage = to_stage
    application.save(update_fields=fields)
    _step(actor, application, current, to_stage, taken_on, note)
    audit_write(actor=actor, instance=application, before=before)
    return application


@transaction.atomic
def application_reject(
    *, actor, application: Application, taken_on: datetime.date, note: str = ""
) -> Application:
    """End a candidacy: the candidate was not selected at this stage."""
    _check_posting(actor, application.posting)
    _check_past("taken_on", taken_on)
    if application.stage not in OPEN_STAGES:
        raise ValidationError({"stage": APPLICATION_CLOSED}, code="application_closed")
    before = snapshot(application)
    current, application.stage = application.stage, Stage.REJECTED
    application.save(update_fields=["stage", "updated_at"])
    _step(actor, application, current, Stage.REJECTED, taken_on, note)
    audit_write(actor=actor, instance=application, before=before)
    return application


def hire_refusal(application: Application, hired_on: datetime.date) -> str | None:
    """Why ``application`` cannot be hired on ``hired_on`` (SZ-05, SM-08, HZ-11, SM-12), or None."""
    practitioner = application.practitioner
    if practitioner.filing_state != FilingState.FILED:
        return str(HIRE_NEEDS_FILING % {"state": FilingState(practitioner.filing_state).label})
    if application.stage not in OPEN_STAGES:
        return str(APPLICATION_CLOSED)
    if application.source == ApplicationSource.INVITED and application.accepted_on is None:
        return str(INVITATION_NOT_ACCEPTED)
    if application.posting.unified:
        if application.stage != Stage.NOTICE:
            return str(NEEDS_NOTICE % {"stage": Stage(application.stage).label})
        if hired_on <= application.notice_ends_on:
            days = (application.notice_ends_on - application.notice_starts_on).days + 1
            return str(NOTICE_NOT_OVER % {"date": application.notice_ends_on.isoformat(), "days": days})
        outcomes = set(application.objections.values_list("outcome", flat=True))
        if ObjectionOutcome.SUSTAINED in outcomes:
            return str(OBJECTION_SUSTAINED)
        if ObjectionOutcome.PENDING in outcomes:
            return str(OBJECTION_PENDING)
    return None


@implements("SZ-05", kind="flow")
@implements("HZ-11", kind="flow")
@transaction.atomic
def application_hire(
    *, actor, application: Application, hired_on: datetime.date, note: str = ""
) -> Application:
    """Hire the candidate (录用): refused unless filed, and for a unified recruitment until the notice ended
    without a sustained or open objection; the employment is recorded by the workforce service."""
    posting = application.posting
    _check_posting(actor, posting)
    _check_past("hired_on", hired_on)
    refusal = hire_refusal(application, hired_on)
    if refusal:
        raise ValidationError({"hired_on": refusal}, code="hire_refused")
    practitioner = application.practitioner
    contract_signed_on = (
        posting.project.contract_signed_on
        if posting.project_id
        else posting.station.service_contract_signed_on
    )
    # The employer's administrator hires a practitioner who does not work for them yet: the workforce
    # service lets only its own staff's records be changed by them, so the platform writes the employment
    # after the employer's right was checked above, and this service audits the hire under the actor.
    workforce_actor = actor if workforce_services.can_change(actor, practitioner) else None
    try:
        employment = workforce_services.employment_add(
            actor=workforce_actor,
            practitioner=practitioner,
            organization=posting.employer,
            post=posting.title,
            starts_on=hired_on,
            contract_signed_on=contract_signed_on,
        )
    except ValidationError as exc:
        raise ValidationError({"hired_on": [m for ms in exc.message_dict.values() for m in ms]}) from exc
    before = snapshot(application)
    current = application.stage
    application.stage, application.hired_on, application.employment = Stage.HIRED, hired_on, employment
    application.save(update_fields=["stage", "hired_on", "employment", "updated_at"])
    _step(actor, application, current, Stage.HIRED, hired_on, note)
    audit_write(actor=actor, instance=application, before=before)
    return application


@transaction.atomic
def objection_file(*, actor, application: Application, received_on: datetime.date, summary: str) -> Objection:
    """Record an objection (异议) to a candidate received during the public notice (HZ-11)."""
    _check_posting(actor, application.posting)
    _check_past("received_on", received_on)
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": SUMMARY_REQUIRED}, code="required")
    start, end = application.notice_starts_on, application.notice_ends_on
    if application.stage != Stage.NOTICE or not start <= received_on <= end:
        raise ValidationError(
            {
                "received_on": OBJECTION_ONLY_DURING_NOTICE
                % {"start": start.isoformat() if start else "—", "end": end.isoformat() if end else "—"}
            },
            code="outside_notice",
        )
    objection = Objection.objects.create(application=application, received_on=received_on, summary=summary)
    audit_write(actor=actor, instance=objection, before=None)
    return objection


@transaction.atomic
def objection_decide(
    *, actor, objection: Objection, outcome: str, decided_on: datetime.date, outcome_note: str = ""
) -> Objection:
    """Decide an objection: sustained (the candidate is not hired) or dismissed. Officers only."""
    posting = objection.application.posting
    _check_officer_within(actor, posting.division_id, NOT_ALLOWED)
    if objection.outcome != ObjectionOutcome.PENDING:
        raise ValidationError({"outcome": OBJECTION_DECIDED}, code="decided")
    if outcome not in (ObjectionOutcome.SUSTAINED, ObjectionOutcome.DISMISSED):
        raise ValidationError({"outcome": OUTCOME_REQUIRED}, code="outcome_required")
    _check_past("decided_on", decided_on)
    before = snapshot(objection)
    objection.outcome, objection.decided_on = outcome, decided_on
    objection.outcome_note = (outcome_note or "").strip()
    objection.save(update_fields=["outcome", "decided_on", "outcome_note", "updated_at"])
    audit_write(actor=actor, instance=objection, before=before)
    return objection


# Talent pool (人才库, SM-12) --------------------------------------------------------------------------


def _check_public_text(field: str, text: str) -> None:
    if _PRIVATE_NUMBER.search(text):
        raise ValidationError({field: PRIVATE_DATA}, code="private_data")


@implements("SM-12", kind="flow")
@transaction.atomic
def talent_pool_join(
    *,
    actor,
    practitioner: Practitioner,
    summary: str,
    joined_on: datetime.date,
    domain: str = "",
    rank: str = "",
) -> TalentPoolEntry:
    """Put a practitioner who opted in into the talent pool, searchable by officers and organisations."""
    if not workforce_services.can_change(actor, practitioner):
        raise PermissionDenied(workforce_services.NOT_ALLOWED)
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": SUMMARY_OF_SKILLS_REQUIRED}, code="required")
    _check_public_text("summary", summary)
    _check_past("joined_on", joined_on)
    entry = TalentPoolEntry.objects.filter(practitioner=practitioner).first()
    if entry is not None and entry.left_on is None:
        raise ValidationError({"practitioner": ALREADY_IN_POOL}, code="already_in_pool")
    before = snapshot(entry)
    entry = entry or TalentPoolEntry(practitioner=practitioner)
    entry.summary, entry.joined_on, entry.domain, entry.rank, entry.left_on = (
        summary,
        joined_on,
        domain,
        rank,
        None,
    )
    entry.full_clean()
    entry.save()
    audit_write(actor=actor, instance=entry, before=before)
    return entry


@transaction.atomic
def talent_pool_leave(*, actor, entry: TalentPoolEntry, left_on: datetime.date) -> TalentPoolEntry:
    """Take a practitioner out of the talent pool at their request."""
    if not workforce_services.can_change(actor, entry.practitioner):
        raise PermissionDenied(workforce_services.NOT_ALLOWED)
    if entry.left_on is not None:
        raise ValidationError({"practitioner": NOT_IN_POOL}, code="not_in_pool")
    before = snapshot(entry)
    entry.left_on = left_on
    entry.save(update_fields=["left_on", "updated_at"])
    audit_write(actor=actor, instance=entry, before=before)
    return entry


# Volunteers (SM-14) --------------------------------------------------------------------------------


def _hours(hours) -> Decimal:
    hours = Decimal(hours)
    if not (0 < hours <= 24):
        raise ValidationError({"hours": HOURS_RANGE}, code="hours_range")
    return hours


@implements("SM-14", kind="flow")
@transaction.atomic
def volunteer_register(
    *, actor, name: str, division, registered_on: datetime.date, phone: str = "", skills: str = ""
) -> Volunteer:
    """Register a volunteer of a division with their skills."""
    _check_officer_within(actor, division.code)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": NAME_REQUIRED}, code="required")
    _check_past("registered_on", registered_on)
    volunteer = Volunteer(
        name=name,
        division=division,
        registered_on=registered_on,
        phone=(phone or "").strip(),
        skills=(skills or "").strip(),
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    volunteer.full_clean()
    volunteer.save()
    audit_write(actor=actor, instance=volunteer, before=None)
    return volunteer


@implements("SM-14", kind="flow")
@transaction.atomic
def volunteer_pair(
    *, actor, volunteer: Volunteer, practitioner: Practitioner, starts_on: datetime.date
) -> Pairing:
    """Pair a volunteer with a filed social worker who guides them (社工引领志愿者)."""
    _check_officer_within(actor, volunteer.division_id)
    if actor is not None and not _within(actor, practitioner.division_id):
        raise ValidationError({"practitioner": PRACTITIONER_OUTSIDE}, code="practitioner_outside")
    if practitioner.filing_state != FilingState.FILED:
        raise ValidationError({"practitioner": PAIRING_NEEDS_FILING}, code="pairing_needs_filing")
    _check_past("starts_on", starts_on)
    if Pairing.objects.filter(volunteer=volunteer, practitioner=practitioner, ends_on__isnull=True).exists():
        raise ValidationError({"practitioner": ALREADY_PAIRED}, code="already_paired")
    pairing = Pairing.objects.create(volunteer=volunteer, practitioner=practitioner, starts_on=starts_on)
    audit_write(actor=actor, instance=pairing, before=None)
    return pairing


@transaction.atomic
def activity_record(
    *, actor, title: str, held_on: datetime.date, division, description: str = ""
) -> Activity:
    """Record a volunteer activity of a division."""
    _check_officer_within(actor, division.code)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": NAME_REQUIRED}, code="required")
    _check_past("held_on", held_on)
    activity = Activity.objects.create(
        title=title, held_on=held_on, division=division, description=(description or "").strip()
    )
    audit_write(actor=actor, instance=activity, before=None)
    return activity


@transaction.atomic
def activity_add_volunteer(*, actor, activity: Activity, volunteer: Volunteer, hours) -> Participation:
    """Record that a volunteer joined an activity and the hours served."""
    _check_officer_within(actor, activity.division_id)
    _check_officer_within(actor, volunteer.division_id)
    hours = _hours(hours)
    if Participation.objects.filter(activity=activity, volunteer=volunteer).exists():
        raise ValidationError({"volunteer": ALREADY_PARTICIPATED}, code="already_participated")
    participation = Participation.objects.create(activity=activity, volunteer=volunteer, hours=hours)
    audit_write(actor=actor, instance=participation, before=None)
    return participation


@implements("SM-14", kind="flow")
@transaction.atomic
def case_assistance_record(
    *, actor, case, volunteer: Volunteer, assisted_on: datetime.date, hours, description: str
) -> CaseAssistance:
    """Record a volunteer's help on a case (志愿者协助社工): by the case's worker or an officer."""
    from shegong.cases.models import Case

    if actor is not None and not scope_queryset(Case.objects.filter(pk=case.pk), viewer=actor).exists():
        raise PermissionDenied(NOT_ALLOWED_CASE)
    if (
        actor is not None
        and actor.role not in OFFICER_ROLES | {Role.SOCIAL_WORKER}
        and not actor.is_system_admin
    ):
        raise PermissionDenied(NOT_ALLOWED_CASE)
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": DESCRIPTION_REQUIRED}, code="required")
    hours = _hours(hours)
    _check_past("assisted_on", assisted_on)
    assistance = CaseAssistance.objects.create(
        case=case,
        volunteer=volunteer,
        assisted_on=assisted_on,
        hours=hours,
        description=description,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_write(actor=actor, instance=assistance, before=None)
    return assistance
