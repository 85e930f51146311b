"""Pages of case management: masked lists, the logged full file, the step buttons, the caseload."""

import datetime

import pytest
from django.urls import reverse

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.cases import services
from shegong.cases.models import Case, CaseStep, Household, Member
from shegong.cases.tests.factories import LIXIA_VILLAGE, CaseFactory, add_member, adult_id
from shegong.common.models import AuditEntry
from shegong.common.tests.html import parse
from shegong.procurement.domains import ServiceDomain, ServiceType

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_a_worker_registers_a_household_for_themselves(client, divisions, worker):
    client.force_login(worker)

    response = client.post(
        reverse("cases:household-create"),
        {
            "division": LIXIA_VILLAGE,
            "address": "解放桥社区9号楼",
            "categories": ["dibao", "disabled"],
            "family_structure": "single",
        },
        **ZH,
    )

    household = Household.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:household-detail", args=[household.pk]
    )
    assert (household.assigned_worker, household.categories) == (worker, ["dibao", "disabled"])
    page = client.get(response["Location"], **ZH).content.decode()
    assert "低保、残疾人" in page and "独居" in page


def test_a_village_outside_the_reach_is_not_offered(client, divisions, worker):
    client.force_login(worker)

    response = client.post(
        reverse("cases:household-create"), {"division": "370112001001", "address": "甸柳1号"}, **ZH
    )

    assert response.status_code == 400
    assert not Household.objects.exists()


def test_the_household_page_shows_masked_ids_and_no_health_notes(client, household, worker):
    number = adult_id(11)
    add_member(household, name="王建国", number=number, health_notes="慢性肾病")
    client.force_login(worker)

    page = client.get(reverse("cases:household-detail", args=[household.pk]), **ZH).content.decode()

    assert number[:6] + "********" + number[-4:] in page
    assert number not in page and "慢性肾病" not in page


def test_adding_a_member_through_the_page(client, household, worker):
    client.force_login(worker)

    response = client.post(
        reverse("cases:member-create", args=[household.pk]),
        {
            "name": "王建国",
            "relation": "head",
            "id_number": adult_id(12),
            "health_notes": "高血压",
        },
        **ZH,
    )

    assert response.status_code == 302
    assert Member.objects.get().health_notes == "高血压"


def test_the_full_file_asks_for_a_reason_then_shows_and_logs(client, household, worker):
    number = adult_id(13)
    add_member(household, number=number, health_notes="慢性肾病")
    client.force_login(worker)
    url = reverse("cases:household-full-file", args=[household.pk])

    asked = client.get(url, **ZH)
    refused = client.post(url, {"reason": ""}, **ZH)
    shown = client.post(url, {"reason": "季度走访核实"}, **ZH)

    assert asked.status_code == 200 and number not in asked.content.decode()
    assert refused.status_code == 400 and number not in refused.content.decode()
    body = shown.content.decode()
    assert number in body and "慢性肾病" in body and "本次查看及理由已记入审计日志" in body
    assert shown["Cache-Control"] == "no-store"
    assert list(AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).values_list("reason", "actor")) == [
        ("季度走访核实", worker.pk)
    ]


def test_another_worker_gets_404_for_a_household_not_assigned_to_them(client, household, other_worker):
    client.force_login(other_worker)

    assert client.get(reverse("cases:household-detail", args=[household.pk])).status_code == 404
    assert (
        client.post(reverse("cases:household-full-file", args=[household.pk]), {"reason": "好奇"}).status_code
        == 404
    )
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).exists()


def test_an_organisation_administrator_may_not_use_household_pages(client, divisions):
    from shegong.organizations.tests.factories import OrganizationFactory

    admin = UserFactory(role=Role.ORG_ADMIN, organization=OrganizationFactory(division=divisions["370102"]))
    client.force_login(admin)

    assert client.get(reverse("cases:household-list")).status_code == 403


