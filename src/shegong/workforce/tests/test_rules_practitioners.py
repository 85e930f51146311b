"""Rules on practitioners (SZ-07a, SZ-07b, SM-03, HZ-17, HZ-12, SZ-04, SM-08): boundaries, dates, scope, cost."""

import datetime
from decimal import Decimal

import pytest

from shegong.policy.engine import RuleResult, evaluate_rule, get_rule
from shegong.policy.scanning import rows_for
from shegong.workforce.models import (
    Employment,
    FilingState,
    FilingTransition,
    Practitioner,
    TrainingKind,
    TrainingRecord,
)
from shegong.workforce.tests.factories import (
    CertificateFactory,
    EmploymentFactory,
    PractitionerFactory,
    TrainingRecordFactory,
    make_id_number,
)

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2022, 6, 30)
ALL_RULES = ["SZ-07a", "SZ-07b", "SM-03", "HZ-17", "HZ-12", "SZ-04", "SM-08"]


def fired(spec_id, as_of=AS_OF):
    return [v.subject for v in evaluate_rule(get_rule(spec_id), as_of=as_of).violations]


def practitioner(
    division,
    *,
    hours=None,
    kind=TrainingKind.CONTINUING_EDUCATION,
    held_on=datetime.date(2022, 3, 1),
    **fields,
):
    person = PractitionerFactory(division=division, **fields)
    if hours is not None:
        TrainingRecordFactory(practitioner=person, kind=kind, hours=Decimal(hours), held_on=held_on)
    return person


def explanation(spec_id, as_of=AS_OF):
    result = evaluate_rule(get_rule(spec_id), as_of=as_of)
    [row] = rows_for(RuleResult(rule=result.rule, in_force=True, violations=result.violations, checked=None))
    return row


# Yearly training hours ------------------------------------------------------------------------------


@pytest.mark.parametrize(("hours", "fires"), [("79", True), ("79.5", True), ("80", False), ("120", False)])
def test_shenzhen_continuing_education_80_hours_a_year(cities, hours, fires):
    person = practitioner(cities["shenzhen"], hours=hours)

    assert fired("SZ-07a") == ([person] if fires else [])


def test_shenzhen_counts_only_continuing_education_of_the_as_of_year_up_to_that_day(cities):
    person = practitioner(cities["shenzhen"], hours="40")
    TrainingRecordFactory(
        practitioner=person,
        kind=TrainingKind.SUPERVISION,
        hours=Decimal("40"),
        held_on=datetime.date(2022, 3, 2),
    )
    TrainingRecordFactory(practitioner=person, hours=Decimal("40"), held_on=datetime.date(2021, 12, 31))
    TrainingRecordFactory(practitioner=person, hours=Decimal("40"), held_on=datetime.date(2022, 7, 1))

    [violation] = evaluate_rule(get_rule("SZ-07a"), as_of=AS_OF).violations
    assert (violation.measured, violation.threshold) == (Decimal("40"), 80)
    assert fired("SZ-07a", as_of=datetime.date(2022, 7, 1)) == []  # the July hours now count


def test_shenzhen_training_finding_is_explained_in_chinese_with_the_clause(cities):
    practitioner(cities["shenzhen"], hours="79", name="张三")

    row = explanation("SZ-07a")

    assert row.explanation_zh == (
        "张三 2022年继续教育累计 79 学时，少于《深圳市关于提升社会工作服务水平的若干措施》第（七）条"
        "规定的每年 80 学时。"
    )
    assert "79" in row.explanation_en and "(七)" in row.explanation_en
    assert (row.measured, row.threshold, row.parameters) == (
        "79.0",
        "80",
        {"continuing_education_hours_min": 80},
    )


@pytest.mark.parametrize(("hours", "fires"), [("19", True), ("19.5", True), ("20", False)])
def test_sanming_community_workers_train_20_hours_a_year(cities, hours, fires):
    person = practitioner(
        cities["sanming"],
        hours=hours,
        kind=TrainingKind.OTHER,
        community_worker=True,
        id_number=make_id_number(1, area="350403"),
    )

    assert fired("SM-03") == ([person] if fires else [])


def test_sanming_rule_leaves_practitioners_outside_communities_alone(cities):
    practitioner(cities["sanming"], community_worker=False, id_number=make_id_number(2, area="350403"))

    assert fired("SM-03") == []


@pytest.mark.parametrize(("hours", "fires"), [("47", True), ("47.5", True), ("48", False)])
def test_huizhou_workers_train_48_hours_a_year(cities, hours, fires):
    person = practitioner(cities["huizhou"], hours=hours, kind=TrainingKind.SUPERVISION)

    assert fired("HZ-17") == ([person] if fires else [])


