"""Background jobs through one interface (issue 11): submit, progress, result, owner-only download."""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.models import AuditEntry
from shegong.common.tests.html import parse
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.policy.models import ScanRun
from shegong.reports import jobs
from shegong.reports.job_kinds import BAD_DISTRICT, UNKNOWN_EXPORT
from shegong.reports.models import BackgroundJob, JobState

pytestmark = pytest.mark.django_db


def _workbook_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def organizations(divisions):
    OrganizationFactory(name="历下区阳光社工服务中心", division=divisions["370102"])
    OrganizationFactory(name='=HYPERLINK("http://x")', division=divisions["370102"])
    OrganizationFactory(name="历城区社会工作服务中心", division=divisions["370112"])


def test_an_export_job_finishes_with_the_owners_scoped_rows(lixia_officer, organizations):
    job = jobs.submit("export", user=lixia_officer, params={"export": "organizations", "filters": {}})

    assert (job.state, job.progress, job.message) == (JobState.DONE, 100, "已导出 2 行。")
    rows = _workbook_rows(job.result.read())
    names = [row[0] for row in rows[rows.index(next(r for r in rows if r[0] == "名称")) + 1 :]]
    assert names == ['\'=HYPERLINK("http://x")', "历下区阳光社工服务中心"]
    assert job.result_name.startswith("社会组织-")
    assert AuditEntry.objects.filter(action="export", object_type="reports.export.organizations").count() == 1


def test_an_unknown_kind_is_refused_and_nothing_is_saved(lixia_officer):
    with pytest.raises(jobs.JobRefused) as refused:
        jobs.submit("mine-bitcoin", user=lixia_officer, params={})

    assert str(refused.value.message) == "这种后台任务不存在。"
    assert BackgroundJob.objects.count() == 0


def test_an_export_of_an_unknown_list_is_refused(lixia_officer):
    with pytest.raises(jobs.JobRefused) as refused:
        jobs.submit("export", user=lixia_officer, params={"export": "passwords"})

    assert refused.value.message == UNKNOWN_EXPORT
    assert BackgroundJob.objects.count() == 0


def test_a_social_worker_may_not_start_a_scan(divisions):
    worker = UserFactory(role=Role.SOCIAL_WORKER, division=divisions["370102"])

    with pytest.raises(jobs.JobRefused):
        jobs.submit("scan", user=worker, params={})

    assert BackgroundJob.objects.count() == 0
    assert ScanRun.objects.count() == 0


def test_a_scan_job_scans_the_officers_jurisdiction_only(lixia_officer):
    job = jobs.submit("scan", user=lixia_officer, params={"within": "37"})

    assert job.state == JobState.DONE
    assert job.message.startswith("检查完成：发现 ")
    run = ScanRun.objects.get()
    assert (run.within, run.actor) == ("370102", lixia_officer)


def test_a_job_that_breaks_is_marked_failed_with_a_chinese_message(lixia_officer, monkeypatch):
    def broken(job, progress):
        progress(40, "半途")
        raise RuntimeError("boom")

    monkeypatch.setitem(
        jobs._KINDS, "broken", jobs.JobKind("broken", "broken", broken, lambda u: True, lambda u, p: p)
    )

    job = jobs.submit("broken", user=lixia_officer, params={})

    assert (job.state, job.progress) == (JobState.FAILED, 40)
    assert job.message == "任务失败。请重试；如果再次失败，请告知系统管理员。"
    assert not job.result


def test_only_the_owner_may_download_the_result(client, lixia_officer, licheng_officer, organizations):
    job = jobs.submit("export", user=lixia_officer, params={"export": "organizations", "filters": {}})
    url = reverse("reports:job-download", args=[job.pk])

    client.force_login(licheng_officer)
    assert client.get(url).status_code == 404

    client.force_login(lixia_officer)
    response = client.get(url)
    assert response.status_code == 200
    rows = _workbook_rows(b"".join(response.streaming_content))
    assert [row[0] for row in rows[3:]] == ["名称", '\'=HYPERLINK("http://x")', "历下区阳光社工服务中心"]


