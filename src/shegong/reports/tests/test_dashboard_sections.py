"""More of the dashboard: Huizhou phases (HZ-18), findings trend, training hours, caseloads, budgets."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.cases.models import CaseStep
from shegong.cases.tests.factories import CaseFactory, HouseholdFactory
from shegong.common.tests.html import parse
from shegong.geo.tests.factories import make_tree
from shegong.policy.models import Finding, ScanRun
from shegong.procurement.tests.factories import ProjectBudgetFactory, ProjectFactory
from shegong.reports import selectors
from shegong.workforce.models import TrainingKind
from shegong.workforce.tests.factories import PractitionerFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db
d = datetime.date
HUIZHOU_TREE = {"44": "广东省", "4413": "惠州市", "441302": "惠城区", "441302001": "桥东街道"}


@pytest.mark.parametrize(
    ("as_of", "states"),
    [
        (d(2020, 12, 31), ["upcoming"] * 5),
        (d(2021, 1, 1), ["current"] + ["upcoming"] * 4),
        (d(2021, 5, 30), ["current"] + ["upcoming"] * 4),
        (d(2021, 5, 31), ["done"] + ["upcoming"] * 4),
        (d(2021, 6, 1), ["done", "current", "upcoming", "upcoming", "upcoming"]),
        (d(2022, 7, 1), ["done", "done", "done", "current", "upcoming"]),
        (d(2024, 1, 1), ["done"] * 5),
    ],
)
def test_huizhou_phases_are_dated_from_the_plan(as_of, states):
    with translation.override("zh-hans"):
        phases = selectors.huizhou_phases(as_of=as_of)

    assert [p.state for p in phases] == states
    assert [(p.starts_on, p.ends_on) for p in phases] == [
        (d(2021, 1, 1), d(2021, 5, 30)),
        (d(2021, 6, 1), d(2021, 6, 30)),
        (d(2021, 7, 1), d(2022, 6, 30)),
        (d(2022, 7, 1), d(2022, 12, 31)),
        (d(2023, 1, 1), d(2023, 12, 31)),
    ]
    assert phases[0].name == "第一阶段（先期整合）"
    assert phases[0].url == "/policy/huizhou-2021-double-hundred/#clause-五(一)"


def test_the_huizhou_officer_sees_the_phase_timeline_as_table_and_chart(client):
    officer = UserFactory(role=Role.CITY_OFFICER, division=make_tree(HUIZHOU_TREE)["4413"])
    client.force_login(officer)

    response = client.get(reverse("reports:dashboard"), {"as_of": "2021-06-15"})

    table = parse(response.content).find(data_testid="phases-table")
    assert table.find(data_testid="phase-2").attrs["data-state"] == "current"
    assert [td.text for td in table.find(data_testid="phase-2").find_all("td")] == [
        "第二阶段（社工站建设及保障）",
        "2021-06-01",
        "2021-06-30",
        "五(二)",
        "进行中",
    ]
    chart = response.context["charts"]["phases"]
    assert chart["kind"] == "timeline"
    assert chart["items"][1] == [1, "2021-06-01", "2021-06-30", "current"]
    assert response.context["phases_alt"].startswith(
        "各阶段时间轴：第一阶段（先期整合） 2021-01-01–2021-05-30"
    )


def test_the_jinan_officer_sees_no_huizhou_timeline(client, jinan_officer):
    client.force_login(jinan_officer)

    assert "phases" not in client.get(reverse("reports:dashboard")).context["charts"]


def _finding(division, n, first_seen, last_seen, state="open"):
    return Finding.objects.create(
        rule_id="JN-04",
        rule_version=1,
        document="jinan-2021-station-plan",
        clause="三(二)",
        severity="high",
        subject_type="stations.station",
        subject_id=str(n),
        subject_repr=str(n),
        division=division,
        as_of=last_seen,
        measured="2",
        threshold="3",
        explanation_zh="x",
        explanation_en="x",
        first_seen=first_seen,
        last_seen=last_seen,
        state=state,
    )


def test_findings_trend_counts_what_was_open_at_each_scan(lixia_officer, divisions):
    town, other = divisions["370102001"], divisions["370112001"]
    for day in (d(2024, 1, 1), d(2024, 2, 1), d(2024, 3, 1)):
        ScanRun.objects.create(as_of=day, recorded=True)
    _finding(town, 1, d(2024, 1, 1), d(2024, 3, 1))
    _finding(town, 2, d(2024, 2, 1), d(2024, 2, 1), state="resolved")
    _finding(town, 3, d(2024, 3, 1), d(2024, 3, 1))
    _finding(other, 4, d(2024, 1, 1), d(2024, 3, 1))  # Licheng: not in the viewer's scope

    trend = selectors.findings_trend(viewer=lixia_officer)

    assert [(bar.label, bar.count) for bar in trend] == [
        ("2024-01-01", 1),
        ("2024-02-01", 2),
        ("2024-03-01", 2),
    ]
    assert trend[0].url == "/policy/findings/"


def test_training_hours_fall_into_ten_hour_bars(lixia_officer, divisions):
    town = divisions["370102001"]
    for hours in (0, 9, 10, 48, 95):
        practitioner = PractitionerFactory(division=town)
        if hours:
            TrainingRecordFactory(
                practitioner=practitioner, hours=hours, held_on=d(2024, 3, 1), kind=TrainingKind.values[0]
            )

    with translation.override("zh-hans"):
        bars = selectors.training_hour_distribution(viewer=lixia_officer, as_of=d(2024, 6, 30))

    assert [(bar.label, bar.count) for bar in bars] == [
        ("0–9 学时", 2),
        ("10–19 学时", 1),
        ("20–29 学时", 0),
        ("30–39 学时", 0),
        ("40–49 学时", 1),
        ("50–59 学时", 0),
        ("60–69 学时", 0),
        ("70 学时及以上", 1),
    ]


def test_caseload_counts_open_cases_by_step_and_overdue_visits(lixia_officer, divisions):
    village = divisions["370102001002"]
    household = HouseholdFactory(division=village)
    today = d(2026, 3, 1)
    CaseFactory(household=household, step=CaseStep.IDENTIFY, next_visit_due=d(2026, 2, 28))
    CaseFactory(household=household, step=CaseStep.IDENTIFY, next_visit_due=d(2026, 3, 1))
    CaseFactory(household=household, step=CaseStep.CLOSED, next_visit_due=d(2026, 1, 1))

    with translation.override("zh-hans"):
        bars = {bar.label: bar.count for bar in selectors.caseload_counts(viewer=lixia_officer, today=today)}
        assert bars[str(CaseStep.IDENTIFY.label)] == 2
    assert bars["探访逾期"] == 1
    assert sum(bars.values()) == 3


def test_budgets_against_the_labour_share_link_to_the_findings(lixia_officer, divisions):
    project = ProjectFactory(purchaser_division=divisions["370102"])
    low = ProjectBudgetFactory(project=project, year=2022)
    ProjectBudgetFactory(project=project, year=2023)
    Finding.objects.create(
        rule_id="SZ-13c",
        rule_version=1,
        document="shenzhen-2020-measures",
        clause="(十三)",
        severity="high",
        subject_type="procurement.projectbudget",
        subject_id=str(low.pk),
        subject_repr="x",
        division=divisions["370102"],
        as_of=d(2024, 1, 1),
        measured="0.8",
        threshold="0.85",
        explanation_zh="x",
        explanation_en="x",
        first_seen=d(2024, 1, 1),
        last_seen=d(2024, 1, 1),
    )

    bars = selectors.budget_labour_share(viewer=lixia_officer)

    assert [(bar.count, bar.url) for bar in bars] == [
        (1, "/projects/"),
        (1, "/policy/findings/?rule=SZ-13c&state=open"),
    ]


def test_every_new_section_has_a_table_whose_numbers_are_links(client, lixia_officer, divisions):
    ScanRun.objects.create(as_of=d(2024, 1, 1), recorded=True)
    ProjectBudgetFactory(project=ProjectFactory(purchaser_division=divisions["370102"]))
    client.force_login(lixia_officer)

    page = parse(client.get(reverse("reports:dashboard")).content)

    for key in ("trend", "training_hours", "caseload", "budgets"):
        table = page.find(data_testid=f"{key}-table")
        cells = table.find_all("td")
        assert cells and all(cell.find("a").attrs["href"] for cell in cells), key


def test_the_sanming_dashboard_with_every_target_costs_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    from shegong.stations.models import PilotLevel, PilotSite, TrainingBase

    tree = make_tree({"35": "福建省", "3504": "三明市", "350404": "三元区", "350404001": "列东街道"})
    officer = UserFactory(role=Role.CITY_OFFICER, division=tree["3504"])
    for n in range(5):
        TrainingBase.objects.create(division=tree["350404"], name=f"基地{n}", designated_on=d(2014, 1, 1))
        PilotSite.objects.create(
            division=tree["350404"], level=PilotLevel.MUNICIPAL, name=f"试点{n}", designated_on=d(2014, 1, 1)
        )
        PractitionerFactory(division=tree["350404001"])
    ScanRun.objects.create(as_of=d(2024, 1, 1), recorded=True)
    client.force_login(officer)

    with django_assert_max_num_queries(30):
        response = client.get(reverse("reports:dashboard"), {"as_of": "2015-12-31"})

    ids = {t.spec_id for t in response.context["dashboard"].targets}
    assert ids == {"SM-01", "SM-02", "SM-04", "SM-05", "SM-13"}
