"""Writes on ranks and pay: salary guides, ranks, pay, social insurance, subsidies, awards, exam fees.

Every write is audited in its transaction. Salary guides are written by city officers (or system
administrators) whose jurisdiction contains the city; the records of a practitioner by whoever may
change the practitioner (``services.can_change``).
"""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shegong.common.audit import audit_record, audit_write, snapshot
from shegong.common.models import AuditEntry
from shegong.organizations.models import Organization
from shegong.policy.coverage import implements
from shegong.procurement.domains import HIGH_RISK_DOMAINS, ServiceDomain

from . import ranks
from .models import (
    CERTIFICATE_RANK,
    Award,
    CertificateLevel,
    CertificateSubsidy,
    ExamFeeRecord,
    PayRecord,
    Practitioner,
    Rank,
    SalaryGuide,
    SalaryGuideRow,
    SocialInsuranceRecord,
)
from .services import (
    DATE_IN_FUTURE,
    _actor_or_none,
    _check_change,
    _check_organization,
    _check_past,
    _is_officer,
    _today,
    _within_reach,
)

SAMPLE_GUIDE = Path(__file__).with_name("data") / "salary_guide_sample.yaml"

NOT_ALLOWED_GUIDE = _("Only civil-affairs officers of the city may record or change its salary guide.")
NOT_A_CITY = _("A salary guide belongs to a city; choose a city.")
GUIDE_DAY_TAKEN = _("This city already has a salary guide in force from that day.")
TITLE_REQUIRED = _("Enter the title of the salary guide.")
PAY_INVALID = _("Enter an amount in yuan, zero or more, with at most two decimals.")
UNKNOWN_RANK = _("Unknown rank.")
UNKNOWN_DOMAIN = _("Unknown service domain.")
UNKNOWN_LEVEL = _("Unknown certificate level.")
NOT_FIRST_OF_MONTH = _("Give the month as its first day.")
PAY_NOT_POSITIVE = _("The pay must be more than zero.")
MONTH_TAKEN = _("This month is already recorded for this practitioner and employer.")
SUBSIDY_MONTH_TAKEN = _("This month's certificate subsidy is already recorded.")
NO_RANK_LADDER = _("No rank ladder is in force for the practitioner's division on that day.")
RANK_SINCE_REQUIRED = _("Give the day from which the rank is held.")
AWARD_TITLE_REQUIRED = _("Enter the award.")
AWARDED_BY_REQUIRED = _("Enter who gave the award.")
REIMBURSED_BEFORE_PASS = _("The fee cannot be reimbursed before the exam was passed.")
REWARD_AFTER_PERIOD = _(
    "Rewards for passing the exam were given only for passes until %(date)s (clause 二(三)1 of the Sanming "
    "measures); this pass was on %(passed)s."
)


def _first_of_month(field: str, value: datetime.date) -> None:
    if value.day != 1:
        raise ValidationError({field: NOT_FIRST_OF_MONTH}, code="not_first_of_month")
    if value > _today():
        raise ValidationError({field: DATE_IN_FUTURE}, code="date_in_future")


# Salary guides (SZ-06a) ----------------------------------------------------------------------------


def can_change_guide(actor, division_code: str) -> bool:
    """City officers (or above) whose jurisdiction contains the city, and system administrators."""
    if actor is None or actor.is_system_admin:
        return True
    return (
        _is_officer(actor)
        and bool(actor.division_id)
        and len(actor.division_id) <= 4
        and _within_reach(actor, division_code)
    )


@functools.cache
def sample_guide() -> dict:
    """The sample table of ``data/salary_guide_sample.yaml`` (示例数据)."""
    with SAMPLE_GUIDE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def sample_rows() -> dict[tuple[str, str], Decimal]:
    """The sample guide expanded to every rank × service domain."""
    data = sample_guide()["ranks"]
    return {
        (rank, domain): Decimal(str(data[rank]["high_risk" if domain in HIGH_RISK_DOMAINS else "base"]))
        for rank in Rank.values
        for domain in ServiceDomain.values
    }