def test_the_job_page_polls_while_a_job_runs_and_stops_when_all_are_done(client, lixia_officer):
    running = BackgroundJob.objects.create(
        kind="export", owner=lixia_officer, state=JobState.RUNNING, progress=35
    )
    client.force_login(lixia_officer)

    table = parse(client.get(reverse("reports:job-list")).content).find(data_testid="job-table")
    assert table.attrs["hx-trigger"] == "every 2s"
    assert table.find("progress").attrs["value"] == "35"

    BackgroundJob.objects.filter(pk=running.pk).update(state=JobState.DONE, progress=100)
    fragment = parse(client.get(reverse("reports:job-list"), headers={"HX-Request": "true"}).content)
    table = fragment.find(data_testid="job-table")
    assert "hx-trigger" not in table.attrs
    assert table.find(data_testid=f"job-{running.pk}").attrs["data-state"] == "done"


def test_the_job_page_lists_only_the_viewers_jobs(client, lixia_officer, licheng_officer):
    mine = BackgroundJob.objects.create(kind="scan", owner=lixia_officer, state=JobState.DONE)
    theirs = BackgroundJob.objects.create(kind="scan", owner=licheng_officer, state=JobState.DONE)
    client.force_login(lixia_officer)

    page = parse(client.get(reverse("reports:job-list")).content)

    assert page.find_all(data_testid=f"job-{mine.pk}")
    assert not page.find_all(data_testid=f"job-{theirs.pk}")


def test_starting_a_scan_from_the_page_runs_it(client, lixia_officer):
    client.force_login(lixia_officer)

    response = client.post(reverse("reports:job-scan"))

    assert response.status_code == 302
    assert BackgroundJob.objects.get().state == JobState.DONE


def test_a_report_package_is_a_zip_of_the_districts_reports(client, lixia_officer, organizations):
    client.force_login(lixia_officer)

    client.post(reverse("reports:report-package"), {"division": "370102", "year": "2023"})

    job = BackgroundJob.objects.get()
    assert job.state == JobState.DONE, job.message
    assert job.result_name == "历下区 2023 年度报告包.zip"
    names = zipfile.ZipFile(io.BytesIO(job.result.read())).namelist()
    assert names == ["历下区 2023 年度实施情况报告.pdf", "社工站.xlsx", "社会组织.xlsx", "问题台账.xlsx"]


def test_a_report_package_of_another_district_is_refused(lixia_officer):
    with pytest.raises(jobs.JobRefused) as refused:
        jobs.submit("report_package", user=lixia_officer, params={"division": "370112", "year": 2023})

    assert refused.value.message == BAD_DISTRICT
    assert BackgroundJob.objects.count() == 0


def test_a_huizhou_district_package_holds_the_yearly_assessment_summary():
    from shegong.geo.tests.factories import make_tree

    tree = make_tree({"44": "广东省", "4413": "惠州市", "441302": "惠城区"})
    officer = UserFactory(role=Role.CITY_OFFICER, division=tree["4413"])

    job = jobs.submit("report_package", user=officer, params={"division": "441302", "year": 2023})

    names = zipfile.ZipFile(io.BytesIO(job.result.read())).namelist()
    assert names[:2] == ["惠城区 2023 年度实施情况报告.pdf", "惠城区 2023 年度考核汇总.pdf"]


@pytest.mark.django_db(transaction=True)
def test_the_thread_runner_runs_the_job_after_the_commit_in_the_background(settings, divisions):
    import threading

    settings.SHEGONG_JOB_RUNNER = "thread"
    officer = UserFactory(role=Role.DISTRICT_OFFICER, division=divisions["370102"])
    OrganizationFactory(name="历下区阳光社工服务中心", division=divisions["370102"])

    job = jobs.submit("export", user=officer, params={"export": "organizations", "filters": {}})

    assert job.state == JobState.QUEUED  # submit returns at once; the thread does the work
    for thread in threading.enumerate():
        if thread.name == f"job-{job.pk}":
            thread.join(timeout=60)
    job.refresh_from_db()
    assert (job.state, job.progress, job.message) == (JobState.DONE, 100, "已导出 1 行。")
