"""The deadline calendar, its iCalendar feed and filing a plan or report."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shegong.common.tests.html import parse
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.policy.engine import evaluate_rule, get_rule
from shegong.stations import services
from shegong.stations.models import PlanContent, Submission, SubmissionKind
from shegong.stations.tests.factories import StationFactory
from shegong.stations.views import feed_token

pytestmark = pytest.mark.django_db

D = datetime.date


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def file_plan(officer, divisions, submitted_on, code="370102"):
    return services.submission_file(
        actor=officer,
        kind=SubmissionKind.ANNUAL_PLAN,
        division=divisions[code],
        period="2022",
        submitted_on=submitted_on,
        text="2022年度社工站项目实施计划",
        contents=list(PlanContent.values),
    )


def test_a_plan_filed_after_its_due_date_is_late_in_the_calendar_the_feed_and_the_findings(
    client, divisions, lixia_officer
):
    submission = file_plan(lixia_officer, divisions, D(2022, 4, 1))
    assert submission.due_on == D(2022, 3, 31)
    client.force_login(lixia_officer)

    page = client.get(reverse("stations:deadline-calendar"), {"year": 2022})
    rows = parse(page.content).find(data_testid="deadlines").find_all("tr")
    plan_rows = [row for row in rows if "区县社工站年度实施计划" in row.text]
    assert len(plan_rows) == 1
    assert plan_rows[0].attrs["data-status"] == "late"
    assert "逾期提交" in plan_rows[0].text

    feed = unfold(client.get(reverse("stations:deadline-feed"), {"year": 2022}).content.decode())
    assert "SUMMARY:[逾期提交] 区县社工站年度实施计划 (2022) – 历下区" in feed

    [violation] = evaluate_rule(get_rule("JN-09"), as_of=D(2022, 4, 2), within="370102").violations
    assert violation.subject.code == "370102"
    assert violation.inputs["submitted_on"] == D(2022, 4, 1)


def test_a_plan_filed_on_its_due_date_is_on_time(client, divisions, lixia_officer):
    file_plan(lixia_officer, divisions, D(2022, 3, 31))
    client.force_login(lixia_officer)
    page = client.get(reverse("stations:deadline-calendar"), {"year": 2022})
    statuses = [
        row.attrs.get("data-status")
        for row in parse(page.content).find(data_testid="deadlines").find_all("tr")
        if row.attrs.get("data-status")
    ]
    assert statuses == ["on_time", "missing"]  # the plan, then the implementation report due 30 Nov 2022
    assert evaluate_rule(get_rule("JN-09"), as_of=D(2022, 4, 2), within="370102").violations == []


def test_the_feed_is_valid_icalendar_with_one_event_per_due_item(client, divisions, lixia_officer):
    signed = datetime.date.today() - datetime.timedelta(days=100)
    StationFactory(
        division=divisions["370102001"],
        provider=OrganizationFactory(division=divisions["370102"], name="历下区社工服务中心, 分部; 一"),
        service_contract_signed_on=signed,
    )
    client.force_login(lixia_officer)
    response = client.get(reverse("stations:deadline-feed"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and len(line) <= 75 for line in lines)
    text = unfold(raw.decode())
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") >= 3
    uids = [line for line in text.split("\r\n") if line.startswith("UID:")]
    assert len(uids) == len(set(uids)) == text.count("BEGIN:VEVENT")
    assert "DTSTART;VALUE=DATE:" in text


def test_the_feed_shows_only_the_viewers_jurisdiction(client, divisions, lixia_officer):
    signed = datetime.date.today() - datetime.timedelta(days=100)
    for code in ("370102001", "370112001"):
        StationFactory(
            division=divisions[code],
            provider=OrganizationFactory(division=divisions[code[:6]]),
            service_contract_signed_on=signed,
        )
    client.force_login(lixia_officer)
    text = unfold(client.get(reverse("stations:deadline-feed")).content.decode())
    assert "历下区" in text
    assert "历城区" not in text


def test_the_token_feed_works_without_a_session_and_a_forged_token_is_404(client, divisions, lixia_officer):
    file_plan(lixia_officer, divisions, D(2022, 4, 1))
    anonymous = client.get(reverse("stations:deadline-feed"))
    assert anonymous.status_code == 302

    url = reverse("stations:deadline-feed-token", args=[feed_token(lixia_officer)])
    assert client.get(url).status_code == 200
    forged = reverse("stations:deadline-feed-token", args=[feed_token(lixia_officer) + "x"])
    assert client.get(forged).status_code == 404


def test_an_officer_files_a_plan_through_the_form(client, divisions, lixia_officer):
    client.force_login(lixia_officer)
    response = client.post(
        reverse("stations:submission-create"),
        {
            "kind": SubmissionKind.ANNUAL_PLAN,
            "division": "370102",
            "period": "2022",
            "submitted_on": "2022-04-01",
            "text": "计划",
            "contents": ["goals", "budget"],
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "晚于截止日2022-03-31" in response.content.decode()
    submission = Submission.objects.get()
    assert (submission.division_id, submission.due_on, submission.is_late) == ("370102", D(2022, 3, 31), True)
    assert submission.contents == ["goals", "budget"]


def test_the_form_refuses_another_district_and_writes_nothing(client, divisions, lixia_officer):
    client.force_login(lixia_officer)
    response = client.post(
        reverse("stations:submission-create"),
        {
            "kind": SubmissionKind.ANNUAL_PLAN,
            "division": "370112",
            "period": "2022",
            "submitted_on": "2022-03-01",
            "text": "计划",
        },
    )
    assert response.status_code == 400
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"period": "2020"}, "period", "历下区在2020期间没有应提交的此类材料。"),
        ({"period": "22"}, "period", services.SUBMISSION_PERIOD_FORMAT),
        ({"text": ""}, "text", services.SUBMISSION_EMPTY),
        ({"submitted_on": D(2999, 1, 1)}, "submitted_on", services.SUBMISSION_IN_FUTURE),
        ({"division": "370102001"}, "division", services.SUBMISSION_NEEDS_DISTRICT),
    ],
)
def test_refused_filings_write_nothing(divisions, lixia_officer, fields, field, message):
    data = {
        "kind": SubmissionKind.ANNUAL_PLAN,
        "division": "370102",
        "period": "2022",
        "submitted_on": D(2022, 3, 1),
        "text": "计划",
    }
    data.update(fields)
    data["division"] = divisions[data["division"]]
    with pytest.raises(ValidationError) as caught:
        services.submission_file(actor=lixia_officer, **data)
    assert caught.value.message_dict[field] == [str(message)]
    assert Submission.objects.count() == 0


def test_a_second_filing_for_the_same_period_is_refused(divisions, lixia_officer):
    file_plan(lixia_officer, divisions, D(2022, 3, 1))
    with pytest.raises(ValidationError) as caught:
        file_plan(lixia_officer, divisions, D(2022, 3, 2))
    assert caught.value.message_dict["period"] == ["历下区已于2022-03-01提交2022期间的此类材料。"]
    assert Submission.objects.count() == 1


def test_a_provider_files_a_monthly_brief_with_its_computed_due_date(divisions, lixia_officer):
    station = StationFactory(
        division=divisions["370102001"],
        provider=OrganizationFactory(division=divisions["370102"]),
        service_contract_signed_on=D(2022, 1, 15),
    )
    brief = services.submission_file(
        actor=lixia_officer,
        kind=SubmissionKind.MONTHLY_BRIEF,
        station=station,
        period="2022-01",
        submitted_on=D(2022, 2, 11),
        text="1月简报",
    )
    assert (brief.division_id, brief.due_on, brief.is_late) == ("370102001", D(2022, 2, 10), True)
