"""Supervision of organisations (SZ-15b) under the department duties (SZ-10), revocation, founders and
leaders, and the public disclosure of penalties and discipline (SZ-16b)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from shegong.accounts.models import DEPARTMENT_ROLES, OFFICER_ROLES, Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.models import AuditEntry
from shegong.organizations import duties, services
from shegong.organizations.models import (
    OrganizationPerson,
    PersonRole,
    Revocation,
    RevocationState,
    SupervisionKind,
    SupervisionRecord,
)
from shegong.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 3, 1)
K = SupervisionKind
# Who may record what: the table of SZ-10 as a user would check it, role by role.
EXPECTED = {
    Role.CITY_OFFICER: set(K.values),
    Role.DISTRICT_OFFICER: set(K.values),
    Role.TOWN_OFFICER: set(K.values),
    Role.SUPERVISORY_UNIT: {K.INTERVIEW, K.MAJOR_EVENT_REPORT, K.EXCHANGE_FILING, K.BAD_CONDUCT},
    Role.FINANCE_OFFICER: {K.BAD_CONDUCT},
    Role.TAX_OFFICER: {K.BAD_CONDUCT, K.PENALTY},
    Role.AUDIT_OFFICER: {K.BAD_CONDUCT},
    Role.DISCIPLINE_INSPECTOR: {K.BAD_CONDUCT},
    Role.POLICE_OFFICER: {K.EXCHANGE_FILING, K.BAD_CONDUCT, K.PENALTY},
    Role.COURT_OFFICER: {K.BAD_CONDUCT},
    Role.DISCIPLINE_COMMITTEE: {K.SECTOR_DISCIPLINE},
    Role.REVIEW_COMMITTEE: set(),
    Role.EVALUATOR: set(),
    Role.SECURITY_ADMIN: set(),
    Role.AUDIT_ADMIN: set(),
}


@pytest.fixture
def lixia_org(divisions):
    return OrganizationFactory(name="历下区阳光社工服务中心", division=divisions["370102"])


def user_with(role, divisions):
    return UserFactory(role=role, division=divisions["3701"])


def record(actor, organization, kind, **extra):
    fields = {"occurred_on": DAY, "summary": "未按规定报送年度报告", "today": datetime.date(2024, 6, 1)}
    if kind == K.EXCHANGE_FILING:
        fields["region"] = "hong_kong"
    fields.update(extra)
    return services.supervision_record(actor=actor, organization=organization, kind=kind, **fields)


def test_every_department_role_has_a_row_in_the_expected_table():
    assert set(DEPARTMENT_ROLES) | set(OFFICER_ROLES) <= set(EXPECTED)


@pytest.mark.parametrize("role", sorted(EXPECTED))
@pytest.mark.parametrize("kind", K.values)
def test_each_role_records_only_the_kinds_of_its_duty(divisions, lixia_org, role, kind):
    actor = user_with(role, divisions)
    allowed = kind in EXPECTED[role]

    assert duties.may_record(actor, kind) is allowed
    if allowed:
        assert record(actor, lixia_org, kind).recorder_role == role
        return
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        record(actor, lixia_org, kind)
    [message] = refused.value.message_dict["kind"]
    assert "SZ-10" in message and "（十）" in message
    assert str(Role(role).label) not in ("",)
    assert SupervisionRecord.objects.count() == 0


def test_a_refusal_names_the_role_and_the_kind_in_chinese(divisions, lixia_org):
    tax = user_with(Role.TAX_OFFICER, divisions)

    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        record(tax, lixia_org, K.SECTOR_DISCIPLINE)

    assert refused.value.message_dict["kind"] == [
        "按部门职责分工（SZ-10，第（十）条），税务部门工作人员不能记录行业纪律惩戒。"
    ]


def test_a_department_outside_the_organisations_division_is_refused(divisions, lixia_org):
    licheng_police = UserFactory(role=Role.POLICE_OFFICER, division=divisions["370112"])

    with pytest.raises(ValidationError) as refused:
        record(licheng_police, lixia_org, K.PENALTY)

    assert "division" in refused.value.message_dict
    assert SupervisionRecord.objects.count() == 0


def test_an_exchange_filing_names_its_region_and_only_it_has_one(lixia_officer, lixia_org):
    with pytest.raises(ValidationError) as missing:
        record(lixia_officer, lixia_org, K.EXCHANGE_FILING, region="")
    with pytest.raises(ValidationError) as extra:
        record(lixia_officer, lixia_org, K.INTERVIEW, region="taiwan")

    assert list(missing.value.message_dict) == ["region"]
    assert list(extra.value.message_dict) == ["region"]
    assert record(lixia_officer, lixia_org, K.EXCHANGE_FILING, region="macao").get_region_display()


def test_a_record_dated_in_the_future_is_refused(lixia_officer, lixia_org):
    with pytest.raises(ValidationError) as refused:
        record(lixia_officer, lixia_org, K.INTERVIEW, occurred_on=datetime.date(2024, 6, 2))

    assert list(refused.value.message_dict) == ["occurred_on"]


def test_the_record_page_offers_a_department_only_its_kinds(client, divisions, lixia_org):
    tax = user_with(Role.TAX_OFFICER, divisions)
    client.force_login(tax)

    page = client.get(reverse("organizations:supervision-create", args=[lixia_org.pk]))

    options = page.context["form"].fields["kind"].choices
    assert [value for value, _label in options] == [K.BAD_CONDUCT, K.PENALTY]


def test_posting_a_kind_outside_the_duty_answers_400_with_the_sz10_message(client, divisions, lixia_org):
    tax = user_with(Role.TAX_OFFICER, divisions)
    client.force_login(tax)

    response = client.post(
        reverse("organizations:supervision-create", args=[lixia_org.pk]),
        {"kind": K.INTERVIEW, "occurred_on": "2024-03-01", "summary": "约谈"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert "SZ-10" in response.content.decode()
    assert SupervisionRecord.objects.count() == 0


def test_a_role_without_any_duty_cannot_open_the_record_page(client, divisions, lixia_org):
    client.force_login(user_with(Role.EVALUATOR, divisions))

    assert client.get(reverse("organizations:supervision-create", args=[lixia_org.pk])).status_code == 403


# Public disclosure (SZ-16b) -------------------------------------------------------------------------


def test_only_penalties_and_discipline_are_published(lixia_officer, lixia_org):
    interview = record(lixia_officer, lixia_org, K.INTERVIEW)

    with pytest.raises(ValidationError):
        services.supervision_record_publish(actor=lixia_officer, record=interview, published_on=DAY)

    interview.refresh_from_db()
    assert interview.published_on is None


def test_the_public_page_shows_published_penalties_without_personal_data(client, lixia_officer, lixia_org):
    published = record(
        lixia_officer,
        lixia_org,
        K.PENALTY,
        summary="违规使用财政资金，警告",
        details="经办人张某某，身份证……",
    )
    record(lixia_officer, lixia_org, K.SECTOR_DISCIPLINE, summary="尚未公开的惩戒")
    services.supervision_record_publish(actor=lixia_officer, record=published, published_on=DAY)

    response = client.get(reverse("organizations:public-penalties"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "违规使用财政资金，警告" in text and lixia_org.name in text
    assert "尚未公开的惩戒" not in text
    assert "张某某" not in text and lixia_officer.full_name not in text


def test_publishing_twice_is_refused(lixia_officer, lixia_org):
    penalty = record(lixia_officer, lixia_org, K.PENALTY)
    services.supervision_record_publish(actor=lixia_officer, record=penalty, published_on=DAY)

    with pytest.raises(ValidationError):
        services.supervision_record_publish(
            actor=lixia_officer, record=penalty, published_on=DAY + datetime.timedelta(days=1)
        )

    penalty.refresh_from_db()
    assert penalty.published_on == DAY


# Revocation of registration ----------------------------------------------------------------------


def test_revocation_flow_dates_the_organisation(lixia_officer, lixia_org):
    revocation = services.revocation_propose(
        actor=lixia_officer, organization=lixia_org, reasons="伪造登记材料", proposed_on=DAY
    )
    services.revocation_decide(
        actor=lixia_officer,
        revocation=revocation,
        decision=RevocationState.REVOKED,
        reasons="经听证，事实清楚",
        decided_on=datetime.date(2024, 4, 1),
    )

    lixia_org.refresh_from_db()
    revocation.refresh_from_db()
    assert lixia_org.revoked_on == datetime.date(2024, 4, 1)
    assert revocation.state == RevocationState.REVOKED
    assert AuditEntry.objects.filter(object_type="organizations.revocation").count() == 2


def test_a_withdrawn_revocation_leaves_the_registration(lixia_officer, lixia_org):
    revocation = services.revocation_propose(
        actor=lixia_officer, organization=lixia_org, reasons="涉嫌违法", proposed_on=DAY
    )
    services.revocation_decide(
        actor=lixia_officer,
        revocation=revocation,
        decision=RevocationState.WITHDRAWN,
        reasons="查无实据",
        decided_on=DAY,
    )

    lixia_org.refresh_from_db()
    assert lixia_org.revoked_on is None


@pytest.mark.parametrize("role", sorted(DEPARTMENT_ROLES | {Role.TOWN_OFFICER}))
def test_only_the_registration_authority_revokes(divisions, lixia_org, role):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.revocation_propose(
            actor=user_with(role, divisions), organization=lixia_org, reasons="严重违法", proposed_on=DAY
        )

    assert "SZ-10" in refused.value.message_dict["reasons"][0]
    assert Revocation.objects.count() == 0


def test_revocation_needs_reasons_and_one_pending_proposal(lixia_officer, lixia_org):
    with pytest.raises(ValidationError):
        services.revocation_propose(actor=lixia_officer, organization=lixia_org, reasons=" ", proposed_on=DAY)
    services.revocation_propose(
        actor=lixia_officer, organization=lixia_org, reasons="严重违法", proposed_on=DAY
    )
    with pytest.raises(ValidationError):
        services.revocation_propose(
            actor=lixia_officer, organization=lixia_org, reasons="再次提出", proposed_on=DAY
        )

    assert Revocation.objects.count() == 1


def test_revocation_pages_record_the_decision(client, lixia_officer, lixia_org):
    client.force_login(lixia_officer)
    client.post(
        reverse("organizations:revocation-propose", args=[lixia_org.pk]),
        {"reasons": "严重违反法律法规", "proposed_on": "2024-03-01"},
    )
    revocation = Revocation.objects.get()

    response = client.post(
        reverse("organizations:revocation-decide", args=[revocation.pk]),
        {"decision": "revoked", "reasons": "依法吊销", "decided_on": "2024-04-01"},
    )

    assert response.status_code == 302
    detail = client.get(reverse("organizations:organization-detail", args=[lixia_org.pk]))
    assert 'data-testid="revoked-on"' in detail.content.decode()


# Founders and leaders ------------------------------------------------------------------------------


def test_the_chair_becomes_legal_representative_when_none_is_recorded(lixia_officer, lixia_org):
    services.organization_person_add(
        actor=lixia_officer, organization=lixia_org, name="王理事长", role=PersonRole.CHAIR
    )
    services.organization_person_add(
        actor=lixia_officer, organization=lixia_org, name="李发起人", role="founder"
    )

    lixia_org.refresh_from_db()
    assert lixia_org.legal_representative == "王理事长"
    assert list(OrganizationPerson.objects.values_list("name", "role")) == [
        ("王理事长", "chair"),
        ("李发起人", "founder"),
    ]


def test_a_person_without_name_or_with_an_unknown_role_is_refused(lixia_officer, lixia_org):
    with pytest.raises(ValidationError) as no_name:
        services.organization_person_add(actor=lixia_officer, organization=lixia_org, name=" ", role="chair")
    with pytest.raises(ValidationError) as bad_role:
        services.organization_person_add(
            actor=lixia_officer, organization=lixia_org, name="张三", role="king"
        )

    assert list(no_name.value.message_dict) == ["name"]
    assert list(bad_role.value.message_dict) == ["role"]
    assert OrganizationPerson.objects.count() == 0


def test_the_detail_page_lists_people_and_records(client, lixia_officer, lixia_org):
    services.organization_person_add(
        actor=lixia_officer, organization=lixia_org, name="赵总干事", role="director_general"
    )
    record(lixia_officer, lixia_org, K.MAJOR_EVENT_REPORT, summary="拟举办年度公益论坛")
    client.force_login(lixia_officer)

    text = client.get(reverse("organizations:organization-detail", args=[lixia_org.pk])).content.decode()

    assert "赵总干事" in text and "拟举办年度公益论坛" in text


def test_the_supervision_list_shows_the_duty_table(client, lixia_officer):
    client.force_login(lixia_officer)

    response = client.get(reverse("organizations:supervision-list"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 200
    assert 'data-testid="duty-table"' in response.content.decode()
    assert len(response.context["duty_table"]) == len(K.values)


def test_the_api_refuses_a_kind_outside_the_duty_in_chinese_and_records_within_it(
    client, divisions, lixia_org
):
    tax = user_with(Role.TAX_OFFICER, divisions)
    client.force_login(tax)
    url = reverse("api:supervision-record-list")
    body = {"organization": lixia_org.pk, "occurred_on": "2024-03-01", "summary": "欠缴税款"}

    refused = client.post(url, {**body, "kind": K.INTERVIEW}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    created = client.post(url, {**body, "kind": K.BAD_CONDUCT}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert refused.status_code == 400
    assert "SZ-10" in refused.json()["detail"]
    assert created.status_code == 201
    assert created.json()["recorder_role"] == Role.TAX_OFFICER
    assert client.get(url).json()["count"] == 1


def test_a_revoked_organisation_cannot_provide_a_project_starting_after_revocation(lixia_officer, lixia_org):
    from shegong.procurement import services as procurement

    revocation = services.revocation_propose(
        actor=lixia_officer, organization=lixia_org, reasons="严重违法", proposed_on=DAY
    )
    services.revocation_decide(
        actor=lixia_officer, revocation=revocation, decision="revoked", reasons="依法吊销", decided_on=DAY
    )
    lixia_org.refresh_from_db()

    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        procurement.project_create(
            actor=lixia_officer,
            name="历下区新项目",
            purchaser_division=lixia_officer.division,
            provider=lixia_org,
            domain="community_building",
            headcount=3,
            professional_posts=3,
            starts_on=datetime.date(2024, 7, 1),
            ends_on=datetime.date(2025, 6, 30),
        )

    assert "2024-03-01" in refused.value.message_dict["provider"][0]
