"""Account services: placement rules, jurisdiction limits, audit with before/after; refusals write nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from rest_framework.authtoken.models import Token

from shegong.accounts import services
from shegong.accounts.models import Role, User
from shegong.accounts.tests.factories import UserFactory
from shegong.common.models import AuditEntry
from shegong.geo.models import DivisionLevel
from shegong.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Lixia-2026-ok"


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def _create(actor, **fields):
    fields.setdefault("username", "new_user")
    fields.setdefault("password", GOOD_PASSWORD)
    fields.setdefault("full_name", "李四")
    return services.user_create(actor=actor, **fields)


def _nothing_written(users_before: int):
    assert User.objects.count() == users_before
    assert not AuditEntry.objects.exists()


def test_system_admin_creates_a_district_officer_with_an_audit_entry(system_admin, divisions):
    user = _create(system_admin, role=Role.DISTRICT_OFFICER, division=divisions["370102"])

    assert user.check_password(GOOD_PASSWORD)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_type, entry.object_id) == (
        AuditEntry.Action.CREATE,
        system_admin,
        "accounts.user",
        str(user.pk),
    )
    assert entry.before is None
    assert entry.after["division_id"] == "370102"
    assert entry.after["role"] == "district_officer"
    assert entry.after["password"] == "***"


@pytest.mark.parametrize(
    ("role", "code", "level"),
    [
        (Role.DISTRICT_OFFICER, "3701", DivisionLevel.DISTRICT),
        (Role.CITY_OFFICER, "370102", DivisionLevel.CITY),
        (Role.TOWN_OFFICER, "370102", DivisionLevel.TOWN),
    ],
)
def test_officer_role_must_match_the_division_level(system_admin, divisions, role, code, level):
    before = User.objects.count()
    division = divisions[code]

    with pytest.raises(ValidationError) as exc:
        _create(system_admin, role=role, division=division)

    expected = services.DIVISION_LEVEL_MISMATCH % {
        "role": Role(role).label,
        "level": DivisionLevel(level).label,
        "division": f"{division.name}（{division.code}）",
        "actual": DivisionLevel(division.level).label,
    }
    assert exc.value.message_dict == {"division": [expected]}
    _nothing_written(before)


def test_jurisdiction_role_needs_a_division(system_admin, divisions):
    with pytest.raises(ValidationError) as exc:
        _create(system_admin, role=Role.FINANCE_OFFICER)

    assert exc.value.message_dict == {"division": ["此角色必须指定管辖区域。"]}


def test_org_admin_needs_an_organisation(system_admin, divisions):
    with pytest.raises(ValidationError) as exc:
        _create(system_admin, role=Role.ORG_ADMIN, division=divisions["370102"])

    assert exc.value.message_dict == {"organization": ["此角色必须指定所属社会组织。"]}


def test_org_admin_takes_the_organisations_division(lixia_officer, divisions):
    organization = OrganizationFactory(division=divisions["370102001"])

    user = _create(lixia_officer, role=Role.ORG_ADMIN, organization=organization)

    assert (user.organization, user.division_id) == (organization, "370102001")


def test_officer_creates_inside_their_jurisdiction(lixia_officer, divisions):
    user = _create(lixia_officer, role=Role.TOWN_OFFICER, division=divisions["370102001"])

    assert user.division_id == "370102001"
    assert AuditEntry.objects.get().actor == lixia_officer


def test_officer_cannot_create_outside_their_jurisdiction(lixia_officer, divisions):
    before = User.objects.count()

    with pytest.raises(ValidationError) as exc:
        _create(lixia_officer, role=Role.DISTRICT_OFFICER, division=divisions["370112"])

    assert exc.value.message_dict == {"division": [str(services.DIVISION_OUTSIDE_JURISDICTION)]}
    assert exc.value.message_dict["division"] == ["所选区划不在您的管辖范围内。"]
    _nothing_written(before)


def test_officer_cannot_create_an_account_above_their_jurisdiction(lixia_officer, divisions):
    with pytest.raises(ValidationError) as exc:
        _create(lixia_officer, role=Role.CITY_OFFICER, division=divisions["3701"])

    assert exc.value.message_dict == {"division": ["所选区划不在您的管辖范围内。"]}


def test_officer_cannot_place_an_account_in_an_organisation_elsewhere(lixia_officer, divisions):
    elsewhere = OrganizationFactory(division=divisions["370112"])

    with pytest.raises(ValidationError) as exc:
        _create(lixia_officer, role=Role.ORG_ADMIN, organization=elsewhere, division=divisions["370102"])

    assert exc.value.message_dict == {"organization": ["该社会组织不在您的管辖范围内。"]}


def test_officer_can_never_create_a_system_admin(jinan_officer, divisions):
    before = User.objects.count()

    with pytest.raises(ValidationError) as exc:
        _create(jinan_officer, role=Role.SYSTEM_ADMIN, division=divisions["3701"])

    assert exc.value.message_dict == {
        "role": ["只有安全管理员可以创建或修改系统管理员、安全管理员和审计管理员账号。"]
    }
    _nothing_written(before)


def test_weak_password_and_taken_username_are_reported_together(system_admin, divisions):
    UserFactory(username="taken")

    with pytest.raises(ValidationError) as exc:
        _create(system_admin, username="taken", password="short", role=Role.SOCIAL_WORKER)

    errors = exc.value.message_dict
    assert errors["password"] == [
        "密码长度至少为 12 个字符。",
        "密码必须包含以下至少 3 类字符：小写字母、大写字母、数字、符号。",
    ]
    assert errors["username"] == ["已存在一位使用该名字的用户。"]


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.ORG_ADMIN, Role.FINANCE_OFFICER])
def test_other_roles_may_not_create_accounts(divisions, role):
    organization = OrganizationFactory(division=divisions["370102"])
    actor = UserFactory(role=role, division=divisions["370102"], organization=organization)
    before = User.objects.count()

    with pytest.raises(PermissionDenied):
        _create(actor, role=Role.SOCIAL_WORKER, division=divisions["370102"])

    _nothing_written(before)


def test_update_records_before_and_after(lixia_officer, divisions):
    user = UserFactory(role=Role.TOWN_OFFICER, division=divisions["370102001"], full_name="旧名")

    services.user_update(actor=lixia_officer, user=user, full_name="新名", phone="13800000000")

    user.refresh_from_db()
    assert (user.full_name, user.phone) == ("新名", "13800000000")
    entry = AuditEntry.objects.get()
    assert entry.action == AuditEntry.Action.UPDATE
    assert (entry.before["full_name"], entry.after["full_name"]) == ("旧名", "新名")
    assert (entry.before["phone"], entry.after["phone"]) == ("", "13800000000")


def test_update_checks_the_role_against_the_division(system_admin, divisions):
    user = UserFactory(role=Role.TOWN_OFFICER, division=divisions["370102001"])

    with pytest.raises(ValidationError) as exc:
        services.user_update(actor=system_admin, user=user, role=Role.DISTRICT_OFFICER)

    assert list(exc.value.message_dict) == ["division"]
    user.refresh_from_db()
    assert user.role == Role.TOWN_OFFICER
    assert not AuditEntry.objects.exists()


def test_officer_cannot_update_an_account_outside_their_jurisdiction(lixia_officer, licheng_officer):
    with pytest.raises(PermissionDenied):
        services.user_update(actor=lixia_officer, user=licheng_officer, full_name="改名")

    licheng_officer.refresh_from_db()
    assert licheng_officer.full_name != "改名"
    assert not AuditEntry.objects.exists()


def test_officer_cannot_move_an_account_out_of_their_jurisdiction(lixia_officer, divisions):
    user = UserFactory(role=Role.EVALUATOR, division=divisions["370102"])

    with pytest.raises(ValidationError) as exc:
        services.user_update(actor=lixia_officer, user=user, division=divisions["370112"])

    assert exc.value.message_dict == {"division": ["所选区划不在您的管辖范围内。"]}


def test_officer_cannot_change_a_system_admin(jinan_officer, divisions):
    admin = UserFactory(role=Role.SYSTEM_ADMIN, division=divisions["370102"])

    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=jinan_officer, user=admin)

    admin.refresh_from_db()
    assert admin.is_active


def test_deactivate_stops_the_account_revokes_its_token_and_is_audited(system_admin, lixia_officer):
    Token.objects.create(user=lixia_officer)

    services.user_deactivate(actor=system_admin, user=lixia_officer, reason="调离岗位")

    lixia_officer.refresh_from_db()
    assert not lixia_officer.is_active
    assert not Token.objects.filter(user=lixia_officer).exists()
    entry = AuditEntry.objects.get()
    assert (entry.before["is_active"], entry.after["is_active"], entry.reason) == (True, False, "调离岗位")


def test_nobody_deactivates_themselves(security_admin):
    with pytest.raises(ValidationError) as exc:
        services.user_deactivate(actor=security_admin, user=security_admin)

    assert exc.value.messages == ["不能停用自己的账号。"]
    security_admin.refresh_from_db()
    assert security_admin.is_active


def test_set_password_applies_the_policy(lixia_officer):
    with pytest.raises(ValidationError) as exc:
        services.user_set_password(actor=lixia_officer, user=lixia_officer, password="hzgxrwkpqm81")

    assert exc.value.message_dict == {
        "password": ["密码必须包含以下至少 3 类字符：小写字母、大写字母、数字、符号。"]
    }
