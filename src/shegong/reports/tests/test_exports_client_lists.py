"""Exports of the last five lists (issue 10): caseload, referrals, walk-ins, practitioner complaints,
project libraries. The same scope, filters and rows as each page; client data never decrypted."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.cases import services as case_services
from shegong.cases.models import CaseStep, Referral, ReferralStatus
from shegong.cases.tests import scope_cases as case_cases
from shegong.cases.tests.factories import CaseFactory, HouseholdFactory, add_member, adult_id, minor_id
from shegong.common import encryption
from shegong.common.models import AuditEntry
from shegong.common.tests.html import parse
from shegong.procurement.tests import scope_cases as procurement_cases
from shegong.reports.exports import EXPORTS, export_workbook, mask_address
from shegong.reports.tests.test_exports_lists import _cells, _export, _page_rows, _table
from shegong.tests.scope import LIXIA
from shegong.workforce.models import ComplaintOutcome, ComplaintStep
from shegong.workforce.tests import scope_cases as workforce_cases
from shegong.workforce.tests.factories import ComplaintFactory, PractitionerFactory

pytestmark = pytest.mark.django_db

LIXIA_VILLAGE = "370102001002"

# Export name → (the Lixia/Licheng builder of the list's scope test, the list's table).
SCOPE_CASES = {
    "caseload": (case_cases.CASES, "caseload"),
    "referrals": (case_cases.REFERRALS, "referrals"),
    "walk-ins": (case_cases.WALK_INS, "walk-ins"),
    "practitioner-complaints": (workforce_cases.QUEUE, "complaint-queue"),
    "project-libraries": (procurement_cases.LIBRARIES, "libraries"),
}


@pytest.mark.parametrize("name", sorted(SCOPE_CASES))
def test_an_export_has_the_list_pages_rows_and_nothing_of_another_district(
    client, lixia_officer, divisions, name
):
    case, testid = SCOPE_CASES[name]
    lixia, licheng = case.make(divisions)
    spec = EXPORTS[name]
    client.force_login(lixia_officer)

    table = _table(_export(client, name), spec)
    page = _page_rows(client, spec.list_url, testid)

    assert table[0] == [str(h) for h in spec.headers]
    exported = [_cells(r) for r in table[1:]]
    assert len(exported) == len(page) >= 1
    assert any(str(case.marker(lixia)) in row for row in exported)
    assert any(str(case.marker(lixia)) in row for row in page)
    assert not any(str(case.marker(licheng)) in row for row in exported)


def test_every_export_writes_who_exported_which_list_in_the_audit_log(client, lixia_officer, divisions):
    case_cases.make_referrals(divisions)
    client.force_login(lixia_officer)

    _export(client, "referrals", {"status": ReferralStatus.SENT})

    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.actor == lixia_officer
    assert entry.object_type == "reports.export.referrals"
    assert entry.after == {"status": "sent"}


# The caseload: masked, never decrypted, minors' files only for whoever the page shows them to ---------


def _worker_household(divisions, worker, address="解放桥社区3号楼2单元"):
    return HouseholdFactory(address=address, division=divisions[LIXIA_VILLAGE], assigned_worker=worker)


def test_the_caseload_export_never_decrypts_and_shows_only_the_masked_number(client, divisions):
    worker = UserFactory(role=Role.SOCIAL_WORKER, division=divisions[LIXIA])
    household = _worker_household(divisions, worker)
    number = adult_id(7)
    member = add_member(household, name="王秀兰", number=number, health_notes="高血压")
    for n in range(3):
        CaseFactory(household=household, client=member, title=f"事项{n}")
    CaseFactory(household=household, client=member, title="已结案事项", step=CaseStep.CLOSED)
    client.force_login(worker)

    with mock.patch.object(encryption, "decrypt_text", wraps=encryption.decrypt_text) as decrypt:
        rows = _export(client, "caseload")

    assert decrypt.call_count == 0
    assert rows[0][0] == "个案总览"
    table = _table(rows, EXPORTS["caseload"])
    assert table[0][:4] == ["事项", "地址（脱敏）", "服务对象", "居民身份证号码"]
    assert sorted(r[0] for r in table[1:]) == ["事项0", "事项1", "事项2"]
    assert table[1][1:4] == [mask_address(household.address), "王秀兰", member.id_number_masked]
    assert "解放桥社区*号楼*单元" == table[1][1]
    text = " ".join(_cells(r) for r in rows)
    assert number not in text and "高血压" not in text
    assert len(_page_rows(client, "cases:caseload", "caseload")) == 3


def test_the_caseload_export_marks_overdue_visits_like_the_page(client, divisions):
    worker = UserFactory(role=Role.SOCIAL_WORKER, division=divisions[LIXIA])
    household = _worker_household(divisions, worker)
    today = timezone.localdate()
    for n, days in enumerate((7, 20)):
        case = CaseFactory(household=household, step=CaseStep.PLAN, title=f"计划{days}天")
        case_services.case_plan(
            actor=worker,
            case=case,
            visit_frequency_days=days,
            goals="目标",
            steps="步骤",
            planned_on=today - datetime.timedelta(days=10 + n),
        )
    client.force_login(worker)

    table = _table(_export(client, "caseload"), EXPORTS["caseload"])

    assert {r[0]: r[6] for r in table[1:]} == {"计划7天": "是", "计划20天": "否"}
    assert [r[0] for r in table[1:]] == ["计划7天", "计划20天"]  # next visit due first


def test_a_minors_case_is_exported_only_to_whoever_the_caseload_shows_it_to(client, lixia_officer, divisions):
    worker = UserFactory(role=Role.SOCIAL_WORKER, division=divisions[LIXIA])
    child = _worker_household(divisions, worker, "解放桥社区5号楼")
    add_member(child, name="小明", number=minor_id(3), relation="child")
    CaseFactory(household=child, title="困境儿童助学")
    CaseFactory(household=_worker_household(divisions, worker, "解放桥社区6号楼"), title="低保户就业帮扶")

    client.force_login(lixia_officer)
    officer = [r[0] for r in _table(_export(client, "caseload"), EXPORTS["caseload"])[1:]]
    officer_page = _page_rows(client, "cases:caseload", "caseload")
    child.named_officers.add(lixia_officer)
    named = [r[0] for r in _table(_export(client, "caseload"), EXPORTS["caseload"])[1:]]
    client.force_login(worker)
    assigned = [r[0] for r in _table(_export(client, "caseload"), EXPORTS["caseload"])[1:]]

    assert officer == ["低保户就业帮扶"] and len(officer_page) == 1
    assert sorted(named) == sorted(assigned) == ["低保户就业帮扶", "困境儿童助学"]


# Referrals and walk-ins: the pages' filters --------------------------------------------------------


def test_the_referral_export_filters_by_status_and_writes_it_on_top(client, lixia_officer, divisions):
    lixia, _licheng = case_cases.make_referrals(divisions)
    Referral.objects.create(
        case=lixia.case,
        recipient_kind="department",
        recipient="历下区民政局",
        need="申请临时救助",
        sent_on=lixia.sent_on,
        status=ReferralStatus.REJECTED,
        rejection_reason="不符合临时救助条件，" * 12,
    )
    client.force_login(lixia_officer)

    rows = _export(client, "referrals", {"status": ReferralStatus.REJECTED})

    assert rows[2][0] == f"转介状态：{ReferralStatus.REJECTED.label}"
    table = _table(rows, EXPORTS["referrals"])
    assert [r[2] for r in table[1:]] == ["历下区民政局"]
    assert table[1][1] == lixia.case.title and len(table[1][5]) == 80
    page = _page_rows(client, "cases:referral-list", "referrals", {"status": ReferralStatus.REJECTED})
    assert len(page) == 1 and table[1][5] in page[0]


def test_the_walk_in_export_keeps_to_the_overdue_ones_when_the_page_does(client, lixia_officer, divisions):
    lixia, _licheng = case_cases.make_walk_ins(divisions)
    handled = lixia.__class__.objects.create(
        station=lixia.station,
        received_on=lixia.received_on,
        received_by=lixia.received_by,
        visitor="张建华",
        matter="咨询",
        due_on=lixia.due_on,
        done_on=lixia.received_on,
    )
    client.force_login(lixia_officer)

    everything = _table(_export(client, "walk-ins"), EXPORTS["walk-ins"])
    rows = _export(client, "walk-ins", {"state": "overdue"})

    assert rows[2][0] == "状态：已超时限"
    overdue = _table(rows, EXPORTS["walk-ins"])
    assert {r[2]: (r[5], r[6]) for r in everything[1:]} == {
        "王秀兰": ("是", "办理中"),
        handled.visitor: ("否", "已办结"),
    }
    assert [r[2] for r in overdue[1:]] == ["王秀兰"]
    assert overdue[1][3] == str(lixia.received_by)
    assert len(_page_rows(client, "cases:walk-in-list", "walk-ins", {"state": "overdue"})) == 1


# Complaints about practitioners: the page's default (open), its states, the steps -----------------------


def test_the_complaint_export_takes_the_open_ones_by_default_like_the_queue(client, lixia_officer, divisions):
    practitioner = PractitionerFactory(name="历下社工甲", division=divisions[LIXIA])
    open_one = ComplaintFactory(practitioner=practitioner, summary="服务态度差，" * 20)
    ComplaintStep.objects.create(
        complaint=open_one, taken_on=datetime.date(2022, 3, 3), description="约谈当事人", actor=lixia_officer
    )
    ComplaintFactory(
        practitioner=practitioner,
        summary="已办结投诉",
        outcome=ComplaintOutcome.DISMISSED,
        closed_on=datetime.date(2022, 3, 10),
    )
    spec = EXPORTS["practitioner-complaints"]
    client.force_login(lixia_officer)

    default = _export(client, "practitioner-complaints")
    closed = _table(_export(client, "practitioner-complaints", {"state": "closed"}), spec)

    assert default[2][0] == "状态：办理中"
    table = _table(default, spec)
    assert len(table) == 2
    assert table[1][1:3] == ["历下社工甲", practitioner.division.name]
    assert len(table[1][4]) == 80
    assert table[1][7:9] == ["是", "2022-03-03 约谈当事人"]
    assert [r[4] for r in closed[1:]] == ["已办结投诉"]
    assert len(_page_rows(client, "workforce:complaint-queue", "complaint-queue")) == 1
    form = parse(client.get(reverse("reports:export", args=["practitioner-complaints"])).content)
    assert form.find(data_testid="export-form").find("option", selected="").attrs["value"] == "open"


def test_the_library_export_lists_the_committee_entries_and_last_meeting(client, lixia_officer, divisions):
    procurement_cases.make_meetings(divisions)
    client.force_login(lixia_officer)

    table = _table(_export(client, "project-libraries"), EXPORTS["project-libraries"])

    assert [r[:3] for r in table[1:]] == [["历下区项目库", "历下区", "370102"]]
    assert table[1][3] and table[1][4] == 0 and table[1][5] is not None


# Who may export: the same as who may open the list ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("households", Role.SYSTEM_ADMIN),
        ("caseload", Role.SYSTEM_ADMIN),
        ("referrals", Role.SYSTEM_ADMIN),
        ("walk-ins", Role.ORG_ADMIN),
        ("practitioner-complaints", Role.SOCIAL_WORKER),
    ],
)
def test_a_role_the_list_refuses_cannot_export_it_either(client, divisions, name, role):
    from shegong.organizations.tests.factories import OrganizationFactory

    extra = (
        {"organization": OrganizationFactory(division=divisions["370102"])} if role == Role.ORG_ADMIN else {}
    )
    user = UserFactory(role=role, division=None if role == Role.SYSTEM_ADMIN else divisions[LIXIA], **extra)
    client.force_login(user)

    assert client.get(reverse(EXPORTS[name].list_url)).status_code == 403
    assert client.post(reverse("reports:export", args=[name]), {}).status_code == 403
    assert client.get(reverse("reports:export", args=[name])).status_code == 403
    assert reverse("reports:export", args=[name]) not in client.get(reverse("reports:export-center")).text
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_a_bad_filter_is_refused_in_chinese_and_nothing_is_exported(client, lixia_officer):
    client.force_login(lixia_officer)

    response = client.post(reverse("reports:export", args=["walk-ins"]), {"state": "lost"})

    assert response.status_code == 400 and "选择一个有效的选项" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


# Query counts: a fixed number whatever the number of rows --------------------------------------------


def _many(name: str, divisions, n: int, officer) -> None:
    """Make at least ``n`` Lixia rows of an export's list."""
    from shegong.cases.models import WalkInRequest
    from shegong.geo.tests.factories import make_division
    from shegong.procurement.tests.factories import ReviewCommitteeFactory
    from shegong.stations.tests.factories import StationFactory

    for i in range(n):
        town = make_division(f"370102{101 + i:03d}")
        if name == "practitioner-complaints":
            complaint = ComplaintFactory(practitioner=PractitionerFactory(division=divisions[LIXIA]))
            ComplaintStep.objects.create(
                complaint=complaint, taken_on=datetime.date(2022, 3, 2), description="受理", actor=officer
            )
        elif name in ("caseload", "referrals"):
            household = HouseholdFactory(division=divisions[LIXIA_VILLAGE])
            case = CaseFactory(household=household, client=add_member(household, n=i))
            Referral.objects.create(
                case=case,
                recipient_kind="department",
                recipient=f"部门{i}",
                need="救助",
                sent_on=case.opened_on,
            )
        elif name == "walk-ins":
            WalkInRequest.objects.create(
                station=StationFactory(division=town),
                received_on=datetime.date(2026, 3, 2),
                received_by=officer,
                visitor=f"来访者{i}",
                matter="咨询",
                due_on=datetime.date(2026, 3, 7),
            )
        elif name == "project-libraries":
            ReviewCommitteeFactory(library__division=town)


@pytest.mark.parametrize("name", sorted(SCOPE_CASES))
def test_an_export_costs_a_bounded_number_of_queries_whatever_its_rows(
    lixia_officer, divisions, name, django_assert_max_num_queries
):
    spec = EXPORTS[name]
    _many(name, divisions, 8, lixia_officer)

    with django_assert_max_num_queries(8):
        _content, rows = export_workbook(spec, viewer=lixia_officer, filters={}, applied=[])

    assert rows >= 8


# The list pages' "导出 Excel" links carry the page's query string ------------------------------------


@pytest.mark.parametrize("name", sorted(SCOPE_CASES))
def test_the_list_page_links_to_its_export_with_the_current_filters(client, lixia_officer, divisions, name):
    spec = EXPORTS[name]
    client.force_login(lixia_officer)

    page = parse(client.get(reverse(spec.list_url), {"state": "open"}).content)

    link = page.find("a", data_testid=f"{name}-export")
    assert link.attrs["href"] == reverse("reports:export", args=[name]) + "?state=open"
    assert "导出" in link.text
