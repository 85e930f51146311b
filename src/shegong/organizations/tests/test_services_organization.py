"""Registering and editing organisations (SZ-15a groundwork): validated, scoped, audited."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from shegong.common.models import AuditEntry
from shegong.organizations import services
from shegong.organizations.models import Organization, OrganizationKind
from shegong.organizations.tests.factories import OrganizationFactory, valid_uscc

pytestmark = pytest.mark.django_db


def register(actor, division, **overrides):
    fields = {
        "name": "济南市历下区阳光社会工作服务中心",
        "uscc": valid_uscc(901),
        "kind": OrganizationKind.SOCIAL_WORK_AGENCY,
        "division": division,
    }
    fields.update(overrides)
    return services.organization_register(actor=actor, **fields)


def test_register_writes_the_organisation_and_an_audit_entry(divisions, lixia_officer):
    organization = register(lixia_officer, divisions["370102001"])

    assert Organization.objects.get().name == "济南市历下区阳光社会工作服务中心"
    entry = AuditEntry.objects.get(object_type="organizations.organization")
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor == lixia_officer
    assert entry.object_id == str(organization.pk)
    assert entry.before is None
    assert entry.after["uscc"] == organization.uscc


def test_lower_case_code_is_normalised(divisions, lixia_officer):
    organization = register(lixia_officer, divisions["370102"], uscc=valid_uscc(902).lower())

    assert organization.uscc == valid_uscc(902)


def test_invalid_check_digit_is_refused_in_chinese_and_nothing_is_written(divisions, lixia_officer):
    code = valid_uscc(903)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        register(lixia_officer, divisions["370102"], uscc=wrong)

    assert exc.value.message_dict["uscc"] == ["统一社会信用代码无效（应为18位且校验位正确）。"]
    assert not Organization.objects.exists()
    assert not AuditEntry.objects.exists()


def test_duplicate_code_is_refused(divisions, lixia_officer):
    OrganizationFactory(uscc=valid_uscc(904), division=divisions["370102"])

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        register(lixia_officer, divisions["370102"], uscc=valid_uscc(904))

    assert exc.value.message_dict["uscc"] == ["已有使用该统一社会信用代码的社会组织登记。"]
    assert Organization.objects.count() == 1


def test_officer_cannot_register_outside_jurisdiction(divisions, lixia_officer):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        register(lixia_officer, divisions["370112"])

    assert exc.value.message_dict["division"] == ["所选区划不在您的管辖范围内。"]
    assert not Organization.objects.exists()


def test_update_records_before_and_after(divisions, lixia_officer):
    organization = OrganizationFactory(division=divisions["370102"], phone="0531-1")

    services.organization_update(actor=lixia_officer, organization=organization, phone="0531-88886666")

    entry = AuditEntry.objects.get()
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.before["phone"] == "0531-1"
    assert entry.after["phone"] == "0531-88886666"
