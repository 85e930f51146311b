"""Yearly assessment (SM-07), its deadline in Huizhou (HZ-04) and re-hiring only the qualified (HZ-08)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.models import AuditEntry
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.policy.engine import RuleResult, evaluate_rule, get_rule
from shegong.policy.scanning import rows_for
from shegong.workforce import services
from shegong.workforce.models import Assessment, AssessmentGrade, Employment, Practitioner
from shegong.workforce.tests.factories import (
    AssessmentFactory,
    CertificateFactory,
    EmploymentFactory,
    PractitionerFactory,
    make_id_number,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def huizhou(cities):
    return cities["huizhou"]


@pytest.fixture
def employer(huizhou):
    return OrganizationFactory(division=huizhou)


@pytest.fixture
def hz_officer(huizhou):
    return UserFactory(username="hz_huicheng_test", role=Role.DISTRICT_OFFICER, division=huizhou)


@pytest.fixture
def org_admin(employer):
    return UserFactory(username="hz_org_admin_test", role=Role.ORG_ADMIN, organization=employer)


@pytest.fixture
def worker(huizhou, employer):
    person = PractitionerFactory(
        division=huizhou, name="李四", employer=employer, id_number=make_id_number(11, area="441302")
    )
    EmploymentFactory(practitioner=person, organization=employer, starts_on=datetime.date(2021, 7, 1))
    return person


# Recording and signing (SM-07) ----------------------------------------------------------------------


def test_grade_is_final_only_when_employer_and_served_unit_both_signed(worker, hz_officer, org_admin):
    assessment = services.assessment_record(
        actor=hz_officer,
        practitioner=worker,
        year=2022,
        grade=AssessmentGrade.EXCELLENT,
        served_unit="江北街道",
    )
    assert not assessment.is_final

    services.assessment_sign(
        actor=org_admin, assessment=assessment, party=services.EMPLOYER, signed_on=datetime.date(2022, 10, 20)
    )
    assessment.refresh_from_db()
    assert (assessment.is_final, assessment.employer_signed_by) == (False, org_admin)

    services.assessment_sign(
        actor=hz_officer,
        assessment=assessment,
        party=services.SERVED_UNIT,
        signed_on=datetime.date(2022, 10, 25),
    )
    assessment.refresh_from_db()
    assert assessment.final_on == datetime.date(2022, 10, 25)
    assert assessment.served_unit_signed_by == hz_officer
    assert AuditEntry.objects.filter(object_type="workforce.assessment").count() == 3


def test_the_officer_cannot_sign_for_the_employer_nor_the_org_admin_for_the_served_unit(
    worker, hz_officer, org_admin
):
    assessment = AssessmentFactory(practitioner=worker, year=2022, final_on=None)

    with pytest.raises(PermissionDenied, match=str(services.NOT_ALLOWED_TO_SIGN_FOR_EMPLOYER)):
        services.assessment_sign(actor=hz_officer, assessment=assessment, party=services.EMPLOYER)
    with pytest.raises(PermissionDenied, match=str(services.NOT_ALLOWED_TO_SIGN_FOR_SERVED_UNIT)):
        services.assessment_sign(actor=org_admin, assessment=assessment, party=services.SERVED_UNIT)
    assessment.refresh_from_db()
    assert (assessment.employer_signed_on, assessment.served_unit_signed_on) == (None, None)


def test_a_signed_grade_cannot_be_changed_nor_signed_twice(worker, hz_officer, org_admin):
    assessment = services.assessment_record(
        actor=hz_officer,
        practitioner=worker,
        year=2022,
        grade=AssessmentGrade.QUALIFIED,
        served_unit="江北街道",
    )
    services.assessment_sign(
        actor=org_admin, assessment=assessment, party=services.EMPLOYER, signed_on=datetime.date(2022, 10, 20)
    )

    with pytest.raises(ValidationError) as error:
        services.assessment_record(
            actor=hz_officer,
            practitioner=worker,
            year=2022,
            grade=AssessmentGrade.EXCELLENT,
            served_unit="江北街道",
        )
    assert error.value.message_dict == {"grade": [str(services.ASSESSMENT_ALREADY_SIGNED)]}
    with pytest.raises(ValidationError) as error:
        services.assessment_sign(actor=org_admin, assessment=assessment, party=services.EMPLOYER)
    assert error.value.message_dict == {"party": [str(services.ASSESSMENT_PARTY_ALREADY_SIGNED)]}
    assert Assessment.objects.get().grade == AssessmentGrade.QUALIFIED


def test_an_unsigned_grade_can_be_corrected(worker, hz_officer):
    services.assessment_record(
        actor=hz_officer,
        practitioner=worker,
        year=2022,
        grade=AssessmentGrade.QUALIFIED,
        served_unit="江北街道",
    )
    services.assessment_record(
        actor=hz_officer,
        practitioner=worker,
        year=2022,
        grade=AssessmentGrade.BASICALLY_QUALIFIED,
        served_unit="江北街道",
    )

    assert list(Assessment.objects.values_list("year", "grade")) == [(2022, "basically_qualified")]


# HZ-04: final by 31 October ------------------------------------------------------------------------


def fired(spec_id, as_of):
    return [v.subject for v in evaluate_rule(get_rule(spec_id), as_of=as_of).violations]


@pytest.mark.parametrize(
    ("as_of", "fires"), [(datetime.date(2022, 10, 31), False), (datetime.date(2022, 11, 1), True)]
)
def test_huizhou_worker_without_a_final_assessment_is_a_finding_from_1_november(worker, as_of, fires):
    AssessmentFactory(practitioner=worker, year=2021)  # last year's is done

    assert fired("HZ-04", as_of) == ([worker] if fires else [])


@pytest.mark.parametrize(("final_on", "fires"), [(datetime.date(2022, 10, 31), False), (None, True)])
def test_a_final_assessment_by_31_october_meets_hz_04(worker, final_on, fires):
    AssessmentFactory(practitioner=worker, year=2021)
    AssessmentFactory(
        practitioner=worker, year=2022, final_on=final_on, employer_signed_on=datetime.date(2022, 10, 31)
    )  # one signature is not enough

    assert fired("HZ-04", datetime.date(2022, 11, 1)) == ([worker] if fires else [])


def test_hz_04_finding_is_explained_with_the_clause(worker):
    AssessmentFactory(practitioner=worker, year=2021)
    result = evaluate_rule(get_rule("HZ-04"), as_of=datetime.date(2022, 11, 1))
    [row] = rows_for(RuleResult(rule=result.rule, in_force=True, violations=result.violations, checked=None))

    assert row.explanation_zh == (
        "李四 没有2022年度已定稿的年度考核，按《“惠州市兜底民生服务社会工作双百工程”实施方案》"
        "四（二）三应于2022-10-31前完成。"
    )


def test_hz_04_checks_last_year_until_this_years_deadline_and_leaves_other_cities_alone(worker, cities):
    other = PractitionerFactory(division=cities["shenzhen"], id_number=make_id_number(12))
    EmploymentFactory(
        practitioner=other,
        organization=OrganizationFactory(division=cities["shenzhen"]),
        starts_on=datetime.date(2021, 1, 4),
    )

    assert fired("HZ-04", datetime.date(2022, 6, 30)) == [worker]  # 2021 assessment missing
    AssessmentFactory(practitioner=worker, year=2021)
    assert fired("HZ-04", datetime.date(2022, 6, 30)) == []


# HZ-08: re-hiring from 2022-07-01 ------------------------------------------------------------------


def rehire(actor, worker, employer, starts_on):
    return services.employment_add(
        actor=actor, practitioner=worker, organization=employer, post="社工", starts_on=starts_on
    )


@pytest.mark.parametrize(
    ("starts_on", "refused"), [(datetime.date(2022, 6, 30), False), (datetime.date(2022, 7, 1), True)]
)
def test_huizhou_rehires_only_certified_workers_from_1_july_2022(
    worker, employer, hz_officer, starts_on, refused
):
    AssessmentFactory(practitioner=worker, year=2021)  # qualified, but no certificate

    if refused:
        with pytest.raises(ValidationError) as error:
            rehire(hz_officer, worker, employer, starts_on)
        assert error.value.message_dict["organization"] == [
            "自2022-07-01起原则上只续聘持证且年度考核合格及以上等级的社工（惠州市“双百工程”实施方案五（一）三），"
            "该社会工作者未持有全国社会工作者职业水平证书。"
        ]
        assert Employment.objects.count() == 1
    else:
        rehire(hz_officer, worker, employer, starts_on)
        assert Employment.objects.count() == 2


@pytest.mark.parametrize(
    ("grade", "refused"),
    [
        (AssessmentGrade.EXCELLENT, False),
        (AssessmentGrade.QUALIFIED, False),  # 合格及以上
        (AssessmentGrade.BASICALLY_QUALIFIED, True),
        (AssessmentGrade.UNQUALIFIED, True),
        (None, True),
    ],
)
def test_huizhou_rehires_only_workers_rated_qualified_or_better(worker, employer, hz_officer, grade, refused):
    CertificateFactory(practitioner=worker)
    if grade:
        AssessmentFactory(practitioner=worker, year=2021, grade=grade)

    if refused:
        with pytest.raises(ValidationError) as error:
            rehire(hz_officer, worker, employer, datetime.date(2022, 7, 1))
        expected = (
            services.REHIRE_NEEDS_QUALIFIED_GRADE % {"date": "2022-07-01", "grade": grade.label}
            if grade
            else services.REHIRE_NEEDS_ASSESSMENT % {"date": "2022-07-01"}
        )
        assert error.value.message_dict["organization"] == [str(expected)]
        assert Employment.objects.count() == 1
    else:
        rehire(hz_officer, worker, employer, datetime.date(2022, 7, 1))
        assert Employment.objects.count() == 2


def test_a_first_hire_in_huizhou_is_not_a_rehire(huizhou, employer, hz_officer):
    person = PractitionerFactory(division=huizhou, id_number=make_id_number(13, area="441302"))

    rehire(hz_officer, person, employer, datetime.date(2022, 7, 1))

    assert Employment.objects.count() == 1


@pytest.mark.parametrize(
    ("starts_on", "fires"), [(datetime.date(2022, 6, 30), False), (datetime.date(2022, 7, 1), True)]
)
def test_hz_08_flags_existing_rehires_from_1_july_2022(worker, employer, starts_on, fires):
    AssessmentFactory(practitioner=worker, year=2021, grade=AssessmentGrade.BASICALLY_QUALIFIED)
    CertificateFactory(practitioner=worker)
    EmploymentFactory(practitioner=worker, organization=employer, starts_on=starts_on)

    assert fired("HZ-08", datetime.date(2022, 12, 31)) == ([worker] if fires else [])


@pytest.mark.parametrize("rows", [10, 300])
def test_hz_rules_cost_the_same_queries_for_any_number_of_workers(
    huizhou, employer, rows, django_assert_num_queries
):
    people = [
        PractitionerFactory.build(
            division=huizhou,
            id_number=make_id_number(
                i, area="441302", born=datetime.date(1990, 1, 1) + datetime.timedelta(days=i)
            ),
        )
        for i in range(rows)
    ]
    Practitioner.objects.bulk_create(people)
    from shegong.workforce.models import FilingTransition

    FilingTransition.objects.bulk_create(
        FilingTransition(
            practitioner=p, from_state="", to_state="filed", effective_on=datetime.date(2020, 1, 2)
        )
        for p in people
    )
    Employment.objects.bulk_create(
        Employment(practitioner=p, organization=employer, post="社工", starts_on=day)
        for p in people
        for day in (datetime.date(2021, 7, 1), datetime.date(2022, 7, 1))
    )

    with django_assert_num_queries(2):
        counts = {spec_id: len(fired(spec_id, datetime.date(2022, 11, 1))) for spec_id in ("HZ-04", "HZ-08")}

    assert counts == {"HZ-04": rows, "HZ-08": rows}
