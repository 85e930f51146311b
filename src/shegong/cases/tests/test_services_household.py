"""Household files: registration, members with encrypted ID numbers, and the logged full file."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import translation

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.cases import services
from shegong.cases.models import Household, HouseholdCategory, Member
from shegong.cases.tests.factories import LICHENG_VILLAGE, LIXIA_VILLAGE, add_member, adult_id, minor_id
from shegong.common.encryption import keyed_hash
from shegong.common.models import AuditEntry
from shegong.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_a_worker_who_registers_a_household_is_assigned_to_it(divisions, worker, other_worker):
    household = services.household_register(
        actor=worker,
        division=divisions[LIXIA_VILLAGE],
        address=" 解放桥社区5号楼 ",
        categories=[HouseholdCategory.DIBAO, HouseholdCategory.LEFT_BEHIND_CHILDREN, HouseholdCategory.DIBAO],
        assigned_worker=other_worker,
    )

    assert (household.assigned_worker, household.address, household.categories) == (
        worker,
        "解放桥社区5号楼",
        ["dibao", "left_behind_children"],
    )
    entry = AuditEntry.objects.get(object_type="cases.household", object_id=str(household.pk))
    assert (entry.action, entry.actor) == (AuditEntry.Action.CREATE, worker)


def test_a_household_belongs_to_a_village(divisions, lixia_officer):
    with pytest.raises(ValidationError) as exc:
        services.household_register(actor=lixia_officer, division=divisions["370102001"], address="解放路1号")

    assert exc.value.message_dict == {"division": [str(services.DIVISION_NOT_VILLAGE)]}
    assert not Household.objects.exists()


def test_an_officer_cannot_register_outside_the_jurisdiction(divisions, lixia_officer):
    with pytest.raises(ValidationError) as exc:
        services.household_register(
            actor=lixia_officer, division=divisions[LICHENG_VILLAGE], address="甸柳1号"
        )

    assert exc.value.message_dict == {"division": [str(services.DIVISION_OUTSIDE_JURISDICTION)]}
    assert not Household.objects.exists()


def test_the_assigned_person_must_be_a_social_worker(divisions, lixia_officer):
    with pytest.raises(ValidationError) as exc:
        services.household_register(
            actor=lixia_officer,
            division=divisions[LIXIA_VILLAGE],
            address="解放路1号",
            assigned_worker=lixia_officer,
        )

    assert exc.value.message_dict == {"assigned_worker": [str(services.WORKER_NOT_SOCIAL_WORKER)]}


def test_an_evaluator_may_not_register_households(divisions):
    admin = UserFactory(role=Role.EVALUATOR, division=divisions["370102"])

    with pytest.raises(PermissionDenied):
        services.household_register(actor=admin, division=divisions[LIXIA_VILLAGE], address="解放路1号")


def test_a_member_gets_birth_date_minor_flag_mask_and_search_key_from_the_id(household):
    number = minor_id(7)

    member = add_member(
        household, name="小明", number=number.lower() if number[-1] == "X" else number, relation="child"
    )

    assert member.birth_date == datetime.date(2016, 3, 8)
    assert member.is_minor is True
    assert member.is_minor_on(datetime.date(2034, 3, 8)) is False
    assert member.id_number_masked == number[:6] + "********" + number[-4:]
    assert Member.objects.get(id_number_hash=keyed_hash(number)) == member


def test_the_same_id_number_cannot_be_in_two_households(household, divisions, worker):
    add_member(household, number=adult_id(1))
    other = services.household_register(actor=worker, division=divisions[LIXIA_VILLAGE], address="历山路2号")

    with pytest.raises(ValidationError) as exc:
        add_member(other, number=adult_id(1), name="李四")

    assert exc.value.message_dict == {"id_number": [str(services.ID_NUMBER_TAKEN)]}
    assert Member.objects.filter(household=other).count() == 0


def test_a_wrong_id_number_is_refused_in_chinese(household):
    number = adult_id(2)
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")

    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as exc:
            add_member(household, number=wrong)
        assert exc.value.message_dict == {"id_number": ["居民身份证号码的校验码不正确。"]}
    assert not Member.objects.exists()


def test_the_database_holds_no_plaintext_id_number_or_health_note(household):
    number = adult_id(3)
    note = "二级肢体残疾，长期服用降压药"
    member = add_member(household, number=number, health_notes=note)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, health_notes, id_number_hash, id_number_masked FROM cases_member WHERE id = %s",
            [member.pk],
        )
        row = cursor.fetchone()
    raw = "|".join(row)

    assert number not in raw
    assert number[6:14] not in raw  # not even the birth date part
    assert note not in raw and "降压药" not in raw
    assert row[3] == number[:6] + "********" + number[-4:]
    assert Member.objects.get(pk=member.pk).health_notes == note


def test_the_full_file_needs_a_reason_and_logs_who_and_why(household, worker):
    add_member(household, number=adult_id(4), health_notes="糖尿病")

    with pytest.raises(ValidationError) as exc:
        services.household_open_full_file(viewer=worker, household=household, reason="  ")
    assert exc.value.message_dict == {"reason": [str(services.REASON_REQUIRED)]}
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).exists()

    members = services.household_open_full_file(viewer=worker, household=household, reason="入户走访核对信息")

    assert [(m.id_number, m.health_notes) for m in members] == [(adult_id(4), "糖尿病")]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEW)
    assert (entry.actor, entry.object_type, entry.object_id, entry.reason) == (
        worker,
        "cases.household",
        str(household.pk),
        "入户走访核对信息",
    )


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.ORG_ADMIN, Role.EVALUATOR, Role.SYSTEM_ADMIN])
def test_only_officers_and_the_assigned_worker_open_the_full_file(household, divisions, role):
    organization = OrganizationFactory(division=divisions["370102"]) if role == Role.ORG_ADMIN else None
    other = UserFactory(role=role, division=divisions["370102"], organization=organization)

    with pytest.raises(PermissionDenied):
        services.household_open_full_file(viewer=other, household=household, reason="查看")

    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).exists()


def test_the_audit_log_of_a_new_member_hides_the_encrypted_values(household, worker):
    number = adult_id(5)
    member = services.member_add(
        actor=worker,
        household=household,
        name="王芳",
        relation="spouse",
        id_number=number,
        health_notes="抑郁症",
    )

    entry = AuditEntry.objects.get(object_type="cases.member", object_id=str(member.pk))
    assert entry.after["id_number"] == "***" and entry.after["health_notes"] == "***"
    assert number not in str(entry.after) and "抑郁症" not in str(entry.after)


def test_another_worker_cannot_add_members(household, other_worker):
    with pytest.raises(PermissionDenied):
        services.member_add(
            actor=other_worker, household=household, name="李四", relation="head", id_number=adult_id(6)
        )

    assert not Member.objects.exists()