def test_huizhou_training_finding_in_chinese(cities):
    practitioner(cities["huizhou"], hours="47", name="李四")

    assert explanation("HZ-17").explanation_zh == (
        "李四 2022年培训累计 47 学时，少于《“惠州市兜底民生服务社会工作双百工程”实施方案》五（三）3规定的每年 48 学时。"
    )


@pytest.mark.parametrize(
    "state", [FilingState.APPLIED, FilingState.UNDER_REVIEW, FilingState.SUSPENDED, FilingState.DEREGISTERED]
)
def test_yearly_training_rules_check_only_practitioners_filed_on_the_date(cities, state):
    for city in ("shenzhen", "huizhou"):
        person = practitioner(cities[city], hours="1")
        FilingTransition.objects.create(
            practitioner=person, from_state="filed", to_state=state, effective_on=datetime.date(2022, 6, 1)
        )

    assert fired("SZ-07a") == fired("HZ-17") == []
    assert len(fired("SZ-07a", as_of=datetime.date(2022, 5, 31))) == 1  # still filed then


# Pre-job training -----------------------------------------------------------------------------------


def hired(division, starts_on, *, pre_job=None, pre_job_hours="15", **fields):
    person = PractitionerFactory(division=division, **fields)
    EmploymentFactory(practitioner=person, organization=None or _organization(division), starts_on=starts_on)
    if pre_job:
        TrainingRecordFactory(
            practitioner=person, kind=TrainingKind.PRE_JOB, hours=Decimal(pre_job_hours), held_on=pre_job
        )
    return person


def _organization(division):
    from shegong.organizations.tests.factories import OrganizationFactory

    return OrganizationFactory(division=division)


@pytest.mark.parametrize(
    ("as_of", "pre_job", "fires"),
    [
        (datetime.date(2022, 2, 28), None, False),  # last day of the first year
        (datetime.date(2022, 3, 1), None, True),
        (datetime.date(2022, 3, 1), datetime.date(2022, 2, 28), False),  # trained on the last day
        (datetime.date(2022, 3, 1), datetime.date(2021, 2, 20), False),  # trained just before starting
    ],
)
def test_shenzhen_new_hires_get_pre_job_training_in_the_first_year(cities, as_of, pre_job, fires):
    person = hired(cities["shenzhen"], datetime.date(2021, 3, 1), pre_job=pre_job)

    assert fired("SZ-07b", as_of=as_of) == ([person] if fires else [])


def test_shenzhen_pre_job_training_late_in_the_second_year_still_fires(cities):
    person = hired(cities["shenzhen"], datetime.date(2021, 3, 1), pre_job=datetime.date(2022, 3, 1))

    assert fired("SZ-07b", as_of=datetime.date(2022, 6, 30)) == [person]


def test_shenzhen_hires_before_the_measures_are_not_new_hires(cities):
    hired(cities["shenzhen"], datetime.date(2020, 11, 11))
    late = hired(cities["shenzhen"], datetime.date(2020, 11, 12))

    assert fired("SZ-07b", as_of=datetime.date(2022, 6, 30)) == [late]


@pytest.mark.parametrize(("hours", "fires"), [("14", True), ("14.5", True), ("15", False)])
def test_huizhou_pre_job_training_15_hours(cities, hours, fires):
    person = hired(
        cities["huizhou"], datetime.date(2021, 7, 1), pre_job=datetime.date(2021, 6, 20), pre_job_hours=hours
    )

    assert fired("HZ-12") == ([person] if fires else [])


@pytest.mark.parametrize(
    ("as_of", "fires"), [(datetime.date(2021, 9, 30), False), (datetime.date(2021, 10, 1), True)]
)
def test_huizhou_pre_job_training_is_due_by_the_end_of_september_2021(cities, as_of, fires):
    person = hired(cities["huizhou"], datetime.date(2021, 7, 1))

    assert fired("HZ-12", as_of=as_of) == ([person] if fires else [])


@pytest.mark.parametrize(
    ("as_of", "fires"), [(datetime.date(2022, 7, 1), False), (datetime.date(2022, 7, 2), True)]
)
def test_huizhou_later_hires_need_pre_job_training_by_their_first_day(cities, as_of, fires):
    person = hired(cities["huizhou"], datetime.date(2022, 7, 1))

    assert fired("HZ-12", as_of=as_of) == ([person] if fires else [])


# Certified staff on post ----------------------------------------------------------------------------


def on_post(division, *, contract, professional=True, certified_on=None, starts_on=datetime.date(2021, 1, 4)):
    person = PractitionerFactory(division=division)
    EmploymentFactory(
        practitioner=person,
        organization=_organization(division),
        starts_on=starts_on,
        contract_signed_on=contract,
        is_professional_post=professional,
    )
    if certified_on:
        CertificateFactory(practitioner=person, issued_on=certified_on)
    return person


