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

from .models import (
    CheckItem,
    Inspection,
    InspectionDraw,
    Organization,
    PayDisclosure,
    RegistrationCheck,
    RegistrationReview,
    ReviewState,
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


ORGANIZATION_FIELDS = ("name", "uscc", "kind", "division", "address", "legal_representative", "phone")


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
