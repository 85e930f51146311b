"""SZ-15d weeding-out candidates and the SM-05 count of public-interest organisations."""

import datetime

import pytest
from django.urls import reverse

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.geo.tests.factories import make_division
from shegong.organizations.models import OrganizationKind, PayDisclosure
from shegong.organizations.selectors import public_interest_organization_count, weeding_out_candidates
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.policy.models import Finding
from shegong.procurement.models import Evaluation, EvaluationGrade, EvaluationKind
from shegong.procurement.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2024, 6, 30)


@pytest.fixture
def futian(divisions):
    return divisions["440304"]


@pytest.fixture
def futian_officer(futian):
    return UserFactory(role=Role.DISTRICT_OFFICER, division=futian)


def names(candidates):
    return sorted(c.organization.name for c in candidates)


@pytest.mark.parametrize(
    ("registered_on", "listed"),
    [
        (datetime.date(2023, 6, 30), True),  # exactly 12 months without activity
        (datetime.date(2023, 7, 1), False),  # one day short of 12 months
    ],
)
def test_an_organisation_without_activity_for_12_months_is_listed(
    futian, futian_officer, registered_on, listed
):
    OrganizationFactory(name="福田区沉寂社工中心", division=futian, registered_on=registered_on)

    assert bool(weeding_out_candidates(viewer=futian_officer, as_of=AS_OF)) is listed


