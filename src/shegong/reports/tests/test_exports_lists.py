"""Exports of the remaining lists (issue 10): the same scope, filters and rows as each list page."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from shegong.accounts.models import Role
from shegong.accounts.tests import scope_cases as account_cases
from shegong.accounts.tests.factories import UserFactory
from shegong.common.models import AuditEntry
from shegong.common.tests.html import parse
from shegong.organizations.models import SupervisionKind, SupervisionRecord
from shegong.organizations.tests import scope_cases as organization_cases
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.portal.services import portal_complaint_submit
from shegong.portal.tests import scope_cases as portal_cases
from shegong.recruitment.models import Activity, Participation, PostingState
from shegong.recruitment.tests import scope_cases as recruitment_cases
from shegong.recruitment.tests.factories import PostingFactory, VolunteerFactory
from shegong.reports.exports import EXPORTS, export_workbook
from shegong.reports.models import BackgroundJob
from shegong.stations.tests import scope_cases as station_cases
from shegong.stations.tests.factories import StationFactory
from shegong.tests.scope import LIXIA

pytestmark = pytest.mark.django_db


def _rows(content: bytes) -> list[list]:
    return [list(r) for r in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


def _table(rows: list[list], spec) -> list[list]:
    """The header row and the data rows under it."""
    start = next(i for i, r in enumerate(rows) if r[0] == str(spec.headers[0]))
    return rows[start:]


def _export(client, name: str, data: dict | None = None) -> list[list]:
    response = client.post(reverse("reports:export", args=[name]), data or {})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return _rows(response.content)


def _page_rows(client, url_name: str, testid: str | None, query: dict | None = None) -> list[str]:
    """The text of each data row of the list page's table (the empty-table row left out)."""
    response = client.get(reverse(url_name), query or {})
    assert response.status_code == 200
    page = parse(response.content)
    table = page.find("table", data_testid=testid) if testid else page.find("table")
    body = table.find("tbody")
    return [tr.text for tr in body.find_all("tr") if "colspan" not in tr.find("td").attrs]


def _cells(row: list) -> str:
    return " ".join(str(v) for v in row if v is not None)


