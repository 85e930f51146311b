"""Writes on organisations: every change goes through here and is audited."""

from __future__ import annotations

import datetime
import random
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc as uscc_std
from stdnum.exceptions import ValidationError as StdnumError

from shegong.common.audit import audit_write, snapshot
from shegong.geo.models import subtree_q
from shegong.policy.coverage import implements

from . import duties
from .models import (
    DISCLOSED_KINDS,
    CheckItem,
    ExchangeRegion,
    Inspection,
    InspectionDraw,
    Organization,
    OrganizationPerson,
    PayDisclosure,
    PersonRole,
    RegistrationCheck,
    RegistrationReview,
    ReviewState,
    Revocation,
    RevocationState,
    SupervisionKind,
    SupervisionRecord,
)

USCC_INVALID = _("The unified social credit code is not valid (18 characters with a correct check digit).")
USCC_TAKEN = _("An organisation with this unified social credit code is already registered.")
DIVISION_OUTSIDE_JURISDICTION = _("The division is outside your jurisdiction.")


def normalize_uscc(value: str) -> str:
    """Return the compact upper-case code, or raise a Chinese ValidationError naming the field."""
    try:
        return uscc_std.validate(value or "")
    except StdnumError:
        raise ValidationError({"uscc": USCC_INVALID}, code="invalid_uscc") from None


ORGANIZATION_FIELDS = (
    "name",
    "uscc",
    "kind",
    "division",
    "address",
    "legal_representative",
    "phone",
    "registration_authority",
    "supervisory_unit",
    "registered_on",
    "public_interest",
)


@transaction.atomic
def organization_register(*, actor, **fields) -> Organization:
    """Register an organisation in the platform (name, USCC, type, address in the division tree)."""
    fields["uscc"] = normalize_uscc(fields.get("uscc", ""))
    if Organization.objects.filter(uscc=fields["uscc"]).exists():
        raise ValidationError({"uscc": USCC_TAKEN}, code="uscc_taken")
    _check_division(actor, fields.get("division"))
    organization = Organization(**{k: v for k, v in fields.items() if k in ORGANIZATION_FIELDS})
    organization.full_clean()
    organization.save()
    audit_write(actor=actor, instance=organization, before=None)
    return organization


@transaction.atomic
def organization_update(*, actor, organization: Organization, **fields) -> Organization:
    """Change an organisation's registered details."""
    before = snapshot(organization)
    if "uscc" in fields:
        fields["uscc"] = normalize_uscc(fields["uscc"])
        if Organization.objects.filter(uscc=fields["uscc"]).exclude(pk=organization.pk).exists():
            raise ValidationError({"uscc": USCC_TAKEN}, code="uscc_taken")
    if "division" in fields:
        _check_division(actor, fields["division"])
    for name, value in fields.items():
        if name in ORGANIZATION_FIELDS:
            setattr(organization, name, value)
    organization.full_clean()
    organization.save()
    audit_write(actor=actor, instance=organization, before=before)
    return organization


def _check_division(actor, division) -> None:
    if division is None or actor is None or actor.is_system_admin:
        return
    reach = actor.division_id
    if not reach or not division.code.startswith(reach):
        raise ValidationError({"division": DIVISION_OUTSIDE_JURISDICTION}, code="division_outside")


# Registration review (SZ-15a) -----------------------------------------------------------------------

REVIEW_NOT_SUBMITTED = _("Only a submitted application can be taken under review.")
REVIEW_NOT_UNDER_REVIEW = _("The application is not under review.")
CHECK_NOTE_REQUIRED = _("Write down what was checked.")
DECISION_REASONS_REQUIRED = _("Give the reasons for the decision.")
APPROVAL_NEEDS_ALL_CHECKS = _(
    "Approval needs every checklist item checked and passed; still open or failed: %(items)s."
)
DECISION_UNKNOWN = _("Unknown decision.")

REVIEW_FIELDS = (
    "proposed_name",
    "kind",
    "division",
    "business_scope",
    "founders",
    "proposed_leaders",
    "submitted_on",
)