def test_a_running_project_or_a_published_disclosure_counts_as_activity(futian, futian_officer):
    busy = OrganizationFactory(name="项目中", division=futian, registered_on=datetime.date(2020, 1, 1))
    ProjectFactory(
        provider=busy,
        purchaser_division=futian,
        starts_on=datetime.date(2022, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    open_books = OrganizationFactory(name="已公开", division=futian, registered_on=datetime.date(2020, 1, 1))
    PayDisclosure.objects.create(
        organization=open_books,
        year=2023,
        pay_policy="薪酬制度",
        paid_directors_total=0,
        executives_total=0,
        managers_total=0,
        published_on=datetime.date(2024, 1, 15),
    )
    OrganizationFactory(name="无活动", division=futian, registered_on=datetime.date(2020, 1, 1))

    candidates = weeding_out_candidates(viewer=futian_officer, as_of=AS_OF)

    assert names(candidates) == ["无活动"]
    assert candidates[0].last_activity is None


def test_an_unqualified_evaluation_makes_a_candidate(futian, futian_officer):
    provider = OrganizationFactory(
        name="评估不合格", division=futian, registered_on=datetime.date(2020, 1, 1)
    )
    project = ProjectFactory(
        provider=provider, purchaser_division=futian, ends_on=datetime.date(2024, 12, 31)
    )
    Evaluation.objects.create(
        project=project,
        kind=EvaluationKind.YEARLY,
        period=2023,
        evaluated_on=datetime.date(2024, 1, 20),
        grade=EvaluationGrade.UNQUALIFIED,
    )

    [candidate] = weeding_out_candidates(viewer=futian_officer, as_of=AS_OF)

    assert candidate.poor_evaluations == 1
    assert candidate.inactive_since is None


def _finding(organization, division, first_seen, n):
    return Finding.objects.create(
        rule_id="SZ-13c",
        rule_version=1,
        document="shenzhen-2020-measures",
        clause="(十三)",
        severity="high",
        subject_type="procurement.projectbudget",
        subject_id=str(n),
        subject_repr=f"预算{n}",
        division=division,
        organization=organization,
        as_of=first_seen,
        measured="0.8",
        threshold="0.85",
        explanation_zh="人力成本占比不足",
        explanation_en="Labour share too low",
        first_seen=first_seen,
        last_seen=first_seen,
    )


@pytest.mark.parametrize(("count", "listed"), [(1, False), (2, True)])
def test_repeated_findings_make_a_candidate(futian, futian_officer, count, listed):
    provider = OrganizationFactory(name="屡有违规", division=futian, registered_on=datetime.date(2020, 1, 1))
    ProjectFactory(provider=provider, purchaser_division=futian, ends_on=datetime.date(2024, 12, 31))
    for n in range(count):
        _finding(provider, futian, datetime.date(2023, 3, 1), n)
    _finding(provider, futian, datetime.date(2021, 1, 1), 99)  # before the 36-month look-back

    assert bool(weeding_out_candidates(viewer=futian_officer, as_of=AS_OF)) is listed


def test_candidates_are_scoped_and_revoked_or_jinan_organisations_are_left_out(
    divisions, futian, futian_officer
):
    nanshan = make_division("440305", "南山区")
    OrganizationFactory(name="福田沉寂", division=futian, registered_on=datetime.date(2020, 1, 1))
    OrganizationFactory(name="南山沉寂", division=nanshan, registered_on=datetime.date(2020, 1, 1))
    OrganizationFactory(
        name="已吊销",
        division=futian,
        registered_on=datetime.date(2020, 1, 1),
        revoked_on=datetime.date(2024, 1, 1),
    )
    OrganizationFactory(
        name="济南沉寂", division=divisions["370102"], registered_on=datetime.date(2020, 1, 1)
    )
    admin = UserFactory(role=Role.SYSTEM_ADMIN)

    assert names(weeding_out_candidates(viewer=futian_officer, as_of=AS_OF)) == ["福田沉寂"]
    assert names(weeding_out_candidates(viewer=admin, as_of=AS_OF)) == ["南山沉寂", "福田沉寂"]


def test_no_candidate_once_the_measures_have_lapsed(futian, futian_officer):
    OrganizationFactory(name="福田沉寂", division=futian, registered_on=datetime.date(2020, 1, 1))

    assert weeding_out_candidates(viewer=futian_officer, as_of=datetime.date(2025, 11, 12)) == []


def test_the_query_count_does_not_grow_with_the_organisations(
    futian, futian_officer, django_assert_max_num_queries
):
    for _n in range(15):
        provider = OrganizationFactory(division=futian, registered_on=datetime.date(2020, 1, 1))
        ProjectFactory(provider=provider, purchaser_division=futian, ends_on=datetime.date(2022, 12, 31))

    with django_assert_max_num_queries(7):
        assert len(weeding_out_candidates(viewer=futian_officer, as_of=AS_OF)) == 15


def test_the_weeding_page_lists_the_candidates_with_reasons(client, futian, futian_officer):
    OrganizationFactory(name="福田沉寂", division=futian, registered_on=datetime.date(2020, 1, 1))
    client.force_login(futian_officer)

    response = client.get(
        reverse("organizations:weeding-list"), {"as_of": "2024-06-30"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.status_code == 200
    assert "福田沉寂" in response.content.decode()
    assert "2020-01-01" in response.content.decode()


# SM-05 ---------------------------------------------------------------------------------------------


def test_public_interest_count_follows_registration_revocation_and_kind(divisions):
    lixia = divisions["370102"]
    OrganizationFactory(division=lixia, registered_on=datetime.date(2014, 5, 1))  # a social-work agency
    OrganizationFactory(
        division=lixia,
        kind=OrganizationKind.SOCIAL_GROUP,
        public_interest=True,
        registered_on=datetime.date(2014, 1, 1),
    )
    OrganizationFactory(
        division=lixia, kind=OrganizationKind.ENTERPRISE, registered_on=datetime.date(2014, 1, 1)
    )
    OrganizationFactory(division=lixia, registered_on=datetime.date(2016, 1, 1))  # registered later
    OrganizationFactory(
        division=lixia, registered_on=datetime.date(2013, 1, 1), revoked_on=datetime.date(2015, 6, 1)
    )
    OrganizationFactory(division=divisions["440304"], registered_on=datetime.date(2014, 1, 1))  # elsewhere

    assert public_interest_organization_count(within="3701", as_of=datetime.date(2015, 12, 31)) == 2
    assert public_interest_organization_count(within="3701", as_of=datetime.date(2015, 5, 31)) == 3