def test_the_case_page_refuses_a_skipped_step_in_chinese(client, household, worker):
    case = services.case_open(
        actor=worker,
        household=household,
        title="助餐服务",
        identification="社区推荐",
        service_type=ServiceType.POVERTY_RELIEF,
        domain=ServiceDomain.SOCIAL_WELFARE,
    )
    client.force_login(worker)

    response = client.post(
        reverse("cases:case-advance", args=[case.pk]), {"to_step": "plan"}, follow=True, **ZH
    )

    assert "处于“识别对象”的个案只能进入“分析需求”，不能跳过步骤。" in response.content.decode()
    assert Case.objects.get(pk=case.pk).step == CaseStep.IDENTIFY


def test_walking_a_case_through_the_pages(client, household, worker):
    client.force_login(worker)
    client.post(
        reverse("cases:case-create", args=[household.pk]),
        {
            "title": "助餐服务",
            "identification": "社区推荐",
            "service_type": "poverty_relief",
            "domain": "social_welfare",
        },
    )
    case = Case.objects.get()
    today = datetime.date.today().isoformat()
    records = {
        "assess": {"summary": "独居缺少照料", "assessed_on": today},
        "plan": {
            "visit_frequency_days": "7",
            "goals": "每日助餐",
            "steps": "对接长者饭堂",
            "planned_on": today,
        },
        "coordinate": {"resource": "长者饭堂", "linked_on": today},
        "intervene": {"method": "个案辅导", "held_on": today},
        "follow_up": {"outcome": "按时用餐", "evaluated_on": today},
    }
    for step in ["assess", "plan", "coordinate", "intervene", "follow_up", "closed"]:
        current = Case.objects.get().step
        if current in records:
            assert (
                client.post(
                    reverse("cases:case-record", args=[case.pk, current]), records[current]
                ).status_code
                == 302
            )
        client.post(reverse("cases:case-advance", args=[case.pk]), {"to_step": step})

    case = Case.objects.get()
    assert case.step == CaseStep.CLOSED
    page = client.get(reverse("cases:case-detail", args=[case.pk]), **ZH).content.decode()
    assert "已结案" in page and "按时用餐" in page
    assert case.transitions.count() == 7


def test_the_caseload_page_counts_overdue_visits(client, household, worker):
    case = CaseFactory(household=household, step=CaseStep.PLAN)
    services.case_plan(
        actor=worker,
        case=case,
        visit_frequency_days=7,
        goals="目标",
        steps="步骤",
        planned_on=datetime.date.today() - datetime.timedelta(days=30),
    )
    client.force_login(worker)

    document = parse(client.get(reverse("cases:caseload"), **ZH).content)

    assert document.find(data_testid="overdue-count").text.strip() == "1"
    assert document.find(data_testid="open-count").text.strip() == "1"
    services.visit_log(actor=worker, case=Case.objects.get(pk=case.pk), visited_on=datetime.date.today())
    document = parse(client.get(reverse("cases:caseload"), **ZH).content)
    assert document.find(data_testid="overdue-count").text.strip() == "0"


def test_the_household_list_shows_only_masked_ids_in_the_api(client, household, worker):
    number = adult_id(14)
    add_member(household, number=number, health_notes="哮喘")
    client.force_login(worker)

    body = client.get("/api/v1/households/").content.decode()

    assert number not in body and "哮喘" not in body
    assert number[-4:] in body


def test_system_administrators_keep_out_of_client_files(client, household, system_admin):
    client.force_login(system_admin)

    assert client.get(reverse("cases:household-list")).status_code == 403
    assert client.get(reverse("cases:household-detail", args=[household.pk])).status_code == 403
    assert client.get("/api/v1/households/").status_code == 403


def test_a_worker_finds_the_caseload_and_household_files_in_the_navigation(client, worker):
    from shegong.common.tests.html import nav_links

    client.force_login(worker)

    links = nav_links(parse(client.get(reverse("home"), **ZH).content))

    assert links["我的个案"] == reverse("cases:caseload")
    assert links["一户一档"] == reverse("cases:household-list")


def test_the_pages_render_in_english(client, household, worker):
    case = CaseFactory(household=household)
    client.force_login(worker)
    client.cookies["django_language"] = "en"

    listing = client.get(reverse("cases:household-list")).content.decode()
    detail = client.get(reverse("cases:case-detail", args=[case.pk])).content.decode()

    assert "Household files" in listing and "1 household" in listing
    assert "Move to “Analyse needs”" in detail