@pytest.mark.parametrize(
    ("contract", "as_of", "fires"),
    [
        (datetime.date(2020, 11, 12), datetime.date(2021, 6, 30), True),  # contract signed from the first day
        (datetime.date(2020, 11, 11), datetime.date(2021, 6, 30), False),  # older contract: not yet
        (datetime.date(2020, 11, 11), datetime.date(2022, 12, 31), False),
        (datetime.date(2020, 11, 11), datetime.date(2023, 1, 1), True),  # from 2023 every professional post
    ],
)
def test_shenzhen_certified_staff_on_professional_posts(cities, contract, as_of, fires):
    person = on_post(cities["shenzhen"], contract=contract, starts_on=datetime.date(2020, 1, 1))

    assert fired("SZ-04", as_of=as_of) == ([person] if fires else [])


def test_shenzhen_certificate_held_on_the_date_satisfies_the_rule(cities):
    on_post(cities["shenzhen"], contract=datetime.date(2021, 1, 1), certified_on=datetime.date(2021, 6, 30))
    late = on_post(
        cities["shenzhen"], contract=datetime.date(2021, 1, 1), certified_on=datetime.date(2021, 7, 1)
    )

    assert fired("SZ-04", as_of=datetime.date(2021, 6, 30)) == [late]


def test_shenzhen_non_professional_and_non_purchased_posts_need_no_certificate(cities):
    on_post(cities["shenzhen"], contract=datetime.date(2021, 1, 1), professional=False)
    on_post(cities["shenzhen"], contract=None)

    assert fired("SZ-04", as_of=datetime.date(2023, 6, 30)) == []


def test_certified_staff_finding_names_the_post(cities):
    person = on_post(cities["shenzhen"], contract=datetime.date(2021, 1, 1))
    Employment.objects.filter(practitioner=person).update(post="禁毒社工")

    row = explanation("SZ-04")

    assert "禁毒社工" in row.explanation_zh and "（四）" in row.explanation_zh


# Practising only when registered -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "fires"),
    [
        (None, True),
        (FilingState.UNDER_REVIEW, True),
        (FilingState.FILED, False),
        (FilingState.SUSPENDED, True),
        (FilingState.DEREGISTERED, True),
    ],
)
def test_sanming_practising_only_when_registered(cities, state, fires):
    person = hired(
        cities["sanming"],
        datetime.date(2021, 1, 4),
        filed_since=None,
        id_number=make_id_number(3, area="350403"),
    )
    if state is None:
        FilingTransition.objects.filter(practitioner=person).delete()
    elif state != FilingState.APPLIED:
        FilingTransition.objects.create(
            practitioner=person, from_state="applied", to_state=state, effective_on=datetime.date(2021, 1, 4)
        )

    assert fired("SM-08") == ([person] if fires else [])


@pytest.mark.parametrize(
    ("as_of", "fires"), [(datetime.date(2022, 4, 30), True), (datetime.date(2022, 5, 1), False)]
)
def test_sanming_registration_counts_from_its_effective_day(cities, as_of, fires):
    person = hired(
        cities["sanming"],
        datetime.date(2021, 1, 4),
        filed_since=datetime.date(2022, 5, 1),
        id_number=make_id_number(4, area="350403"),
    )

    assert fired("SM-08", as_of=as_of) == ([person] if fires else [])


def test_sanming_cancelled_registration_is_explained(cities):
    hired(
        cities["sanming"],
        datetime.date(2021, 1, 4),
        filed_since=None,
        name="王芳",
        id_number=make_id_number(5, area="350403"),
    )

    row = explanation("SM-08")

    assert row.explanation_zh.startswith("王芳 ")
    assert row.explanation_zh == (
        "王芳 在“社会工作者”岗位执业，但登记状态为“已申请”；《关于加强社会工作专业人才队伍建设的实施办法》"
        "二（三）3规定，注册登记后方可从事社会工作职业活动。"
    )
    assert "Applied" in row.explanation_en and "二(三)3" in row.explanation_en


# Dates and jurisdiction -----------------------------------------------------------------------------


def everything_wrong(division, n):
    """A filed practitioner on a purchased professional post, uncertified, untrained, community worker."""
    person = PractitionerFactory(
        division=division,
        community_worker=True,
        filed_since=datetime.date(2013, 1, 1),
        id_number=make_id_number(n, area="350403"),
    )
    EmploymentFactory(
        practitioner=person,
        organization=_organization(division),
        starts_on=datetime.date(2021, 1, 4),
        contract_signed_on=datetime.date(2021, 1, 4),
    )
    return person