@implements("SZ-15a", kind="flow")
@transaction.atomic
def registration_review_submit(*, actor, **fields) -> RegistrationReview:
    """Record an application to set up an organisation; the review starts from here."""
    _check_division(actor, fields.get("division"))
    review = RegistrationReview(**{k: v for k, v in fields.items() if k in REVIEW_FIELDS})
    review.full_clean()
    review.save()
    audit_write(actor=actor, instance=review, before=None)
    return review


def _transition(
    actor, review: RegistrationReview, state: str, reason: str = "", **changes
) -> RegistrationReview:
    before = snapshot(review)
    review.state = state
    for name, value in changes.items():
        setattr(review, name, value)
    review.full_clean()
    review.save()
    audit_write(actor=actor, instance=review, before=before, action="transition", reason=reason)
    return review


@implements("SZ-15a", kind="flow")
@transaction.atomic
def registration_review_start(*, actor, review: RegistrationReview) -> RegistrationReview:
    """Take a submitted application under review."""
    review = RegistrationReview.objects.select_for_update().get(pk=review.pk)
    if review.state != ReviewState.SUBMITTED:
        raise ValidationError({"state": [REVIEW_NOT_SUBMITTED]})
    return _transition(actor, review, ReviewState.UNDER_REVIEW)


@implements("SZ-15a", kind="flow")
@transaction.atomic
def registration_review_check(
    *, actor, review: RegistrationReview, item: str, passed: bool, note: str, checked_on: datetime.date
) -> RegistrationCheck:
    """Check one item of the checklist (legality, necessity, feasibility, qualification) with a note."""
    review = RegistrationReview.objects.select_for_update().get(pk=review.pk)
    if review.state != ReviewState.UNDER_REVIEW:
        raise ValidationError({"item": [REVIEW_NOT_UNDER_REVIEW]})
    if not (note or "").strip():
        raise ValidationError({"note": [CHECK_NOTE_REQUIRED]})
    check = RegistrationCheck.objects.filter(review=review, item=CheckItem(item)).first()
    before = snapshot(check)
    if check is None:
        check = RegistrationCheck(review=review, item=CheckItem(item))
    check.passed, check.note, check.checked_on = passed, note.strip(), checked_on
    check.full_clean(validate_constraints=False)
    check.save()
    audit_write(actor=actor, instance=check, before=before)
    return check


@implements("SZ-15a", kind="flow")
@transaction.atomic
def registration_review_decide(
    *, actor, review: RegistrationReview, decision: str, reasons: str, decided_on: datetime.date
) -> RegistrationReview:
    """Approve or reject with reasons; approval needs every checklist item checked and passed."""
    review = RegistrationReview.objects.select_for_update().get(pk=review.pk)
    if review.state != ReviewState.UNDER_REVIEW:
        raise ValidationError({"decision": [REVIEW_NOT_UNDER_REVIEW]})
    if decision not in (ReviewState.APPROVED, ReviewState.REJECTED):
        raise ValidationError({"decision": [DECISION_UNKNOWN]})
    if not (reasons or "").strip():
        raise ValidationError({"reasons": [DECISION_REASONS_REQUIRED]})
    if decision == ReviewState.APPROVED:
        passed = set(review.checks.filter(passed=True).values_list("item", flat=True))
        open_items = [str(label) for value, label in CheckItem.choices if value not in passed]
        if open_items:
            separator = "、" if (get_language() or "").startswith("zh") else ", "
            raise ValidationError(
                {"decision": [APPROVAL_NEEDS_ALL_CHECKS % {"items": separator.join(open_items)}]}
            )
    return _transition(
        actor,
        review,
        decision,
        reason=reasons.strip(),
        decided_on=decided_on,
        decision_reasons=reasons.strip(),
    )


# Random inspections (SZ-15b) ------------------------------------------------------------------------

SAMPLE_SIZE_INVALID = _("The sample size must be at least 1.")
POPULATION_EMPTY = _("No organisation is registered in this division; there is nothing to draw.")