def _clean_rows(rows: dict) -> dict[tuple[str, str], Decimal]:
    cleaned = {}
    for (rank, domain), value in rows.items():
        if rank not in Rank.values:
            raise ValidationError({"rows": UNKNOWN_RANK}, code="unknown_rank")
        if domain not in ServiceDomain.values:
            raise ValidationError({"rows": UNKNOWN_DOMAIN}, code="unknown_domain")
        if value in (None, ""):
            continue
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            raise ValidationError({f"pay_{rank}__{domain}": PAY_INVALID}, code="pay_invalid") from None
        if (
            not amount.is_finite()
            or amount < 0
            or amount >= Decimal("1000000")
            or amount != amount.quantize(Decimal("0.01"))
        ):
            raise ValidationError({f"pay_{rank}__{domain}": PAY_INVALID}, code="pay_invalid")
        cleaned[(rank, domain)] = amount
    return cleaned


@implements("SZ-06a", kind="record")
@transaction.atomic
def salary_guide_create(
    *,
    actor,
    division,
    title: str,
    effective_from: datetime.date,
    source: str = "",
    rows: dict | None = None,
    is_sample: bool = False,
) -> SalaryGuide:
    """Record a city's salary guide in force from ``effective_from`` with ``{(rank, domain): pay}`` rows."""
    if division is None or division.level != "city":
        raise ValidationError({"division": NOT_A_CITY}, code="not_a_city")
    if not can_change_guide(actor, division.code):
        raise PermissionDenied(NOT_ALLOWED_GUIDE)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": TITLE_REQUIRED}, code="required")
    if SalaryGuide.objects.filter(division=division, effective_from=effective_from).exists():
        raise ValidationError({"effective_from": GUIDE_DAY_TAKEN}, code="guide_day_taken")
    cleaned = _clean_rows(rows or {})
    guide = SalaryGuide(
        division=division,
        title=title,
        effective_from=effective_from,
        source=(source or "").strip(),
        is_sample=is_sample,
        recorded_by=_actor_or_none(actor),
    )
    guide.full_clean()
    guide.save()
    SalaryGuideRow.objects.bulk_create(
        SalaryGuideRow(guide=guide, rank=rank, domain=domain, monthly_pay=pay)
        for (rank, domain), pay in cleaned.items()
    )
    audit_write(actor=actor, instance=guide, before=None)
    return guide


def salary_guide_create_sample(*, actor, division, effective_from: datetime.date) -> SalaryGuide:
    """Record the shipped sample table (示例数据) as a city's guide, marked as sample data."""
    data = sample_guide()
    return salary_guide_create(
        actor=actor,
        division=division,
        title=data["title"],
        effective_from=effective_from,
        source=data["source"],
        rows=sample_rows(),
        is_sample=True,
    )


@transaction.atomic
def salary_guide_update(
    *, actor, guide: SalaryGuide, rows: dict, title: str | None = None, source: str | None = None
) -> SalaryGuide:
    """Replace the cells of a guide (an empty cell removes it); a bureau's edit ends its sample mark."""
    if not can_change_guide(actor, guide.division_id):
        raise PermissionDenied(NOT_ALLOWED_GUIDE)
    cleaned = _clean_rows(rows)
    before = snapshot(guide)
    before["rows"] = {
        f"{r}/{d}": str(p) for r, d, p in guide.rows.values_list("rank", "domain", "monthly_pay")
    }
    if title is not None:
        if not title.strip():
            raise ValidationError({"title": TITLE_REQUIRED}, code="required")
        guide.title = title.strip()
    if source is not None:
        guide.source = source.strip()
    guide.save()
    guide.rows.all().delete()
    SalaryGuideRow.objects.bulk_create(
        SalaryGuideRow(guide=guide, rank=rank, domain=domain, monthly_pay=pay)
        for (rank, domain), pay in cleaned.items()
    )
    after = snapshot(guide)
    after["rows"] = {f"{r}/{d}": str(p) for (r, d), p in cleaned.items()}
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, instance=guide, before=before, after=after)
    return guide


# Ranks (SM-12) ------------------------------------------------------------------------------------


def rank_problems(practitioner: Practitioner, rank: str, on: datetime.date) -> list[str]:
    """Why ``practitioner`` may not hold ``rank`` from ``on`` (empty: may); bounded queries."""
    ladder = ranks.ladder_for(practitioner.division_id, on)
    if ladder is None:
        return [str(NO_RANK_LADDER)]
    levels = practitioner.certificates.filter(issued_on__lte=on).values_list("level", flat=True)
    top = max(levels, key=lambda level: CERTIFICATE_RANK[level], default=None)
    first_post = (
        practitioner.employments.filter(starts_on__lte=on)
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
        .first()
    )
    grade = (
        practitioner.assessments.filter(final_on__lte=on)
        .order_by("-year")
        .values_list("grade", flat=True)
        .first()
    )
    return ranks.rank_refusals(
        ladder=ladder,
        rank=rank,
        on=on,
        top_certificate=top,
        first_post_on=first_post,
        current_rank=practitioner.rank,
        current_rank_since=practitioner.rank_since,
        latest_grade=grade,
    )