# Export name → (the Lixia/Licheng builder of the list's scope test, its marker, the list's table).
SCOPE_CASES = {
    "supervision-records": (organization_cases.SUPERVISION, "supervision-list"),
    "registration-reviews": (organization_cases.REVIEWS, "reviews"),
    "inspection-draws": (organization_cases.DRAWS, "draws"),
    "postings": (recruitment_cases.POSTINGS, "posting-list"),
    "volunteers": (recruitment_cases.VOLUNTEERS, "volunteer-list"),
    "activities": (recruitment_cases.SCOPED_LISTS["recruitment:activity-list"], "activity-list"),
    "complaints": (portal_cases.COMPLAINTS, "complaint-queue"),
    "supervision-visits": (station_cases.VISITS, "supervision-visits"),
    "deadlines": (
        station_cases.SCOPED_LISTS["stations:deadline-calendar"],
        "deadlines",
    ),
    "training-bases": (station_cases.TRAINING_BASES, "training-bases"),
    "pilot-sites": (station_cases.PILOT_SITES, "pilot-sites"),
    "community-centres": (station_cases.SCOPED_LISTS["stations:community-centres"], "community-centres"),
    "users": (account_cases.USERS, None),
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


def test_export_centre_links_every_export(client, lixia_officer):
    client.force_login(lixia_officer)

    links = parse(client.get(reverse("reports:export-center")).content).find(data_testid="export-list")

    hrefs = {a.attrs["href"] for a in links.find_all("a")}
    assert hrefs == {reverse("reports:export", args=[name]) for name in EXPORTS}


# Filters: the export's form takes the list page's GET parameters --------------------------------------


def test_supervision_records_export_filters_by_kind_and_writes_it_on_top(client, lixia_officer, divisions):
    lixia = OrganizationFactory(name="历下区阳光社工服务中心", division=divisions[LIXIA])
    for kind, summary in ((SupervisionKind.INTERVIEW, "约谈负责人"), (SupervisionKind.PENALTY, "警告")):
        SupervisionRecord.objects.create(
            organization=lixia, kind=kind, occurred_on=datetime.date(2024, 3, 1), summary=summary
        )
    client.force_login(lixia_officer)

    rows = _export(client, "supervision-records", {"kind": "interview"})

    assert rows[0][0] == "监管记录"
    assert rows[2][0] == "类别：行政约谈"
    table = _table(rows, EXPORTS["supervision-records"])
    assert table[0] == ["日期", "社会组织", "类别", "事由摘要", "公开日期"]
    assert [r[1:4] for r in table[1:]] == [["历下区阳光社工服务中心", "行政约谈", "约谈负责人"]]
    page = _page_rows(client, "organizations:supervision-list", "supervision-list", {"kind": "interview"})
    assert len(page) == 1 and "约谈负责人" in page[0]


def test_postings_export_filters_by_state(client, lixia_officer, divisions):
    station = StationFactory(
        division=divisions[LIXIA], provider=OrganizationFactory(division=divisions["370102"])
    )
    PostingFactory(title="已发布岗位", station=station)
    PostingFactory(title="已关闭岗位", station=station, state=PostingState.CLOSED)
    client.force_login(lixia_officer)

    rows = _export(client, "postings", {"state": "closed"})

    assert rows[2][0] == f"状态：{PostingState.CLOSED.label}"
    table = _table(rows, EXPORTS["postings"])
    assert [r[0] for r in table[1:]] == ["已关闭岗位"]
    assert table[1][2] == station.provider.name
    page = _page_rows(client, "recruitment:posting-list", "posting-list", {"state": "closed"})
    assert len(page) == 1 and "已关闭岗位" in page[0]


def test_volunteers_export_searches_like_the_list_and_sums_the_hours(client, lixia_officer, divisions):
    cook = VolunteerFactory(name="王厨师", skills="烹饪", division=divisions[LIXIA])
    VolunteerFactory(name="李老师", skills="辅导功课", division=divisions[LIXIA])
    activity = Activity.objects.create(
        title="包饺子", held_on=datetime.date(2025, 5, 1), division=cook.division
    )
    Participation.objects.create(activity=activity, volunteer=cook, hours=3)
    client.force_login(lixia_officer)

    rows = _export(client, "volunteers", {"q": "烹饪"})

    assert rows[2][0] == "搜索：烹饪"
    table = _table(rows, EXPORTS["volunteers"])
    assert [r[0] for r in table[1:]] == ["王厨师"]
    assert table[1][3:] == [1, 3]
    page = _page_rows(client, "recruitment:volunteer-list", "volunteer-list", {"q": "烹饪"})
    assert len(page) == 1 and page[0].split()[-2:] in (["1", "3"], ["1", "3.0"])


def test_complaint_queue_export_filters_overdue_and_keeps_the_lists_short_summary(
    client, lixia_officer, divisions
):
    station = StationFactory(name="历下解放路站", division=divisions[LIXIA])
    old = portal_complaint_submit(
        subject="station",
        station_id=station.pk,
        summary="站点长期无人值守，" * 10,
        received_on=timezone.localdate() - datetime.timedelta(days=90),
    )
    portal_complaint_submit(
        subject="station", station_id=station.pk, summary="新投诉", received_on=timezone.localdate()
    )
    client.force_login(lixia_officer)

    rows = _export(client, "complaints", {"overdue": "1"})

    assert rows[2][0] == "只看已超期：是"
    table = _table(rows, EXPORTS["complaints"])
    assert [r[0] for r in table[1:]] == [old.tracking_number]
    assert table[1][1] == "历下解放路站"
    assert len(table[1][2]) == 60 and table[1][2] != old.summary
    page = _page_rows(client, "portal:complaint-queue", "complaint-queue", {"overdue": "1"})
    assert len(page) == 1 and old.tracking_number in page[0] and table[1][2] in page[0]


def test_registration_reviews_export_filters_by_state(client, lixia_officer, divisions):
    organization_cases.make_reviews(divisions)
    spec = EXPORTS["registration-reviews"]
    client.force_login(lixia_officer)

    submitted = _table(_export(client, "registration-reviews", {"state": "submitted"}), spec)
    approved = _table(_export(client, "registration-reviews", {"state": "approved"}), spec)

    assert [r[0] for r in submitted[1:]] == ["历下区拟设社工机构"]
    assert approved[1:] == []
    assert _page_rows(client, "organizations:review-list", "reviews", {"state": "approved"}) == []


def test_deadlines_export_takes_the_year_of_the_calendar(client, lixia_officer, divisions):
    station_cases.make_contracted_stations(divisions)
    spec = EXPORTS["deadlines"]
    client.force_login(lixia_officer)
    year = timezone.localdate().year

    this_year = _table(_export(client, "deadlines", {"year": year}), spec)
    rows = _export(client, "deadlines", {"year": 2001})

    assert rows[2][0] == "年度：2001"
    assert _table(rows, spec)[1:] == []
    page = _page_rows(client, "stations:deadline-calendar", "deadlines", {"year": year})
    assert len(this_year) - 1 == len(page) >= 1


def test_user_export_filters_by_role_and_division_and_names_the_division(client, lixia_officer, divisions):
    account_cases.make_users(divisions)
    UserFactory(username="lixia_second", role=Role.DISTRICT_OFFICER, division=divisions["370102"])
    client.force_login(lixia_officer)

    rows = _export(client, "users", {"role": Role.SOCIAL_WORKER, "division": "370102"})

    assert [r[0] for r in rows[2:4]] == [f"角色：{Role.SOCIAL_WORKER.label}", "区划：历下区"]
    table = _table(rows, EXPORTS["users"])
    assert [r[0] for r in table[1:]] == ["lixia_worker"]
    assert table[1][1:5] == ["历下社工甲", Role.SOCIAL_WORKER.label, "解放路街道", LIXIA]


# Weeding-out candidates: Shenzhen only (SZ-15d) ----------------------------------------------------


def test_weeding_export_lists_the_candidates_of_the_day_and_not_another_district(client, divisions):
    from shegong.geo.tests.factories import make_division

    futian, nanshan = divisions["440304"], make_division("440305", "南山区")
    officer = UserFactory(role=Role.DISTRICT_OFFICER, division=futian)
    OrganizationFactory(name="福田区沉寂社工中心", division=futian, registered_on=datetime.date(2020, 1, 1))
    OrganizationFactory(name="福田区新设社工中心", division=futian, registered_on=datetime.date(2024, 1, 1))
    OrganizationFactory(name="南山区沉寂社工中心", division=nanshan, registered_on=datetime.date(2020, 1, 1))
    client.force_login(officer)

    rows = _export(client, "weeding-out", {"as_of": "2024-06-30"})

    assert rows[0][0] == "拟淘汰机构"
    assert rows[2][0] == "检查日期：2024-06-30"
    table = _table(rows, EXPORTS["weeding-out"])
    assert [r[0] for r in table[1:]] == ["福田区沉寂社工中心"]
    assert "2020-01-01" in table[1][4]
    page = _page_rows(client, "organizations:weeding-list", "weeding-candidates", {"as_of": "2024-06-30"})
    assert len(page) == 1 and "福田区沉寂社工中心" in page[0]


def test_a_large_weeding_export_runs_in_the_background_with_its_date(client, divisions, settings):
    settings.SHEGONG_EXPORT_INLINE_ROWS = 0
    futian = divisions["440304"]
    officer = UserFactory(role=Role.DISTRICT_OFFICER, division=futian)
    OrganizationFactory(name="福田区沉寂社工中心", division=futian, registered_on=datetime.date(2020, 1, 1))
    client.force_login(officer)

    response = client.post(reverse("reports:export", args=["weeding-out"]), {"as_of": "2024-06-30"})

    assert response.status_code == 302
    job = BackgroundJob.objects.get()
    assert job.params["filters"] == {"as_of": "2024-06-30"}
    download = client.get(reverse("reports:job-download", args=[job.pk]))
    rows = _rows(b"".join(download.streaming_content))
    assert [r[0] for r in _table(rows, EXPORTS["weeding-out"])[1:]] == ["福田区沉寂社工中心"]


# Who may export: the same as who may open the list ----------------------------------------------------


@pytest.mark.parametrize(
    "name", ["weeding-out", "registration-reviews", "inspection-draws", "complaints", "postings", "users"]
)
def test_a_role_the_list_refuses_cannot_export_it_either(client, divisions, name):
    worker = UserFactory(role=Role.SOCIAL_WORKER, division=divisions[LIXIA])
    client.force_login(worker)

    assert client.get(reverse(EXPORTS[name].list_url)).status_code == 403
    assert client.post(reverse("reports:export", args=[name]), {}).status_code == 403
    assert client.get(reverse("reports:export", args=[name])).status_code == 403
    centre = client.get(reverse("reports:export-center"))
    assert centre.status_code == 200
    assert reverse("reports:export", args=[name]) not in centre.text
    assert reverse("reports:export", args=["practitioners"]) in centre.text
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_a_bad_date_or_year_is_refused_in_chinese_and_nothing_is_exported(client, lixia_officer):
    client.force_login(lixia_officer)

    bad_year = client.post(reverse("reports:export", args=["deadlines"]), {"year": "1999"})
    bad_date = client.post(reverse("reports:export", args=["weeding-out"]), {"as_of": "2024-13-01"})

    assert bad_year.status_code == 400 and "确保该值大于或等于2000" in bad_year.content.decode()
    assert bad_date.status_code == 400 and "输入一个有效的日期" in bad_date.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_text_that_a_spreadsheet_would_run_is_neutralised(client, lixia_officer, divisions):
    organization = OrganizationFactory(division=divisions[LIXIA])
    SupervisionRecord.objects.create(
        organization=organization,
        kind=SupervisionKind.INTERVIEW,
        occurred_on=datetime.date(2024, 3, 1),
        summary='=HYPERLINK("http://evil.example","点击")',
    )
    client.force_login(lixia_officer)

    table = _table(_export(client, "supervision-records"), EXPORTS["supervision-records"])

    assert table[1][3] == '\'=HYPERLINK("http://evil.example","点击")'


# Query counts: a fixed number whatever the number of rows --------------------------------------------


def _many(name: str, divisions, n: int) -> None:
    """Make at least ``n`` Lixia rows of an export's list."""
    from shegong.geo.tests.factories import make_division
    from shegong.stations.models import (
        CommunityCentre,
        PilotLevel,
        PilotSite,
        SupervisionVisit,
        Supervisor,
        TrainingBase,
    )
    from shegong.workforce.tests.factories import PractitionerFactory

    lixia = divisions[LIXIA]
    day = datetime.date(2022, 1, 1)
    for i in range(n):
        town = make_division(f"370102{101 + i:03d}")  # one town station per town
        provider = OrganizationFactory(division=divisions["370102"])
        if name == "postings":
            PostingFactory(title=f"岗位{i}", station=StationFactory(division=town, provider=provider))
        elif name == "complaints":
            station = StationFactory(division=town)
            portal_complaint_submit(subject="station", station_id=station.pk, summary="投诉", received_on=day)
        elif name == "supervision-visits":
            practitioner = PractitionerFactory(division=town)
            supervisor = Supervisor.objects.create(practitioner=practitioner, division=town, appointed_on=day)
            SupervisionVisit.objects.create(
                supervisor=supervisor,
                station=StationFactory(division=town),
                visited_on=day,
                hours=2,
                content="督导",
            )
        elif name == "users":
            UserFactory(username=f"worker{i}", role=Role.SOCIAL_WORKER, division=lixia)
        elif name == "training-bases":
            TrainingBase.objects.create(division=lixia, name=f"基地{i}", designated_on=day)
        elif name == "pilot-sites":
            PilotSite.objects.create(
                division=lixia, name=f"试点{i}", level=PilotLevel.MUNICIPAL, designated_on=day
            )
        elif name == "community-centres":
            CommunityCentre.objects.create(
                division=make_division(f"{town.code}001"),
                name=f"中心{i}",
                population=8000,
                social_workers=2,
                reported_on=day,
            )
        elif name == "deadlines":
            StationFactory(
                division=town,
                provider=provider,
                service_contract_signed_on=timezone.localdate() - datetime.timedelta(days=40),
            )
        else:  # the scope test's builder makes one Lixia row (and one of Licheng)
            SCOPE_CASES[name][0].make(divisions)


@pytest.mark.parametrize("name", sorted(SCOPE_CASES))
def test_an_export_costs_a_bounded_number_of_queries_whatever_its_rows(
    lixia_officer, divisions, name, django_assert_max_num_queries
):
    spec = EXPORTS[name]
    _many(name, divisions, 8)

    with django_assert_max_num_queries(6):
        _content, rows = export_workbook(spec, viewer=lixia_officer, filters={}, applied=[])

    assert rows >= 8


# The list pages' "导出 Excel" links carry the page's query string ------------------------------------


@pytest.mark.parametrize("name", sorted(set(SCOPE_CASES) | {"weeding-out", "salary-guides"}))
def test_the_list_page_links_to_its_export_with_the_current_filters(client, system_admin, divisions, name):
    spec = EXPORTS[name]
    client.force_login(system_admin)

    page = parse(client.get(reverse(spec.list_url), {"q": "社工"}).content)

    link = page.find("a", data_testid=f"{name}-export")
    assert link.attrs["href"] == reverse("reports:export", args=[name]) + "?q=%E7%A4%BE%E5%B7%A5"
    assert "导出" in link.text


def test_the_export_form_opens_with_the_lists_filters(client, lixia_officer):
    client.force_login(lixia_officer)

    response = client.get(reverse("reports:export", args=["supervision-records"]), {"kind": "penalty"})

    form = parse(response.content).find(data_testid="export-form")
    assert form.find("option", selected="").attrs["value"] == "penalty"
