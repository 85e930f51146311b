"""A whole city's reports in the background (issue 10): one zip, a folder per district, progress per
district; and the reads of dashboards and report jobs going to the read replica (issue 11)."""

import datetime
import io
import subprocess
import zipfile

import pytest
from django.conf import settings
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.db_router import PRIMARY, REPLICA, ReplicaRouter
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.reports import jobs, selectors
from shegong.reports.job_kinds import BAD_CITY
from shegong.reports.models import BackgroundJob, JobState
from shegong.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db

PACKAGE = ["{d} 2023 年度实施情况报告.pdf", "{d}/社工站.xlsx", "{d}/社会组织.xlsx", "{d}/问题台账.xlsx"]


@pytest.fixture
def city_data(divisions):
    OrganizationFactory(name="历下区阳光社工服务中心", division=divisions["370102"])
    OrganizationFactory(name="历城区社会工作服务中心", division=divisions["370112"])
    StationFactory(division=divisions["370102001"], opened_on=datetime.date(2021, 3, 1))


def _pdf_text(content: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True, timeout=60)
    return done.stdout.decode("utf-8")


def test_the_city_officer_builds_every_districts_package_in_one_zip(client, jinan_officer, city_data):
    client.force_login(jinan_officer)

    response = client.post(reverse("reports:city-reports"), {"year": "2023"})

    assert response.status_code == 302
    job = BackgroundJob.objects.get()
    assert (job.kind, job.state, job.progress) == ("city_reports", JobState.DONE, 100)
    assert job.message == "2 个区县，共 8 个文件。"
    assert job.result_name == "济南市 2023 年度报告包.zip"
    archive = zipfile.ZipFile(io.BytesIO(job.result.read()))
    assert archive.namelist() == [
        "历下区/历下区 2023 年度实施情况报告.pdf",
        "历下区/社工站.xlsx",
        "历下区/社会组织.xlsx",
        "历下区/问题台账.xlsx",
        "历城区/历城区 2023 年度实施情况报告.pdf",
        "历城区/社工站.xlsx",
        "历城区/社会组织.xlsx",
        "历城区/问题台账.xlsx",
    ]
    lixia = _pdf_text(archive.read("历下区/历下区 2023 年度实施情况报告.pdf"))
    assert "历下区 2023 年度实施情况报告" in lixia.replace("\n", "")
    assert "历城区" in _pdf_text(archive.read("历城区/历城区 2023 年度实施情况报告.pdf"))
    download = client.get(reverse("reports:job-download", args=[job.pk]))
    assert download.status_code == 200


def test_the_progress_counts_the_districts(jinan_officer, city_data, monkeypatch):
    seen = []
    original = jobs._progress_callback

    def recording(job):
        progress = original(job)

        def record(percent, message=""):
            seen.append((percent, str(message)))
            progress(percent, message)

        return record

    monkeypatch.setattr(jobs, "_progress_callback", recording)

    jobs.submit("city_reports", user=jinan_officer, params={"year": 2023})

    assert seen == [(0, "第 1/2 个区县：历下区…"), (50, "第 2/2 个区县：历城区…")]


@pytest.mark.parametrize(
    "role,division", [(Role.DISTRICT_OFFICER, "370102"), (Role.TOWN_OFFICER, "370102001")]
)
def test_only_a_city_officer_may_build_the_citys_reports(client, divisions, role, division):
    officer = UserFactory(role=role, division=divisions[division])
    client.force_login(officer)

    assert client.post(reverse("reports:city-reports"), {"year": "2023"}).status_code == 403
    with pytest.raises(jobs.JobRefused):
        jobs.submit("city_reports", user=officer, params={"year": 2023})
    assert BackgroundJob.objects.count() == 0


def test_a_future_year_is_refused_with_a_chinese_message(client, jinan_officer):
    client.force_login(jinan_officer)

    next_year = timezone.localdate().year + 1

    response = client.post(reverse("reports:city-reports"), {"year": str(next_year)}, follow=True)

    assert BackgroundJob.objects.count() == 0
    assert "请输入 2000 年至今年之间的年份。" in response.content.decode()


def test_an_administrator_names_the_city(system_admin, divisions, city_data):
    with pytest.raises(jobs.JobRefused) as refused:
        jobs.submit("city_reports", user=system_admin, params={"year": 2023, "city": "370102"})
    assert refused.value.message == BAD_CITY

    job = jobs.submit("city_reports", user=system_admin, params={"year": 2023, "city": "3701"})

    assert job.state == JobState.DONE


def test_the_job_list_offers_the_city_reports_to_the_city_officer_only(client, jinan_officer, lixia_officer):
    client.force_login(jinan_officer)
    assert 'data-testid="start-city-reports"' in client.get(reverse("reports:job-list")).content.decode()

    client.force_login(lixia_officer)
    assert 'data-testid="start-city-reports"' not in client.get(reverse("reports:job-list")).content.decode()


# Read replica ----------------------------------------------------------------------------------------


@pytest.fixture
def replica(monkeypatch):
    """Declare a replica alias served by the test database's own connection; record every routing."""
    monkeypatch.setitem(settings.DATABASES, REPLICA, settings.DATABASES[PRIMARY])
    connections[REPLICA] = connections[PRIMARY]
    routed = []
    read, write = ReplicaRouter.db_for_read, ReplicaRouter.db_for_write

    def db_for_read(self, model, **hints):
        alias = read(self, model, **hints)
        routed.append(("read", model._meta.label_lower, alias))
        return alias

    def db_for_write(self, model, **hints):
        alias = write(self, model, **hints)
        routed.append(("write", model._meta.label_lower, alias))
        return alias

    monkeypatch.setattr(ReplicaRouter, "db_for_read", db_for_read)
    monkeypatch.setattr(ReplicaRouter, "db_for_write", db_for_write)
    yield routed
    del connections[REPLICA]


def test_the_dashboards_reads_go_to_the_replica(jinan_officer, city_data, replica):
    selectors.dashboard(viewer=jinan_officer, as_of=datetime.date(2024, 6, 1))

    reads = {alias for kind, _model, alias in replica if kind == "read"}
    assert reads == {REPLICA}
    assert len(replica) > 10


def test_the_public_dashboards_reads_go_to_the_replica(city_data, replica):
    selectors.public_dashboard(as_of=datetime.date(2024, 6, 1))

    assert {alias for _kind, _model, alias in replica} == {REPLICA}


def test_a_report_job_reads_from_the_replica_and_writes_its_progress_to_the_primary(
    jinan_officer, city_data, replica
):
    job = jobs.submit("city_reports", user=jinan_officer, params={"year": 2023})

    assert job.state == JobState.DONE
    job_rows = {alias for kind, model, alias in replica if model == "reports.backgroundjob"}
    assert job_rows == {PRIMARY}  # taking the job, its progress and its result: the primary
    station_reads = {alias for kind, model, alias in replica if model == "stations.station"}
    assert station_reads == {REPLICA}
    assert {alias for kind, _model, alias in replica if kind == "write"} == {PRIMARY}
