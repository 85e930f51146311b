"""factory_boy factories and helpers for the practitioner registry."""

import datetime
from decimal import Decimal

import factory
from stdnum.cn import ric

from shegong.common.encryption import keyed_hash
from shegong.common.masking import mask_id_number
from shegong.workforce.identity import birth_date_of, gender_of, name_spellings
from shegong.workforce.models import (
    Assessment,
    AssessmentGrade,
    Certificate,
    CertificateLevel,
    Complaint,
    ComplaintSource,
    DisciplinaryDecision,
    Employment,
    FilingState,
    FilingTransition,
    Practitioner,
    Rank,
    SalaryGuide,
    SalaryGuideRow,
    Sanction,
    TrainingKind,
    TrainingRecord,
)

NAMES = ["张三", "李四", "王芳", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴霞"]


def make_id_number(n: int = 0, *, area: str = "440304", born: datetime.date | None = None) -> str:
    """Return a valid resident ID number: ``area`` of birth, a birth date and sequence from ``n``."""
    born = born or datetime.date(1990, 1, 1) + datetime.timedelta(days=n // 1000)
    body = f"{area}{born:%Y%m%d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def with_wrong_check_digit(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


class PractitionerFactory(factory.django.DjangoModelFactory):
    """A practitioner; ``filed_since`` writes the history applied → filed on that day (None: only applied)."""

    class Meta:
        model = Practitioner
        skip_postgeneration_save = True

    class Params:
        filed_since = datetime.date(2020, 1, 2)

    name = factory.Iterator(NAMES)
    id_number = factory.Sequence(lambda n: make_id_number(n))
    id_number_hash = factory.LazyAttribute(lambda o: keyed_hash(o.id_number))
    id_number_masked = factory.LazyAttribute(lambda o: mask_id_number(o.id_number))
    name_pinyin = factory.LazyAttribute(lambda o: name_spellings(o.name)[0])
    name_initials = factory.LazyAttribute(lambda o: name_spellings(o.name)[1])
    gender = factory.LazyAttribute(lambda o: gender_of(o.id_number))
    birth_date = factory.LazyAttribute(lambda o: birth_date_of(o.id_number))
    filing_state = factory.LazyAttribute(
        lambda o: FilingState.FILED if o.filed_since else FilingState.APPLIED
    )
    filed_on = factory.LazyAttribute(lambda o: o.filed_since)

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if not create:
            return
        since = obj.filed_on or datetime.date(2020, 1, 1)
        FilingTransition.objects.create(
            practitioner=obj, from_state="", to_state=FilingState.APPLIED, effective_on=since
        )
        if obj.filing_state != FilingState.APPLIED:
            FilingTransition.objects.create(
                practitioner=obj,
                from_state=FilingState.APPLIED,
                to_state=obj.filing_state,
                effective_on=since,
            )


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    level = CertificateLevel.ASSISTANT
    number = factory.Sequence(lambda n: f"ZS2020{n:06d}")
    issued_on = datetime.date(2019, 6, 1)
    issuer = "人力资源和社会保障部"


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employment

    post = "社会工作者"
    is_professional_post = True
    starts_on = datetime.date(2021, 1, 4)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    kind = TrainingKind.CONTINUING_EDUCATION
    hours = Decimal("8")
    held_on = datetime.date(2022, 3, 1)
    provider = "深圳市社会工作者协会"


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A yearly assessment; final (both signed) on ``final_on`` unless ``final_on=None``."""

    class Meta:
        model = Assessment

    year = 2021
    grade = AssessmentGrade.QUALIFIED
    served_unit = "解放路街道办事处"
    final_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 10, 15))
    employer_signed_on = factory.LazyAttribute(lambda o: o.final_on)
    served_unit_signed_on = factory.LazyAttribute(lambda o: o.final_on)


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    source = ComplaintSource.OFFICER
    received_on = datetime.date(2022, 3, 1)
    summary = "服务态度差"
    time_limit_days = 15
    due_on = factory.LazyAttribute(lambda o: o.received_on + datetime.timedelta(days=o.time_limit_days))


class DisciplinaryDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisciplinaryDecision

    sanction = Sanction.WARNING
    votes_for = 5
    votes_against = 0
    decided_on = datetime.date(2022, 4, 1)
    reason = "违反职业伦理"


class SalaryGuideFactory(factory.django.DjangoModelFactory):
    """A city's salary guide (no rows: add SalaryGuideRowFactory rows or use ``guide_with``)."""

    class Meta:
        model = SalaryGuide

    title = "深圳市社会工作类专业技术人员薪酬指导价位表"
    effective_from = datetime.date(2021, 1, 1)
    is_sample = False


class SalaryGuideRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalaryGuideRow

    rank = Rank.SOCIAL_WORKER
    domain = "community_building"
    monthly_pay = Decimal("8000")


def guide_with(division, rows: dict, **fields) -> SalaryGuide:
    """A guide for ``division`` (a city) with ``{(rank, domain): pay}`` rows."""
    guide = SalaryGuideFactory(division=division, **fields)
    SalaryGuideRow.objects.bulk_create(
        SalaryGuideRow(guide=guide, rank=rank, domain=domain, monthly_pay=Decimal(pay))
        for (rank, domain), pay in rows.items()
    )
    return guide