@pytest.mark.parametrize(
    ("as_of", "fires"),
    [
        (datetime.date(2020, 11, 11), False),  # the day before the Shenzhen measures took effect
        (datetime.date(2022, 1, 4), True),
        (datetime.date(2025, 11, 11), True),  # last day in force
        (datetime.date(2025, 11, 12), False),  # lapsed
    ],
)
@pytest.mark.parametrize("spec_id", ["SZ-07a", "SZ-07b", "SZ-04"])
def test_shenzhen_rules_apply_only_while_the_measures_are_in_force(cities, spec_id, as_of, fires):
    person = everything_wrong(cities["shenzhen"], 10)
    Employment.objects.filter(practitioner=person).update(starts_on=datetime.date(2020, 11, 12))

    assert bool(fired(spec_id, as_of=as_of)) is fires


@pytest.mark.parametrize(
    ("as_of", "fires"), [(datetime.date(2021, 5, 5), False), (datetime.date(2021, 12, 31), True)]
)
def test_huizhou_rules_apply_from_the_day_of_the_plan(cities, as_of, fires):
    person = everything_wrong(cities["huizhou"], 11)
    Employment.objects.filter(practitioner=person).update(starts_on=datetime.date(2021, 1, 4))

    assert bool(fired("HZ-17", as_of=as_of)) is fires
    assert bool(fired("HZ-12", as_of=as_of)) is fires


@pytest.mark.parametrize(
    ("as_of", "fires"), [(datetime.date(2013, 4, 8), False), (datetime.date(2013, 4, 9), True)]
)
def test_sanming_rules_apply_from_the_day_the_measures_are_known(cities, as_of, fires):
    person = everything_wrong(cities["sanming"], 12)
    Employment.objects.filter(practitioner=person).update(starts_on=datetime.date(2013, 1, 1))

    assert bool(fired("SM-03", as_of=as_of)) is fires
    FilingTransition.objects.filter(practitioner=person).delete()
    assert bool(fired("SM-08", as_of=as_of)) is fires


def test_rules_ignore_practitioners_outside_their_city(cities):
    everything_wrong(cities["jinan"], 13)

    for spec_id in ALL_RULES:
        assert fired(spec_id, as_of=datetime.date(2023, 6, 30)) == [], spec_id


@pytest.mark.parametrize("rows", [10, 1000])
def test_query_count_does_not_depend_on_the_number_of_practitioners(cities, rows, django_assert_num_queries):
    organization = _organization(cities["jinan"])
    people = []
    for city in ("shenzhen", "sanming", "huizhou"):
        for i in range(rows):
            person = PractitionerFactory.build(
                division=cities[city],
                community_worker=True,
                filed_since=datetime.date(2021, 1, 4),
                id_number=make_id_number(
                    i + 1000 * len(people) // max(rows, 1),
                    area="350403",
                    born=datetime.date(1990, 1, 1) + datetime.timedelta(days=len(people)),
                ),
            )
            people.append(person)
    Practitioner.objects.bulk_create(people)
    FilingTransition.objects.bulk_create(
        FilingTransition(
            practitioner=p, from_state="applied", to_state=s, effective_on=datetime.date(2021, 1, 4)
        )
        for p in people
        for s in ("applied",) + (("filed",) if p.division_id != "350404" else ())
    )
    Employment.objects.bulk_create(
        Employment(
            practitioner=p,
            organization=organization,
            post="社工",
            starts_on=datetime.date(2021, 1, 4),
            contract_signed_on=datetime.date(2021, 1, 4),
        )
        for p in people
    )
    TrainingRecord.objects.bulk_create(
        TrainingRecord(practitioner=p, kind=TrainingKind.SUPERVISION, hours=Decimal("1"), held_on=AS_OF)
        for p in people
    )

    with django_assert_num_queries(len(ALL_RULES)):
        counts = {spec_id: len(fired(spec_id)) for spec_id in ALL_RULES}

    assert counts == {
        "SZ-07a": rows,
        "SZ-07b": rows,
        "SM-03": 0,
        "HZ-17": rows,
        "HZ-12": rows,
        "SZ-04": rows,
        "SM-08": rows,
    }


def test_rules_read_no_id_number_and_findings_still_name_the_practitioner(cities):
    """Issue 11: a scan of a province never decrypts the ID numbers; the finding shows the masked one."""
    from unittest import mock

    from shegong.common import encryption

    person = practitioner(cities["shenzhen"], hours="79", name="张三")
    employer = _organization(cities["shenzhen"])
    EmploymentFactory(practitioner=person, organization=employer, starts_on=datetime.date(2021, 1, 4))

    with mock.patch.object(encryption, "decrypt_text", wraps=encryption.decrypt_text) as decrypt:
        result = evaluate_rule(get_rule("SZ-07a"), as_of=AS_OF)
        [row] = rows_for(result)

    assert decrypt.call_count == 0
    assert row.subject_id == str(person.pk)
    assert row.subject_repr == f"张三（{person.id_number_masked}）"
    assert (row.division_code, row.organization_id) == (person.division_id, person.employer_id)
    assert row.inputs["id_number"] == person.id_number_masked
