"""Writes on the practitioner registry: every change goes through here and is audited.

Who may write: system administrators; civil-affairs officers for practitioners filed inside their
jurisdiction; an organisation's administrator for the organisation's own staff (applications,
certificates, employment, training hours). Only officers move the filing state.
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
from shegong.common.audit import audit_record, audit_view, audit_write, snapshot
from shegong.common.encryption import keyed_hash
from shegong.common.masking import mask_id_number
from shegong.common.models import AuditEntry
from shegong.organizations.models import Organization
from shegong.policy.coverage import implements

from .identity import birth_date_of, gender_of, name_spellings, normalize_id_number
from .models import (
    FILING_TRANSITIONS,
    QUALIFIED_OR_BETTER,
    Assessment,
    AssessmentGrade,
    Certificate,
    Complaint,
    ComplaintOutcome,
    ComplaintSource,
    ComplaintStep,
    DisciplinaryDecision,
    Disclosure,
    Employment,
    FilingState,
    FilingTransition,
    Practitioner,
    Sanction,
    TrainingRecord,
    ViolationRecord,
)

NOT_ALLOWED = _("Your role may not change the records of this practitioner.")
NOT_ALLOWED_TO_MOVE_FILING = _("Only civil-affairs officers may change a practitioner's filing state.")
DIVISION_OUTSIDE_JURISDICTION = _("The division is outside your jurisdiction.")
ORGANIZATION_OUTSIDE_JURISDICTION = _("The organisation is outside your jurisdiction.")
ORGANIZATION_NOT_YOURS = _("You may file practitioners only for your own organisation.")
ID_NUMBER_TAKEN = _("A practitioner with this resident ID number is already registered.")
NAME_REQUIRED = _("Enter the practitioner's name.")
CERTIFICATE_NUMBER_TAKEN = _("A certificate with this number is already registered.")
DATE_IN_FUTURE = _("The date cannot be in the future.")
DATE_BEFORE_BIRTH = _("The date cannot be before the practitioner's birth date.")
TRANSITION_NOT_ALLOWED = _("A practitioner whose filing is “%(current)s” cannot move to “%(target)s”.")
REASON_REQUIRED = _("Give the reason for this change.")
EFFECTIVE_BEFORE_PREVIOUS_STEP = _("The change cannot take effect before the previous step (%(date)s).")
HOURS_NOT_POSITIVE = _("The hours must be more than zero.")
ENDS_BEFORE_START = _("The employment cannot end before it starts.")
ALREADY_ENDED = _("This employment has already ended.")
HIRE_NEEDS_FILING = _(
    "Only filed practitioners can be hired into a government-purchased project (clause (五) of the "
    "Shenzhen measures); this practitioner's filing is “%(state)s”."
)

# Steps that need a reason: every step back or out of the registry.
REASON_NEEDED_FOR = {FilingState.APPLIED, FilingState.SUSPENDED, FilingState.DEREGISTERED}
PRACTITIONER_FIELDS = (
    "phone",
    "education_level",
    "major",
    "major_is_social_work",
    "community_worker",
    "division",
)


def _today() -> datetime.date:
    return timezone.localdate()


def _is_officer(actor) -> bool:
    return actor.is_system_admin or actor.role in OFFICER_ROLES


def _within_reach(actor, division_code: str) -> bool:
    return actor.is_system_admin or bool(actor.division_id and division_code.startswith(actor.division_id))


def _check_division(actor, division) -> None:
    if actor is None or division is None or actor.is_system_admin:
        return
    if actor.role in OFFICER_ROLES:
        if not _within_reach(actor, division.code):
            raise ValidationError({"division": DIVISION_OUTSIDE_JURISDICTION}, code="division_outside")
    elif actor.role != Role.ORG_ADMIN:
        raise PermissionDenied(NOT_ALLOWED)


def _check_organization(actor, organization, field: str = "organization") -> None:
    if actor is None or organization is None:
        return
    if actor.role == Role.ORG_ADMIN and not actor.is_system_admin:
        if organization.pk != actor.organization_id:
            raise ValidationError({field: ORGANIZATION_NOT_YOURS}, code="organization_not_yours")
        return
    if not scope_queryset(Organization.objects.filter(pk=organization.pk), viewer=actor).exists():
        raise ValidationError({field: ORGANIZATION_OUTSIDE_JURISDICTION}, code="organization_outside")


def can_change(actor, practitioner: Practitioner) -> bool:
    """Return whether ``actor`` may add certificates, employment and training to ``practitioner``."""
    if actor is None:
        return True
    if actor.is_system_admin:
        return True
    if actor.role in OFFICER_ROLES:
        return _within_reach(actor, practitioner.division_id)
    return actor.role == Role.ORG_ADMIN and practitioner.employer_id == actor.organization_id


def can_move_filing(actor, practitioner: Practitioner) -> bool:
    """Return whether ``actor`` may move the filing state of ``practitioner`` (officers only)."""
    if actor is None:
        return True
    return _is_officer(actor) and _within_reach(actor, practitioner.division_id)


def _check_change(actor, practitioner: Practitioner) -> None:
    if not can_change(actor, practitioner):
        raise PermissionDenied(NOT_ALLOWED)


def _check_past(field: str, value: datetime.date | None, *, birth_date: datetime.date | None = None) -> None:
    if value is None:
        return
    if value > _today():
        raise ValidationError({field: DATE_IN_FUTURE}, code="date_in_future")
    if birth_date is not None and value < birth_date:
        raise ValidationError({field: DATE_BEFORE_BIRTH}, code="date_before_birth")


def id_number_hash(number: str) -> str:
    """The search key of a (normalised) resident ID number."""
    return keyed_hash(number)


# Practitioners -------------------------------------------------------------------------------------


@transaction.atomic
def practitioner_apply(
    *,
    actor,
    name: str,
    id_number: str,
    division,
    employer: Organization | None = None,
    phone: str = "",
    education_level: str = "",
    major: str = "",
    major_is_social_work: bool = False,
    community_worker: bool = False,
    applied_on: datetime.date | None = None,
) -> Practitioner:
    """Enter a practitioner in the registry: the filing starts as “applied” (申请备案)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": NAME_REQUIRED}, code="required")
    number = normalize_id_number(id_number, today=_today())
    _check_division(actor, division)
    _check_organization(actor, employer, field="employer")
    if actor is not None and actor.role == Role.ORG_ADMIN and employer is None:
        raise ValidationError({"employer": ORGANIZATION_NOT_YOURS}, code="organization_not_yours")
    digest = id_number_hash(number)
    if Practitioner.objects.filter(id_number_hash=digest).exists():
        raise ValidationError({"id_number": ID_NUMBER_TAKEN}, code="id_taken")
    applied_on = applied_on or _today()
    _check_past("applied_on", applied_on)
    pinyin, initials = name_spellings(name)
    practitioner = Practitioner(
        name=name,
        name_pinyin=pinyin,
        name_initials=initials,
        id_number=number,
        id_number_hash=digest,
        id_number_masked=mask_id_number(number),
        gender=gender_of(number),
        birth_date=birth_date_of(number),
        phone=phone.strip(),
        education_level=education_level,
        major=major.strip(),
        major_is_social_work=major_is_social_work,
        community_worker=community_worker,
        division=division,
        employer=employer,
        filing_state=FilingState.APPLIED,
    )
    practitioner.full_clean(exclude=["id_number_hash"])
    practitioner.save()
    FilingTransition.objects.create(
        practitioner=practitioner,
        from_state="",
        to_state=FilingState.APPLIED,
        effective_on=applied_on,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_write(actor=actor, instance=practitioner, before=None)
    return practitioner


@transaction.atomic
def practitioner_update(*, actor, practitioner: Practitioner, **fields) -> Practitioner:
    """Change a practitioner's profile (not the ID number, which identifies the person)."""
    _check_change(actor, practitioner)
    if "division" in fields:
        _check_division(actor, fields["division"])
    before = snapshot(practitioner)
    for name, value in fields.items():
        if name in PRACTITIONER_FIELDS:
            setattr(practitioner, name, value)
    practitioner.full_clean()
    practitioner.save()
    audit_write(actor=actor, instance=practitioner, before=before)
    return practitioner


def _locked(practitioner: Practitioner) -> Practitioner:
    """Re-read the practitioner with a row lock: two officers must not move the same filing at once."""
    return Practitioner.objects.select_for_update().get(pk=practitioner.pk)


@transaction.atomic
def practitioner_transition(
    *,
    actor,
    practitioner: Practitioner,
    to_state: str,
    reason: str = "",
    effective_on: datetime.date | None = None,
) -> Practitioner:
    """Move the filing to ``to_state`` if the flow allows it; keep the step in the history."""
    if not can_move_filing(actor, practitioner):
        raise PermissionDenied(NOT_ALLOWED_TO_MOVE_FILING)
    return _move_filing(
        actor=actor, practitioner=practitioner, to_state=to_state, reason=reason, effective_on=effective_on
    )


def _move_filing(
    *,
    actor,
    practitioner: Practitioner,
    to_state: str,
    reason: str = "",
    effective_on: datetime.date | None = None,
) -> Practitioner:
    """The filing flow itself; the caller has checked who may move it (an officer or a decision)."""
    current = _locked(practitioner)
    if to_state not in FILING_TRANSITIONS.get(current.filing_state, ()):
        raise ValidationError(
            {
                "to_state": TRANSITION_NOT_ALLOWED
                % {
                    "current": FilingState(current.filing_state).label,
                    "target": FilingState(to_state).label if to_state in FilingState.values else to_state,
                }
            },
            code="transition_not_allowed",
        )
    reason = (reason or "").strip()
    if to_state in REASON_NEEDED_FOR and not reason:
        raise ValidationError({"reason": REASON_REQUIRED}, code="reason_required")
    effective_on = effective_on or _today()
    _check_past("effective_on", effective_on)
    last = current.transitions.order_by("-effective_on", "-id").first()
    if last is not None and effective_on < last.effective_on:
        raise ValidationError(
            {"effective_on": EFFECTIVE_BEFORE_PREVIOUS_STEP % {"date": last.effective_on.isoformat()}},
            code="effective_before_previous",
        )
    before = {"filing_state": current.filing_state, "filed_on": current.filed_on}
    from_state = current.filing_state
    current.filing_state = to_state
    if to_state == FilingState.FILED and from_state != FilingState.SUSPENDED:
        current.filed_on = effective_on
    current.save(update_fields=["filing_state", "filed_on", "updated_at"])
    FilingTransition.objects.create(
        practitioner=current,
        from_state=from_state,
        to_state=to_state,
        effective_on=effective_on,
        reason=reason,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.TRANSITION,
        instance=current,
        before=before,
        after={"filing_state": to_state, "filed_on": current.filed_on, "effective_on": effective_on},
        reason=reason,
    )
    practitioner.filing_state, practitioner.filed_on = current.filing_state, current.filed_on
    return current


def practitioner_review_start(*, actor, practitioner, reason: str = "", effective_on=None) -> Practitioner:
    """Take an application into review (applied → under review)."""
    return practitioner_transition(
        actor=actor,
        practitioner=practitioner,
        to_state=FilingState.UNDER_REVIEW,
        reason=reason,
        effective_on=effective_on,
    )


@implements("SZ-05", kind="flow")
def practitioner_file(*, actor, practitioner, reason: str = "", effective_on=None) -> Practitioner:
    """Accept the filing (under review → filed, 备案); only filed practitioners may be hired and practise."""
    return practitioner_transition(
        actor=actor,
        practitioner=practitioner,
        to_state=FilingState.FILED,
        reason=reason,
        effective_on=effective_on,
    )


def practitioner_return(*, actor, practitioner, reason: str, effective_on=None) -> Practitioner:
    """Send an application back for correction (under review → applied)."""
    return practitioner_transition(
        actor=actor,
        practitioner=practitioner,
        to_state=FilingState.APPLIED,
        reason=reason,
        effective_on=effective_on,
    )


def practitioner_suspend(*, actor, practitioner, reason: str, effective_on=None) -> Practitioner:
    """Suspend a filed practitioner (filed → suspended)."""
    return practitioner_transition(
        actor=actor,
        practitioner=practitioner,
        to_state=FilingState.SUSPENDED,
        reason=reason,
        effective_on=effective_on,
    )


def practitioner_reinstate(*, actor, practitioner, reason: str = "", effective_on=None) -> Practitioner:
    """End a suspension (suspended → filed)."""
    return practitioner_transition(
        actor=actor,
        practitioner=practitioner,
        to_state=FilingState.FILED,
        reason=reason,
        effective_on=effective_on,
    )


@implements("SM-08", kind="flow")
def practitioner_deregister(*, actor, practitioner, reason: str, effective_on=None) -> Practitioner:
    """Cancel the registration (注销登记), e.g. for a violation: the practitioner may no longer practise."""
    return practitioner_transition(
        actor=actor,
        practitioner=practitioner,
        to_state=FilingState.DEREGISTERED,
        reason=reason,
        effective_on=effective_on,
    )


# Certificates --------------------------------------------------------------------------------------


@transaction.atomic
def certificate_add(
    *, actor, practitioner: Practitioner, level: str, number: str, issued_on: datetime.date, issuer: str = ""
) -> Certificate:
    """Record a national social work qualification certificate (职业水平证书)."""
    _check_change(actor, practitioner)
    number = (number or "").strip()
    _check_past("issued_on", issued_on, birth_date=practitioner.birth_date)
    if Certificate.objects.filter(number=number).exists():
        raise ValidationError({"number": CERTIFICATE_NUMBER_TAKEN}, code="certificate_taken")
    certificate = Certificate(
        practitioner=practitioner,
        level=level,
        number=number,
        issued_on=issued_on,
        issuer=(issuer or "").strip(),
    )
    certificate.full_clean(exclude=["number"] if not number else None)
    certificate.save()
    audit_write(actor=actor, instance=certificate, before=None)
    return certificate


# Employment ----------------------------------------------------------------------------------------


def _hire_needs_filing(practitioner: Practitioner, contract_signed_on, starts_on) -> bool:
    """SZ-05: hires into a purchased project from the platform's start come only from filed practitioners."""
    if contract_signed_on is None:
        return False
    from shegong.policy.library import load_library

    library = load_library()
    document = library.document("SZ")
    if not document.covers(practitioner.division_id):
        return False
    start = library.parameter("SZ", "recruitment_platform_from").value_on(starts_on, practitioner.division_id)
    return bool(start) and starts_on >= start.value


@transaction.atomic
def employment_add(
    *,
    actor,
    practitioner: Practitioner,
    organization: Organization,
    post: str,
    starts_on: datetime.date,
    is_professional_post: bool = True,
    contract_signed_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Employment:
    """Record a post; a current post makes its organisation the practitioner's employer."""
    _check_change(actor, practitioner)
    _check_organization(actor, organization)
    _check_past("starts_on", starts_on, birth_date=practitioner.birth_date)
    _check_past("contract_signed_on", contract_signed_on)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": ENDS_BEFORE_START}, code="ends_before_start")
    if practitioner.filing_state != FilingState.FILED and _hire_needs_filing(
        practitioner, contract_signed_on, starts_on
    ):
        raise ValidationError(
            {"organization": HIRE_NEEDS_FILING % {"state": FilingState(practitioner.filing_state).label}},
            code="hire_needs_filing",
        )
    _check_rehire(practitioner, starts_on)
    employment = Employment(
        practitioner=practitioner,
        organization=organization,
        post=(post or "").strip(),
        is_professional_post=is_professional_post,
        contract_signed_on=contract_signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    employment.full_clean()
    employment.save()
    audit_write(actor=actor, instance=employment, before=None)
    _employer_refresh(actor, practitioner)
    return employment


@transaction.atomic
def employment_end(*, actor, employment: Employment, ends_on: datetime.date) -> Employment:
    """End a post on ``ends_on``; the employer becomes the organisation of another current post, if any."""
    practitioner = employment.practitioner
    _check_change(actor, practitioner)
    if employment.ends_on is not None:
        raise ValidationError({"ends_on": ALREADY_ENDED}, code="already_ended")
    if ends_on < employment.starts_on:
        raise ValidationError({"ends_on": ENDS_BEFORE_START}, code="ends_before_start")
    before = snapshot(employment)
    employment.ends_on = ends_on
    employment.save(update_fields=["ends_on", "updated_at"])
    audit_write(actor=actor, instance=employment, before=before)
    _employer_refresh(actor, practitioner)
    return employment


def _employer_refresh(actor, practitioner: Practitioner) -> None:
    """Set the current employer to the organisation of the latest post that has not ended."""
    today = _today()
    current = (
        practitioner.employments.filter(starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .order_by("-starts_on", "-id")
        .values_list("organization_id", flat=True)
        .first()
    )
    if current != practitioner.employer_id:
        before = snapshot(practitioner)
        practitioner.employer_id = current
        practitioner.save(update_fields=["employer", "updated_at"])
        audit_write(actor=actor, instance=practitioner, before=before)


# Training ------------------------------------------------------------------------------------------


@transaction.atomic
def training_record_add(
    *,
    actor,
    practitioner: Practitioner,
    kind: str,
    hours: Decimal,
    held_on: datetime.date,
    provider: str = "",
    topic: str = "",
) -> TrainingRecord:
    """Add hours to the training ledger (继续教育 / 岗前培训 / 督导 …)."""
    _check_change(actor, practitioner)
    hours = Decimal(str(hours))
    if hours <= 0:
        raise ValidationError({"hours": HOURS_NOT_POSITIVE}, code="hours_not_positive")
    _check_past("held_on", held_on, birth_date=practitioner.birth_date)
    record = TrainingRecord(
        practitioner=practitioner,
        kind=kind,
        hours=hours,
        held_on=held_on,
        provider=(provider or "").strip(),
        topic=(topic or "").strip(),
    )
    record.full_clean()
    record.save()
    audit_write(actor=actor, instance=record, before=None)
    return record


# Sensitive reads -----------------------------------------------------------------------------------

REVEAL_NOT_ALLOWED = _("Only civil-affairs officers may see a full resident ID number.")


def can_reveal_id_number(viewer) -> bool:
    return bool(viewer and viewer.is_authenticated and _is_officer(viewer))


def practitioner_reveal_id_number(*, viewer, practitioner: Practitioner, reason: str) -> str:
    """Return the full ID number to an officer who gives a reason, and log the view."""
    if not can_reveal_id_number(viewer):
        raise PermissionDenied(REVEAL_NOT_ALLOWED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED}, code="reason_required")
    audit_view(actor=viewer, instance=practitioner, reason=reason)
    return practitioner.id_number


# Re-hiring in Huizhou (HZ-08) ----------------------------------------------------------------------

REHIRE_NEEDS_CERTIFICATE = _(
    "From %(date)s only certified social workers whose last yearly assessment is “qualified” or better may "
    "be re-hired (clause 五(一)三 of the Huizhou “double hundred” plan); this practitioner holds no "
    "national social work qualification certificate."
)
REHIRE_NEEDS_QUALIFIED_GRADE = _(
    "From %(date)s only certified social workers whose last yearly assessment is “qualified” or better may "
    "be re-hired (clause 五(一)三 of the Huizhou “double hundred” plan); the last final assessment of this "
    "practitioner is “%(grade)s”."
)

REHIRE_NEEDS_ASSESSMENT = _(
    "From %(date)s only certified social workers whose last yearly assessment is “qualified” or better may "
    "be re-hired (clause 五(一)三 of the Huizhou “double hundred” plan); this practitioner has no final "
    "yearly assessment."
)


def rehire_refusal(practitioner: Practitioner, starts_on: datetime.date) -> str | None:
    """Why a new post starting on ``starts_on`` breaks HZ-08, or None.

    In Huizhou, from the date of the plan's parameter (2022-07-01), a re-hire — a post of a
    practitioner who already held one — needs a certificate issued by then and a final yearly
    assessment, the latest one by then, graded “qualified” or better. A first hire is not a re-hire.
    """
    from shegong.policy.library import load_library

    library = load_library()
    if not library.document("HZ").covers(practitioner.division_id):
        return None
    start = library.parameter("HZ", "certified_rehire_from").value_on(starts_on, practitioner.division_id)
    if not start or starts_on < start.value:
        return None
    if not practitioner.employments.filter(starts_on__lt=starts_on).exists():
        return None
    values = {"date": start.value.isoformat()}
    if not practitioner.certificates.filter(issued_on__lte=starts_on).exists():
        return str(REHIRE_NEEDS_CERTIFICATE % values)
    grade = (
        practitioner.assessments.filter(final_on__lte=starts_on)
        .order_by("-year")
        .values_list("grade", flat=True)
        .first()
    )
    if grade is None:
        return str(REHIRE_NEEDS_ASSESSMENT % values)
    if grade not in QUALIFIED_OR_BETTER:
        return str(REHIRE_NEEDS_QUALIFIED_GRADE % {**values, "grade": AssessmentGrade(grade).label})
    return None


def _check_rehire(practitioner: Practitioner, starts_on: datetime.date) -> None:
    refusal = rehire_refusal(practitioner, starts_on)
    if refusal:
        raise ValidationError({"organization": refusal}, code="rehire_not_allowed")


# Yearly assessment (SM-07) -------------------------------------------------------------------------

ASSESSMENT_YEAR_IN_FUTURE = _("The assessment year cannot be in the future.")
ASSESSMENT_ALREADY_SIGNED = _("The assessment is already signed and can no longer be changed.")
ASSESSMENT_PARTY_ALREADY_SIGNED = _("This party has already signed the assessment.")
NOT_ALLOWED_TO_SIGN_FOR_EMPLOYER = _(
    "Only the administrator of the practitioner's employer may sign for the employer."
)
NOT_ALLOWED_TO_SIGN_FOR_SERVED_UNIT = _(
    "Only a civil-affairs officer of the practitioner's jurisdiction may sign for the served unit."
)
SIGNED_BEFORE_YEAR = _("The assessment of %(year)s cannot be signed before that year.")
SERVED_UNIT_REQUIRED = _("Enter the served unit.")

EMPLOYER = "employer"
SERVED_UNIT = "served_unit"


def can_sign_assessment(actor, practitioner: Practitioner, party: str) -> bool:
    """Employer: the employer's administrator; served unit: an officer of the practitioner's jurisdiction."""
    if actor is None or actor.is_system_admin:
        return True
    if party == EMPLOYER:
        return (
            actor.role == Role.ORG_ADMIN
            and bool(practitioner.employer_id)
            and (practitioner.employer_id == actor.organization_id)
        )
    return actor.role in OFFICER_ROLES and _within_reach(actor, practitioner.division_id)


@implements("SM-07", kind="flow")
@transaction.atomic
def assessment_record(
    *, actor, practitioner: Practitioner, year: int, grade: str, served_unit: str, comment: str = ""
) -> Assessment:
    """Record (or correct, before anyone signed) the grade of a practitioner's yearly assessment."""
    _check_change(actor, practitioner)
    if year > _today().year:
        raise ValidationError({"year": ASSESSMENT_YEAR_IN_FUTURE}, code="year_in_future")
    served_unit = (served_unit or "").strip()
    if not served_unit:
        raise ValidationError({"served_unit": SERVED_UNIT_REQUIRED}, code="required")
    assessment = Assessment.objects.select_for_update().filter(practitioner=practitioner, year=year).first()
    before = None
    if assessment is not None:
        if assessment.employer_signed_on or assessment.served_unit_signed_on:
            raise ValidationError({"grade": ASSESSMENT_ALREADY_SIGNED}, code="already_signed")
        before = snapshot(assessment)
    else:
        assessment = Assessment(practitioner=practitioner, year=year)
    assessment.grade, assessment.served_unit, assessment.comment = grade, served_unit, (comment or "").strip()
    assessment.full_clean(validate_constraints=before is None)
    assessment.save()
    audit_write(actor=actor, instance=assessment, before=before)
    return assessment


@transaction.atomic
def assessment_sign(
    *, actor, assessment: Assessment, party: str, signed_on: datetime.date | None = None
) -> Assessment:
    """Sign the assessment for the employer or the served unit; the second signature makes it final."""
    practitioner = assessment.practitioner
    if not can_sign_assessment(actor, practitioner, party):
        raise PermissionDenied(
            NOT_ALLOWED_TO_SIGN_FOR_EMPLOYER if party == EMPLOYER else NOT_ALLOWED_TO_SIGN_FOR_SERVED_UNIT
        )
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    signed_on = signed_on or _today()
    _check_past("signed_on", signed_on)
    if signed_on < datetime.date(current.year, 1, 1):
        raise ValidationError(
            {"signed_on": SIGNED_BEFORE_YEAR % {"year": current.year}}, code="signed_before_year"
        )
    if getattr(current, f"{party}_signed_on") is not None:
        raise ValidationError({"party": ASSESSMENT_PARTY_ALREADY_SIGNED}, code="party_signed")
    before = snapshot(current)
    setattr(current, f"{party}_signed_on", signed_on)
    setattr(current, f"{party}_signed_by", actor if getattr(actor, "is_authenticated", False) else None)
    if current.employer_signed_on and current.served_unit_signed_on:
        current.final_on = max(current.employer_signed_on, current.served_unit_signed_on)
    current.save()
    audit_write(actor=actor, instance=current, before=before)
    return current


# Credit file (SZ-09a/b/c) --------------------------------------------------------------------------

NOT_ALLOWED_CREDIT_FILE = _(
    "Only civil-affairs officers and discipline-committee members of the practitioner's jurisdiction may "
    "change the credit file."
)
NOT_ALLOWED_TO_DECIDE = _("Only members of the discipline committee may record disciplinary decisions.")
COMPLAINT_CLOSED = _("This complaint is closed.")
OUTCOME_REQUIRED = _("Choose the outcome of the complaint.")
BEFORE_RECEIPT = _("The date cannot be before the complaint was received (%(date)s).")
SUMMARY_REQUIRED = _("Describe the complaint.")
DESCRIPTION_REQUIRED = _("Describe what happened.")
NO_MAJORITY = _("A decision needs more votes for than against.")
VIOLATION_OF_ANOTHER = _("The violation belongs to another practitioner.")
PUBLISHED_BEFORE_DECISION = _("A sanction cannot be published before it was decided (%(date)s).")
ALREADY_PUBLISHED = _("This decision is already published.")
PRIVATE_DATA_IN_PUBLIC_TEXT = _("The public text must not contain an ID number or a phone number.")
PORTAL_ONLY_ANONYMOUS = _("Officers record complaints as officer intake.")

# An ID number (15 or 18 characters) or a mobile number: never in a public text.
_PRIVATE_NUMBER = r"\d{11,}|\d{14}[\dXx]"


def _credit_staff(actor, practitioner: Practitioner) -> bool:
    if actor is None or actor.is_system_admin:
        return True
    return actor.role in OFFICER_ROLES | {Role.DISCIPLINE_COMMITTEE} and _within_reach(
        actor, practitioner.division_id
    )


def can_change_credit_file(actor, practitioner: Practitioner) -> bool:
    """Officers and discipline-committee members of the practitioner's jurisdiction."""
    return _credit_staff(actor, practitioner)


def can_decide(actor, practitioner: Practitioner) -> bool:
    """Only discipline-committee members of the practitioner's jurisdiction record decisions."""
    if actor is None:
        return True
    return actor.role == Role.DISCIPLINE_COMMITTEE and _within_reach(actor, practitioner.division_id)


def _check_credit(actor, practitioner: Practitioner) -> None:
    if not can_change_credit_file(actor, practitioner):
        raise PermissionDenied(NOT_ALLOWED_CREDIT_FILE)


def _actor_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@implements("SZ-09b", kind="flow")
@transaction.atomic
def complaint_receive(
    *,
    actor,
    practitioner: Practitioner,
    source: str,
    received_on: datetime.date,
    summary: str,
    time_limit_days: int,
) -> Complaint:
    """Take in a complaint (投诉受理): by an officer, or from the public portal (``actor=None``)."""
    if actor is not None:
        _check_credit(actor, practitioner)
        if source == ComplaintSource.PORTAL:
            raise ValidationError({"source": PORTAL_ONLY_ANONYMOUS}, code="portal_only_anonymous")
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": SUMMARY_REQUIRED}, code="required")
    _check_past("received_on", received_on)
    complaint = Complaint(
        practitioner=practitioner,
        source=source,
        received_on=received_on,
        summary=summary,
        time_limit_days=time_limit_days,
        due_on=received_on + datetime.timedelta(days=time_limit_days),
        received_by=_actor_or_none(actor),
    )
    complaint.full_clean()
    complaint.save()
    audit_write(actor=actor, instance=complaint, before=None)
    return complaint


def _check_open(complaint: Complaint, day: datetime.date, field: str) -> None:
    if complaint.outcome != ComplaintOutcome.PENDING:
        raise ValidationError({field: COMPLAINT_CLOSED}, code="complaint_closed")
    _check_past(field, day)
    if day < complaint.received_on:
        raise ValidationError(
            {field: BEFORE_RECEIPT % {"date": complaint.received_on.isoformat()}}, code="before_receipt"
        )


@transaction.atomic
def complaint_add_step(
    *, actor, complaint: Complaint, description: str, taken_on: datetime.date
) -> ComplaintStep:
    """Record a handling step of an open complaint."""
    _check_credit(actor, complaint.practitioner)
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": DESCRIPTION_REQUIRED}, code="required")
    _check_open(complaint, taken_on, "taken_on")
    step = ComplaintStep.objects.create(
        complaint=complaint, description=description, taken_on=taken_on, actor=_actor_or_none(actor)
    )
    audit_write(actor=actor, instance=step, before=None)
    return step


@transaction.atomic
def complaint_close(
    *, actor, complaint: Complaint, outcome: str, closed_on: datetime.date, outcome_note: str = ""
) -> Complaint:
    """Close a complaint with its outcome (upheld, partly upheld, dismissed)."""
    _check_credit(actor, complaint.practitioner)
    if outcome == ComplaintOutcome.PENDING or outcome not in ComplaintOutcome.values:
        raise ValidationError({"outcome": OUTCOME_REQUIRED}, code="outcome_required")
    _check_open(complaint, closed_on, "closed_on")
    before = snapshot(complaint)
    complaint.outcome, complaint.closed_on = outcome, closed_on
    complaint.outcome_note = (outcome_note or "").strip()
    complaint.save(update_fields=["outcome", "closed_on", "outcome_note", "updated_at"])
    audit_write(actor=actor, instance=complaint, before=before)
    return complaint


@implements("SZ-09a", kind="record")
@transaction.atomic
def violation_record(
    *,
    actor,
    practitioner: Practitioner,
    found_on: datetime.date,
    description: str,
    complaint: Complaint | None = None,
) -> ViolationRecord:
    """Enter a violation in the practitioner's credit file (信用档案)."""
    _check_credit(actor, practitioner)
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": DESCRIPTION_REQUIRED}, code="required")
    _check_past("found_on", found_on)
    if complaint is not None and complaint.practitioner_id != practitioner.pk:
        raise ValidationError({"complaint": VIOLATION_OF_ANOTHER}, code="other_practitioner")
    violation = ViolationRecord.objects.create(
        practitioner=practitioner,
        found_on=found_on,
        description=description,
        complaint=complaint,
        recorded_by=_actor_or_none(actor),
    )
    audit_write(actor=actor, instance=violation, before=None)
    return violation


SANCTION_STATE = {
    Sanction.SUSPENSION: FilingState.SUSPENDED,
    Sanction.DEREGISTRATION: FilingState.DEREGISTERED,
}


@implements("SZ-09b", kind="flow")
@transaction.atomic
def decision_record(
    *,
    actor,
    practitioner: Practitioner,
    sanction: str,
    votes_for: int,
    votes_against: int,
    decided_on: datetime.date,
    reason: str,
    violation: ViolationRecord | None = None,
) -> DisciplinaryDecision:
    """Record a discipline-committee decision; suspension and deregistration move the filing state."""
    if not can_decide(actor, practitioner):
        raise PermissionDenied(NOT_ALLOWED_TO_DECIDE)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED}, code="reason_required")
    if votes_for <= votes_against:
        raise ValidationError({"votes_for": NO_MAJORITY}, code="no_majority")
    if violation is not None and violation.practitioner_id != practitioner.pk:
        raise ValidationError({"violation": VIOLATION_OF_ANOTHER}, code="other_practitioner")
    _check_past("decided_on", decided_on)
    decision = DisciplinaryDecision(
        practitioner=practitioner,
        violation=violation,
        sanction=sanction,
        votes_for=votes_for,
        votes_against=votes_against,
        decided_on=decided_on,
        reason=reason,
        decided_by=_actor_or_none(actor),
    )
    decision.full_clean()
    decision.save()
    audit_write(actor=actor, instance=decision, before=None)
    if sanction in SANCTION_STATE:
        _move_filing(
            actor=actor,
            practitioner=practitioner,
            to_state=SANCTION_STATE[sanction],
            reason=str(
                _("Disciplinary decision of %(date)s: %(reason)s")
                % {"date": decided_on.isoformat(), "reason": reason}
            )[:500],
            effective_on=decided_on,
        )
    return decision


def default_public_text(decision: DisciplinaryDecision) -> str:
    """The public notice of a sanction: the name, the sanction and the date, nothing private."""
    return str(
        _("%(name)s: %(sanction)s, decided by the discipline committee on %(date)s.")
        % {
            "name": decision.practitioner.name,
            "sanction": decision.get_sanction_display(),
            "date": decision.decided_on.isoformat(),
        }
    )


@implements("SZ-09c", kind="flow")
@transaction.atomic
def disclosure_publish(
    *, actor, decision: DisciplinaryDecision, published_on: datetime.date, public_text: str = ""
) -> Disclosure:
    """Publish a sanction (公开纪律惩戒情况); the public portal reads it through ``published_sanctions``."""
    _check_credit(actor, decision.practitioner)
    if Disclosure.objects.filter(decision=decision).exists():
        raise ValidationError({"published_on": ALREADY_PUBLISHED}, code="already_published")
    _check_past("published_on", published_on)
    if published_on < decision.decided_on:
        raise ValidationError(
            {"published_on": PUBLISHED_BEFORE_DECISION % {"date": decision.decided_on.isoformat()}},
            code="published_before_decision",
        )
    text = (public_text or "").strip() or default_public_text(decision)
    if re.search(_PRIVATE_NUMBER, text):
        raise ValidationError({"public_text": PRIVATE_DATA_IN_PUBLIC_TEXT}, code="private_data")
    disclosure = Disclosure.objects.create(
        decision=decision, published_on=published_on, public_text=text, published_by=_actor_or_none(actor)
    )
    audit_write(actor=actor, instance=disclosure, before=None)
    return disclosure


# Findings ------------------------------------------------------------------------------------------


def practitioner_recheck(*, actor, practitioner: Practitioner):
    """Run the practitioner rules today in the practitioner's division and update the findings ledger."""
    from shegong.policy.scanning import scan

    from .selectors import practitioner_rules

    if not can_move_filing(actor, practitioner):
        raise PermissionDenied(NOT_ALLOWED_TO_MOVE_FILING)
    return scan(
        within=practitioner.division_id, rule_ids=[rule.spec_id for rule in practitioner_rules()], actor=actor
    )


ACCOUNT_TAKEN = _("This account is already linked to another practitioner file.")


@transaction.atomic
def practitioner_link_account(*, actor, practitioner: Practitioner, user) -> Practitioner:
    """Link a practitioner file to the person's own account, so that they see it (the own view)."""
    if not can_move_filing(actor, practitioner):
        raise PermissionDenied(NOT_ALLOWED_TO_MOVE_FILING)
    if user is not None and Practitioner.objects.filter(user=user).exclude(pk=practitioner.pk).exists():
        raise ValidationError({"user": ACCOUNT_TAKEN}, code="account_taken")
    before = snapshot(practitioner)
    practitioner.user = user
    practitioner.save(update_fields=["user", "updated_at"])
    audit_write(actor=actor, instance=practitioner, before=before)
    return practitioner