@implements("SM-12", kind="flow")
@transaction.atomic
def practitioner_set_rank(
    *, actor, practitioner: Practitioner, rank: str, since: datetime.date
) -> Practitioner:
    """Give a practitioner a rank of the ladder from ``since``, if its entry and promotion conditions hold."""
    _check_change(actor, practitioner)
    if rank not in Rank.values:
        raise ValidationError({"rank": UNKNOWN_RANK}, code="unknown_rank")
    if since is None:
        raise ValidationError({"since": RANK_SINCE_REQUIRED}, code="required")
    _check_past("since", since, birth_date=practitioner.birth_date)
    problems = rank_problems(practitioner, rank, since)
    if problems:
        raise ValidationError({"rank": problems}, code="rank_conditions")
    before = snapshot(practitioner)
    practitioner.rank = rank
    practitioner.rank_since = since
    practitioner.save(update_fields=["rank", "rank_since", "updated_at"])
    audit_write(actor=actor, instance=practitioner, before=before)
    return practitioner


# Pay records (SZ-06d, HZ-06) ------------------------------------------------------------------------


@implements("SZ-06d", kind="record")
@transaction.atomic
def pay_record_add(
    *,
    actor,
    practitioner: Practitioner,
    month: datetime.date,
    employer: Organization,
    rank: str,
    domain: str,
    gross_pay: Decimal,
) -> PayRecord:
    """Record a month's gross pay of a practitioner from an employer, with the rank and domain paid for."""
    _check_change(actor, practitioner)
    _check_organization(actor, employer, field="employer")
    _first_of_month("month", month)
    if rank not in Rank.values:
        raise ValidationError({"rank": UNKNOWN_RANK}, code="unknown_rank")
    if domain not in ServiceDomain.values:
        raise ValidationError({"domain": UNKNOWN_DOMAIN}, code="unknown_domain")
    if gross_pay is None or Decimal(str(gross_pay)) <= 0:
        raise ValidationError({"gross_pay": PAY_NOT_POSITIVE}, code="pay_not_positive")
    if PayRecord.objects.filter(practitioner=practitioner, employer=employer, month=month).exists():
        raise ValidationError({"month": MONTH_TAKEN}, code="month_taken")
    record = PayRecord(
        practitioner=practitioner,
        month=month,
        employer=employer,
        rank=rank,
        domain=domain,
        gross_pay=Decimal(str(gross_pay)),
        recorded_by=_actor_or_none(actor),
    )
    record.full_clean()
    record.save()
    audit_write(actor=actor, instance=record, before=None)
    return record


@implements("SM-10", kind="record")
@transaction.atomic
def insurance_record_add(
    *,
    actor,
    practitioner: Practitioner,
    month: datetime.date,
    employer: Organization,
    pension: bool = False,
    medical: bool = False,
    unemployment: bool = False,
    work_injury: bool = False,
    housing_fund: bool = False,
    paid_in_full: bool = True,
    paid_on_time: bool = True,
) -> SocialInsuranceRecord:
    """Record which social insurances (四险一金) an employer paid for a practitioner in a month."""
    _check_change(actor, practitioner)
    _check_organization(actor, employer, field="employer")
    _first_of_month("month", month)
    if SocialInsuranceRecord.objects.filter(
        practitioner=practitioner, employer=employer, month=month
    ).exists():
        raise ValidationError({"month": MONTH_TAKEN}, code="month_taken")
    record = SocialInsuranceRecord(
        practitioner=practitioner,
        month=month,
        employer=employer,
        pension=pension,
        medical=medical,
        unemployment=unemployment,
        work_injury=work_injury,
        housing_fund=housing_fund,
        paid_in_full=paid_in_full,
        paid_on_time=paid_on_time,
        recorded_by=_actor_or_none(actor),
    )
    record.full_clean()
    record.save()
    audit_write(actor=actor, instance=record, before=None)
    return record