def draw_sample(population: list[int], size: int, seed: int) -> list[int]:
    """Draw ``size`` ids from ``population`` with ``random.Random(seed)``: the same inputs give the same sample."""
    population = sorted(population)
    return sorted(random.Random(seed).sample(population, k=min(size, len(population))))


@implements("SZ-15b", kind="flow")
@transaction.atomic
def inspection_draw(
    *, actor, division, sample_size: int, drawn_on: datetime.date, purpose: str = "", seed: int | None = None
) -> InspectionDraw:
    """Draw organisations of ``division`` to inspect; the seed (random unless given) and population are kept.

    Nobody picks the sample: it follows from the recorded seed and population (see ``draw_sample``).
    """
    _check_division(actor, division)
    if sample_size < 1:
        raise ValidationError({"sample_size": [SAMPLE_SIZE_INVALID]})
    population = list(
        Organization.objects.filter(subtree_q("division", division.code))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not population:
        raise ValidationError({"division": [POPULATION_EMPTY]})
    seed = secrets.randbits(62) if seed is None else seed
    sample = draw_sample(population, sample_size, seed)
    draw = InspectionDraw(
        division=division,
        drawn_on=drawn_on,
        seed=seed,
        sample_size=sample_size,
        population=population,
        sample=sample,
        purpose=purpose,
    )
    draw.full_clean()
    draw.save()
    audit_write(actor=actor, instance=draw, before=None)
    Inspection.objects.bulk_create([Inspection(draw=draw, organization_id=pk) for pk in sample])
    return draw


@implements("SZ-15b", kind="flow")
@transaction.atomic
def inspection_record_result(
    *, actor, inspection: Inspection, inspected_on: datetime.date, result: str, problems_found: bool
) -> Inspection:
    """Record what the inspection of a drawn organisation found."""
    before = snapshot(inspection)
    inspection.inspected_on, inspection.result, inspection.problems_found = (
        inspected_on,
        result,
        problems_found,
    )
    inspection.full_clean()
    inspection.save()
    audit_write(actor=actor, instance=inspection, before=before)
    return inspection


# Disclosure (SZ-16a) --------------------------------------------------------------------------------

DISCLOSURE_PUBLISHED = _("The disclosure for %(year)s is published and can no longer be changed.")
DISCLOSURE_ALREADY_PUBLISHED = _("The disclosure is already published.")
DISCLOSURE_FIELDS = ("pay_policy", "paid_directors_total", "executives_total", "managers_total")


@implements("SZ-16a", kind="record")
@transaction.atomic
def pay_disclosure_submit(*, actor, organization: Organization, year: int, **fields) -> PayDisclosure:
    """Enter or correct an organisation's pay disclosure for ``year`` until it is published."""
    disclosure = (
        PayDisclosure.objects.select_for_update().filter(organization=organization, year=year).first()
    )
    if disclosure is not None and disclosure.published_on:
        raise ValidationError({"year": [DISCLOSURE_PUBLISHED % {"year": year}]})
    before = snapshot(disclosure)
    if disclosure is None:
        disclosure = PayDisclosure(organization=organization, year=year)
    for name in DISCLOSURE_FIELDS:
        if name in fields:
            setattr(disclosure, name, fields[name])
    disclosure.full_clean(validate_constraints=False)
    disclosure.save()
    audit_write(actor=actor, instance=disclosure, before=before)
    return disclosure


@implements("SZ-16a", kind="record")
@transaction.atomic
def pay_disclosure_publish(*, actor, disclosure: PayDisclosure, published_on: datetime.date) -> PayDisclosure:
    """Publish the disclosure on the platform: from then on it is public and fixed."""
    disclosure = PayDisclosure.objects.select_for_update().get(pk=disclosure.pk)
    if disclosure.published_on:
        raise ValidationError({"published_on": [DISCLOSURE_ALREADY_PUBLISHED]})
    before = snapshot(disclosure)
    disclosure.published_on = published_on
    disclosure.save(update_fields=["published_on", "updated_at"])
    audit_write(actor=actor, instance=disclosure, before=before, action="transition")
    return disclosure


# Founders and leaders ------------------------------------------------------------------------------

PERSON_NAME_REQUIRED = _("Enter the person's name.")
PERSON_ROLE_UNKNOWN = _("Unknown role.")
PERSON_DATES_ORDER = _("The end date must be after the start date.")


@transaction.atomic
def organization_person_add(
    *,
    actor,
    organization: Organization,
    name: str,
    role: str,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> OrganizationPerson:
    """Record a founder or leader of the organisation with their role."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [PERSON_NAME_REQUIRED]})
    if role not in PersonRole.values:
        raise ValidationError({"role": [PERSON_ROLE_UNKNOWN]})
    if since and until and until <= since:
        raise ValidationError({"until": [PERSON_DATES_ORDER]})
    person = OrganizationPerson(
        organization=organization, name=name, role=PersonRole(role), since=since, until=until
    )
    person.full_clean()
    person.save()
    if role == PersonRole.CHAIR and not organization.legal_representative:
        before = snapshot(organization)
        organization.legal_representative = name
        organization.save(update_fields=["legal_representative", "updated_at"])
        audit_write(actor=actor, instance=organization, before=before)
    audit_write(actor=actor, instance=person, before=None)
    return person


# Supervision records (SZ-15b) under the department duties (SZ-10) --------------------------------

SUMMARY_REQUIRED = _("Write a short summary.")
KIND_UNKNOWN = _("Unknown kind of supervision record.")
REGION_REQUIRED = _("Name the region of the exchange.")
REGION_ONLY_FOR_EXCHANGES = _("Only an exchange filing has a region.")
DATE_IN_FUTURE = _("The date cannot be in the future.")
NOT_DISCLOSED_KIND = _("Only administrative penalties and sector discipline are disclosed to the public.")
RECORD_ALREADY_PUBLISHED = _("The record is already published.")


def _check_duty(actor, kind: str) -> None:
    if not duties.may_record(actor, kind):
        raise ValidationError(
            {
                "kind": [
                    duties.NOT_YOUR_DUTY
                    % {"role": actor.get_role_display(), "kind": SupervisionKind(kind).label}
                ]
            },
            code="not_your_duty",
        )


@implements("SZ-15b", kind="flow")
@implements("SZ-10", kind="record")
@transaction.atomic
def supervision_record(
    *,
    actor,
    organization: Organization,
    kind: str,
    occurred_on: datetime.date,
    summary: str,
    details: str = "",
    reference: str = "",
    region: str = "",
    today: datetime.date | None = None,
) -> SupervisionRecord:
    """Record an interview, a prior report, an exchange filing, bad conduct, a penalty or discipline.

    Only the departments that clause (十) charges with a kind may record it (SZ-10, see ``duties``).
    """
    from django.utils import timezone

    if kind not in SupervisionKind.values:
        raise ValidationError({"kind": [KIND_UNKNOWN]})
    kind = SupervisionKind(kind)
    _check_duty(actor, kind)
    _check_division(actor, organization.division)
    errors = {}
    if not (summary or "").strip():
        errors["summary"] = [SUMMARY_REQUIRED]
    if occurred_on > (today or timezone.localdate()):
        errors["occurred_on"] = [DATE_IN_FUTURE]
    if kind == SupervisionKind.EXCHANGE_FILING and not region:
        errors["region"] = [REGION_REQUIRED]
    if kind != SupervisionKind.EXCHANGE_FILING and region:
        errors["region"] = [REGION_ONLY_FOR_EXCHANGES]
    if errors:
        raise ValidationError(errors)
    record = SupervisionRecord(
        organization=organization,
        kind=kind,
        occurred_on=occurred_on,
        summary=summary.strip(),
        details=(details or "").strip(),
        reference=(reference or "").strip(),
        region=ExchangeRegion(region) if region else "",
        recorded_by=actor,
        recorder_role=getattr(actor, "role", "") or "",
    )
    record.full_clean()
    record.save()
    audit_write(actor=actor, instance=record, before=None)
    return record


@implements("SZ-16b", kind="flow")
@transaction.atomic
def supervision_record_publish(
    *, actor, record: SupervisionRecord, published_on: datetime.date
) -> SupervisionRecord:
    """Disclose a penalty or sector discipline on the public portal (SZ-16b)."""
    record = SupervisionRecord.objects.select_for_update().get(pk=record.pk)
    if record.kind not in DISCLOSED_KINDS:
        raise ValidationError({"published_on": [NOT_DISCLOSED_KIND]})
    _check_duty(actor, record.kind)
    _check_division(actor, record.organization.division)
    if record.published_on:
        raise ValidationError({"published_on": [RECORD_ALREADY_PUBLISHED]})
    before = snapshot(record)
    record.published_on = published_on
    record.save(update_fields=["published_on", "updated_at"])
    audit_write(actor=actor, instance=record, before=before, action="transition")
    return record


# Revocation of registration (SZ-15b) ---------------------------------------------------------------

REVOCATION_REASONS_REQUIRED = _("Give the reasons for revoking the registration.")
REVOCATION_PENDING = _("A revocation of this organisation is already proposed.")
REVOCATION_ALREADY_REVOKED = _("The registration of this organisation is already revoked.")
REVOCATION_NOT_PROPOSED = _("Only a proposed revocation can be decided.")
REVOCATION_DECISION_UNKNOWN = _("Unknown decision.")


def _check_revocation_duty(actor) -> None:
    if not duties.may_revoke(actor):
        raise ValidationError(
            {"reasons": [duties.REVOCATION_NOT_YOUR_DUTY % {"role": actor.get_role_display()}]},
            code="not_your_duty",
        )


@implements("SZ-15b", kind="flow")
@transaction.atomic
def revocation_propose(
    *, actor, organization: Organization, reasons: str, proposed_on: datetime.date
) -> Revocation:
    """Propose revoking an organisation's registration, with the reasons (the law it seriously broke)."""
    _check_revocation_duty(actor)
    _check_division(actor, organization.division)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.revoked_on:
        raise ValidationError({"reasons": [REVOCATION_ALREADY_REVOKED]})
    if not (reasons or "").strip():
        raise ValidationError({"reasons": [REVOCATION_REASONS_REQUIRED]})
    if Revocation.objects.filter(organization=organization, state=RevocationState.PROPOSED).exists():
        raise ValidationError({"reasons": [REVOCATION_PENDING]})
    revocation = Revocation(organization=organization, proposed_on=proposed_on, reasons=reasons.strip())
    revocation.full_clean()
    revocation.save()
    audit_write(actor=actor, instance=revocation, before=None)
    return revocation


@implements("SZ-15b", kind="flow")
@transaction.atomic
def revocation_decide(
    *, actor, revocation: Revocation, decision: str, reasons: str, decided_on: datetime.date
) -> Revocation:
    """Revoke the registration or withdraw the proposal, with reasons; revoking dates the organisation."""
    _check_revocation_duty(actor)
    revocation = Revocation.objects.select_for_update().select_related("organization").get(pk=revocation.pk)
    _check_division(actor, revocation.organization.division)
    if revocation.state != RevocationState.PROPOSED:
        raise ValidationError({"decision": [REVOCATION_NOT_PROPOSED]})
    if decision not in (RevocationState.REVOKED, RevocationState.WITHDRAWN):
        raise ValidationError({"decision": [REVOCATION_DECISION_UNKNOWN]})
    if not (reasons or "").strip():
        raise ValidationError({"reasons": [DECISION_REASONS_REQUIRED]})
    before = snapshot(revocation)
    revocation.state, revocation.decided_on, revocation.decision_reasons = (
        decision,
        decided_on,
        reasons.strip(),
    )
    revocation.save()
    audit_write(actor=actor, instance=revocation, before=before, action="transition", reason=reasons.strip())
    if decision == RevocationState.REVOKED:
        organization = revocation.organization
        org_before = snapshot(organization)
        organization.revoked_on = decided_on
        organization.save(update_fields=["revoked_on", "updated_at"])
        audit_write(actor=actor, instance=organization, before=org_before, action="transition")
    return revocation