@implements("SM-09", kind="record")
@transaction.atomic
def subsidy_record_add(
    *,
    actor,
    practitioner: Practitioner,
    month: datetime.date,
    level: str,
    amount: Decimal,
    title_subsidy_paid: bool = False,
) -> CertificateSubsidy:
    """Record a month's certificate subsidy of a community worker (the rule SM-09 checks the amount)."""
    _check_change(actor, practitioner)
    _first_of_month("month", month)
    if level not in CertificateLevel.values:
        raise ValidationError({"level": UNKNOWN_LEVEL}, code="unknown_level")
    if CertificateSubsidy.objects.filter(practitioner=practitioner, month=month).exists():
        raise ValidationError({"month": SUBSIDY_MONTH_TAKEN}, code="month_taken")
    record = CertificateSubsidy(
        practitioner=practitioner,
        month=month,
        level=level,
        amount=Decimal(str(amount)),
        title_subsidy_paid=title_subsidy_paid,
        recorded_by=_actor_or_none(actor),
    )
    record.full_clean()
    record.save()
    audit_write(actor=actor, instance=record, before=None)
    return record


@implements("SM-11", kind="record")
@transaction.atomic
def award_record(
    *,
    actor,
    practitioner: Practitioner,
    title: str,
    awarded_on: datetime.date,
    awarded_by: str,
    note: str = "",
) -> Award:
    """Record an award or commendation of a practitioner (表彰奖励)."""
    _check_change(actor, practitioner)
    title, awarded_by = (title or "").strip(), (awarded_by or "").strip()
    if not title:
        raise ValidationError({"title": AWARD_TITLE_REQUIRED}, code="required")
    if not awarded_by:
        raise ValidationError({"awarded_by": AWARDED_BY_REQUIRED}, code="required")
    _check_past("awarded_on", awarded_on, birth_date=practitioner.birth_date)
    award = Award(
        practitioner=practitioner,
        title=title,
        awarded_on=awarded_on,
        awarded_by=awarded_by,
        note=(note or "").strip(),
        recorded_by=_actor_or_none(actor),
    )
    award.full_clean()
    award.save()
    audit_write(actor=actor, instance=award, before=None)
    return award


def _reward_until(practitioner: Practitioner, passed_on: datetime.date) -> datetime.date | None:
    """SM-06: the last day a pass earns a reward, where the Sanming measures cover the practitioner."""
    from shegong.policy.library import load_library

    library = load_library()
    document = library.document("sanming-2013-talent-measures")
    if not document.covers(practitioner.division_id):
        return None
    value = library.parameter(document.slug, "exam_pass_reward_until").value_on(
        passed_on, practitioner.division_id
    )
    return value.value if value else None


@implements("SM-06", kind="record")
@transaction.atomic
def exam_fee_record(
    *,
    actor,
    practitioner: Practitioner,
    level: str,
    passed_on: datetime.date,
    fee: Decimal,
    reimbursed_on: datetime.date | None = None,
    reimbursed_by: Organization | None = None,
    reward: Decimal = Decimal("0"),
) -> ExamFeeRecord:
    """Record an exam passed, the fee the employer reimbursed and any reward for passing (Sanming)."""
    _check_change(actor, practitioner)
    _check_past("passed_on", passed_on, birth_date=practitioner.birth_date)
    _check_past("reimbursed_on", reimbursed_on)
    _check_organization(actor, reimbursed_by, field="reimbursed_by")
    if reimbursed_on is not None and reimbursed_on < passed_on:
        raise ValidationError({"reimbursed_on": REIMBURSED_BEFORE_PASS}, code="reimbursed_before_pass")
    reward = Decimal(str(reward or 0))
    until = _reward_until(practitioner, passed_on)
    if reward > 0 and until is not None and passed_on > until:
        raise ValidationError(
            {"reward": REWARD_AFTER_PERIOD % {"date": until.isoformat(), "passed": passed_on.isoformat()}},
            code="reward_after_period",
        )
    record = ExamFeeRecord(
        practitioner=practitioner,
        level=level,
        passed_on=passed_on,
        fee=Decimal(str(fee)),
        reimbursed_on=reimbursed_on,
        reimbursed_by=reimbursed_by,
        reward=reward,
        recorded_by=_actor_or_none(actor),
    )
    record.full_clean()
    record.save()
    audit_write(actor=actor, instance=record, before=None)
    return record
