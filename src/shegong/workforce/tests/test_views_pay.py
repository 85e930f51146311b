"""Pages of ranks and pay, the complaint queue, the own file, findings filter and live findings."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.models import AuditEntry
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.policy.models import Finding
from shegong.workforce import pay_services, ranks
from shegong.workforce.models import (
    CertificateLevel,
    PayRecord,
    Practitioner,
    Rank,
    SalaryGuide,
    SalaryGuideRow,
    TrainingKind,
)
from shegong.workforce.tests.factories import (
    CertificateFactory,
    ComplaintFactory,
    EmploymentFactory,
    PractitionerFactory,
    TrainingRecordFactory,
    guide_with,
    make_id_number,
)

pytestmark = pytest.mark.django_db

GUIDES = reverse("workforce:salary-guide-list")


@pytest.fixture
def jinan(divisions):
    return divisions["3701"]


def detail_url(practitioner, **query):
    url = reverse("workforce:practitioner-detail", args=[practitioner.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# Salary guides --------------------------------------------------------------------------------------


def test_a_city_officer_records_the_sample_guide_marked_as_sample(client, jinan_officer, jinan):
    client.force_login(jinan_officer)

    response = client.post(
        reverse("workforce:salary-guide-create"),
        {"division": "3701", "title": "ignored", "effective_from": "2024-01-01", "start": "sample"},
    )

    guide = SalaryGuide.objects.get()
    assert response.status_code == 302
    assert guide.is_sample and "示例数据" in guide.title
    assert guide.rows.count() == len(Rank.values) * 16
    page = client.get(
        reverse("workforce:salary-guide-detail", args=[guide.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "示例数据" in page.content.decode()
    assert 'data-testid="sample-badge"' in page.content.decode()


def test_high_risk_domains_are_priced_higher_in_the_sample(jinan):
    rows = pay_services.sample_rows()
    assert rows[(Rank.SOCIAL_WORKER, "mental_health")] > rows[(Rank.SOCIAL_WORKER, "community_building")]


def test_a_district_officer_may_read_but_not_record_or_edit_guides(client, lixia_officer, jinan):
    guide = guide_with(jinan, {(Rank.SOCIAL_WORKER, "charity"): 8000}, title="济南指导价")
    client.force_login(lixia_officer)

    assert "济南指导价" in client.get(GUIDES).content.decode()
    assert client.get(reverse("workforce:salary-guide-detail", args=[guide.pk])).status_code == 200
    assert client.get(reverse("workforce:salary-guide-create")).status_code == 403
    response = client.post(
        reverse("workforce:salary-guide-edit", args=[guide.pk]),
        {"title": "x", f"pay_{Rank.SOCIAL_WORKER}__charity": "1"},
    )
    assert response.status_code == 403
    assert SalaryGuideRow.objects.get().monthly_pay == Decimal("8000")


def test_editing_a_cell_saves_it_and_is_audited(client, jinan_officer, jinan):
    guide = guide_with(jinan, {(Rank.SOCIAL_WORKER, "charity"): 8000})
    client.force_login(jinan_officer)

    response = client.post(
        reverse("workforce:salary-guide-edit", args=[guide.pk]),
        {"title": "济南2024", "source": "济民发", f"pay_{Rank.SOCIAL_WORKER}__charity": "8800.50"},
    )

    assert response.status_code == 302
    assert SalaryGuideRow.objects.get().monthly_pay == Decimal("8800.50")
    entry = AuditEntry.objects.filter(object_type="workforce.salaryguide").latest("id")
    assert entry.before["rows"] == {"social_worker/charity": "8000.00"}
    assert entry.after["rows"] == {"social_worker/charity": "8800.50"}


def test_a_negative_cell_is_refused_in_chinese_and_nothing_changes(client, jinan_officer, jinan):
    guide = guide_with(jinan, {(Rank.SOCIAL_WORKER, "charity"): 8000})
    client.force_login(jinan_officer)

    response = client.post(
        reverse("workforce:salary-guide-edit", args=[guide.pk]),
        {"title": "济南2024", f"pay_{Rank.SOCIAL_WORKER}__charity": "-1"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert "确保该值大于或等于0" in response.content.decode()
    assert SalaryGuideRow.objects.get().monthly_pay == Decimal("8000")


def test_a_second_guide_on_the_same_day_is_refused(client, jinan_officer, jinan):
    guide_with(jinan, {}, effective_from=datetime.date(2024, 1, 1))
    client.force_login(jinan_officer)

    response = client.post(
        reverse("workforce:salary-guide-create"),
        {"division": "3701", "title": "重复", "effective_from": "2024-01-01", "start": "empty"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert "该市已有自当日起施行的薪酬指导价。" in response.content.decode()
    assert SalaryGuide.objects.count() == 1


def test_a_new_guide_copies_the_guide_in_force(client, jinan_officer, jinan):
    guide_with(jinan, {(Rank.SUPERVISOR, "health"): 12000}, effective_from=datetime.date(2020, 1, 1))
    client.force_login(jinan_officer)

    client.post(
        reverse("workforce:salary-guide-create"),
        {"division": "3701", "title": "2024版", "effective_from": "2024-01-01", "start": "copy"},
    )

    new = SalaryGuide.objects.get(title="2024版")
    assert list(new.rows.values_list("rank", "domain", "monthly_pay")) == [
        (Rank.SUPERVISOR, "health", Decimal("12000.00"))
    ]


def test_an_old_shenzhen_guide_shows_the_revision_warning(client, system_admin, divisions):
    guide = guide_with(divisions["4403"], {}, effective_from=timezone.localdate().replace(year=2021))
    client.force_login(system_admin)
    # As of today the Shenzhen measures have lapsed (2025-11-11): the rule is not in force, no warning.
    page = client.get(reverse("workforce:salary-guide-detail", args=[guide.pk]))
    assert 'data-testid="guide-age-warning"' not in page.content.decode()


# Ranks and pay on the practitioner page -------------------------------------------------------------


def test_rank_refused_without_the_certificate_names_the_condition(client, system_admin, divisions):
    person = PractitionerFactory(division=divisions["440304"])
    ladder = ranks.ladder_for("440304", datetime.date(2022, 1, 1))
    assert ladder is not None and ladder.clause == "(六)"
    client.force_login(system_admin)

    response = client.post(
        reverse("workforce:rank-set", args=[person.pk]),
        {"rank": Rank.ASSISTANT, "since": "2022-01-01"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert "“助理社工”职级至少需要“助理社会工作师”证书。" in response.content.decode()
    person.refresh_from_db()
    assert person.rank == ""


def test_rank_given_when_the_conditions_hold_and_promotion_needs_the_years(system_admin, divisions):
    person = PractitionerFactory(division=divisions["440304"])
    CertificateFactory(
        practitioner=person, level=CertificateLevel.INTERMEDIATE, issued_on=datetime.date(2020, 1, 1)
    )
    EmploymentFactory(
        practitioner=person,
        organization=OrganizationFactory(division=divisions["440304"]),
        starts_on=datetime.date(2020, 1, 1),
    )
    pay_services.practitioner_set_rank(
        actor=system_admin, practitioner=person, rank=Rank.ASSISTANT, since=datetime.date(2021, 1, 1)
    )

    assert pay_services.rank_problems(person, Rank.SOCIAL_WORKER, datetime.date(2021, 12, 31)) == [
        "晋升“社工”需要任“助理社工”职级满1年（自2021-01-01起任）。",
        "“社工”职级要求最近一次年度考核不低于“合格”。",
    ]
    assert pay_services.rank_problems(person, Rank.ASSISTANT, datetime.date(2021, 12, 31)) == []


def test_pay_recorded_through_the_page_shows_in_the_pay_tab(client, system_admin, divisions):
    person = PractitionerFactory(division=divisions["440304"])
    employer = OrganizationFactory(division=divisions["440304"], name="福田社工中心")
    client.force_login(system_admin)

    response = client.post(
        reverse("workforce:pay-record-create", args=[person.pk]),
        {
            "month": "2024-03",
            "employer": employer.pk,
            "rank": Rank.SOCIAL_WORKER,
            "domain": "community_building",
            "gross_pay": "8123.45",
        },
    )

    assert response.status_code == 302
    record = PayRecord.objects.get()
    assert (record.month, record.gross_pay) == (datetime.date(2024, 3, 1), Decimal("8123.45"))
    page = client.get(detail_url(person)).content.decode()
    pay_rows = page.split('data-testid="pay-records"')[1].split("</table>")[0]
    assert "2024-03" in pay_rows and "福田社工中心" in pay_rows and "8,123.45" in pay_rows


def test_a_future_month_is_refused_and_nothing_saved(client, system_admin, divisions):
    person = PractitionerFactory(division=divisions["440304"])
    employer = OrganizationFactory(division=divisions["440304"])
    client.force_login(system_admin)
    month = (timezone.localdate() + datetime.timedelta(days=40)).strftime("%Y-%m")

    response = client.post(
        reverse("workforce:pay-record-create", args=[person.pk]),
        {
            "month": month,
            "employer": employer.pk,
            "rank": Rank.SOCIAL_WORKER,
            "domain": "community_building",
            "gross_pay": "8000",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert "日期不能晚于今天。" in response.content.decode()
    assert PayRecord.objects.count() == 0


def test_sanming_reward_after_2014_is_refused_citing_the_clause(system_admin, cities):
    person = PractitionerFactory(division=cities["sanming"], id_number=make_id_number(3, area="350403"))
    with pytest.raises(Exception) as refused:
        pay_services.exam_fee_record(
            actor=system_admin,
            practitioner=person,
            level=CertificateLevel.ASSISTANT,
            passed_on=datetime.date(2015, 1, 1),
            fee=Decimal("100"),
            reward=Decimal("500"),
        )
    assert "2014-12-31" in str(refused.value)
    record = pay_services.exam_fee_record(
        actor=system_admin,
        practitioner=person,
        level=CertificateLevel.ASSISTANT,
        passed_on=datetime.date(2014, 12, 31),
        fee=Decimal("100"),
        reward=Decimal("500"),
    )
    assert record.reward == Decimal("500")


# Live findings and re-check -------------------------------------------------------------------------


def test_the_findings_tab_checks_the_rules_as_of_a_date(client, system_admin, divisions):
    person = PractitionerFactory(division=divisions["440304"], name="王芳")
    TrainingRecordFactory(practitioner=person, hours=Decimal("79"), held_on=datetime.date(2025, 3, 1))
    client.force_login(system_admin)

    page = client.get(detail_url(person, as_of="2025-06-30"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-rule="SZ-07a"' in page and "79 学时" in page

    TrainingRecordFactory(practitioner=person, hours=Decimal("1"), held_on=datetime.date(2025, 3, 2))
    page = client.get(detail_url(person, as_of="2025-06-30")).content.decode()
    assert 'data-rule="SZ-07a"' not in page
    assert 'data-testid="no-live-findings"' in page


def test_recheck_updates_the_ledger_for_the_practitioner(client, lixia_officer, divisions):
    person = PractitionerFactory(division=divisions["370102"])
    Finding.objects.create(
        rule_id="SM-08",
        rule_version=1,
        document="x",
        clause="x",
        severity="high",
        subject_type="workforce.practitioner",
        subject_id=str(person.pk),
        subject_repr="x",
        division_id="370102",
        as_of=datetime.date(2022, 1, 1),
        measured="",
        threshold="",
        explanation_zh="x",
        explanation_en="x",
        first_seen=datetime.date(2022, 1, 1),
        last_seen=datetime.date(2022, 1, 1),
    )
    client.force_login(lixia_officer)

    response = client.post(reverse("workforce:practitioner-recheck", args=[person.pk]))

    assert response.status_code == 302
    assert Finding.objects.get().state == "resolved"


def test_recheck_of_a_practitioner_out_of_scope_is_404(client, lixia_officer, divisions):
    person = PractitionerFactory(division=divisions["370112"], id_number=make_id_number(9, area="370112"))
    client.force_login(lixia_officer)

    assert client.post(reverse("workforce:practitioner-recheck", args=[person.pk])).status_code == 404


def test_list_filters_practitioners_with_open_findings_of_a_rule(client, lixia_officer, divisions):
    flagged = PractitionerFactory(division=divisions["370102"], name="张三")
    PractitionerFactory(division=divisions["370102"], name="李四")
    Finding.objects.create(
        rule_id="SM-08",
        rule_version=1,
        document="x",
        clause="x",
        severity="high",
        subject_type="workforce.practitioner",
        subject_id=str(flagged.pk),
        subject_repr="x",
        division_id="370102",
        as_of=datetime.date(2022, 1, 1),
        measured="",
        threshold="",
        explanation_zh="x",
        explanation_en="x",
        first_seen=datetime.date(2022, 1, 1),
        last_seen=datetime.date(2022, 1, 1),
    )
    client.force_login(lixia_officer)
    list_url = reverse("workforce:practitioner-list")

    def names(**query):
        return [p.name for p in client.get(list_url, query).context["page_obj"]]

    assert names(findings="open") == ["张三"]
    assert names(findings="none") == ["李四"]
    assert names(rule="SM-08") == ["张三"]
    assert names(rule="HZ-17") == []
    assert sorted(names(rule="not-a-rule")) == ["张三", "李四"]


# Complaint queue and the own file ---------------------------------------------------------------------


def test_the_complaint_queue_highlights_overdue_complaints_first(client, lixia_officer, divisions):
    today = timezone.localdate()
    person = PractitionerFactory(division=divisions["370102"], name="张三")
    late = ComplaintFactory(
        practitioner=person,
        summary="超期投诉",
        received_on=today - datetime.timedelta(days=20),
        time_limit_days=15,
        due_on=today - datetime.timedelta(days=5),
    )
    ComplaintFactory(
        practitioner=person,
        summary="新投诉",
        received_on=today,
        time_limit_days=15,
        due_on=today + datetime.timedelta(days=15),
    )
    client.force_login(lixia_officer)

    response = client.get(reverse("workforce:complaint-queue"))
    rows = list(response.context["page_obj"])
    assert [c.summary for c in rows] == ["超期投诉", "新投诉"]
    assert rows[0].is_overdue and not rows[1].is_overdue
    assert response.content.decode().count('data-overdue="1"') == 1
    overdue = client.get(reverse("workforce:complaint-queue"), {"state": "overdue"})
    assert [c.pk for c in overdue.context["page_obj"]] == [late.pk]


def test_the_complaint_queue_is_closed_to_organisation_staff(client, divisions):
    user = UserFactory(role=Role.ORG_ADMIN, organization=OrganizationFactory(division=divisions["370102"]))
    client.force_login(user)

    assert client.get(reverse("workforce:complaint-queue")).status_code == 403


def test_a_social_worker_sees_their_own_file_with_this_years_progress(client, divisions):
    user = UserFactory(
        role=Role.SOCIAL_WORKER, organization=OrganizationFactory(division=divisions["440304"])
    )
    person = PractitionerFactory(division=divisions["440304"], name="黄敏", user=user)
    TrainingRecordFactory(practitioner=person, hours=Decimal("12"), held_on=timezone.localdate())
    PractitionerFactory(division=divisions["440304"], name="周杰")
    client.force_login(user)

    page = client.get(reverse("workforce:my-file")).content.decode()

    assert "黄敏" in page and "周杰" not in page
    assert 'data-testid="training-progress"' in page


def test_an_account_without_a_file_is_told_so(client, divisions):
    user = UserFactory(
        role=Role.SOCIAL_WORKER, organization=OrganizationFactory(division=divisions["440304"])
    )
    client.force_login(user)

    assert 'data-testid="no-own-file"' in client.get(reverse("workforce:my-file")).content.decode()


# The list at 10,000 practitioners ---------------------------------------------------------------------


def test_the_list_of_10000_practitioners_is_paginated_with_bounded_queries(
    client, lixia_officer, divisions, django_assert_max_num_queries
):
    from shegong.common.encryption import keyed_hash
    from shegong.common.masking import mask_id_number

    people = []
    for n in range(10_000):
        number = make_id_number(n, area="370102")
        people.append(
            Practitioner(
                name="张三",
                name_pinyin="zhangsan",
                name_initials="zs",
                id_number=number,
                id_number_hash=keyed_hash(number),
                id_number_masked=mask_id_number(number),
                gender="male",
                birth_date=datetime.date(1990, 1, 1),
                division=divisions["370102"],
            )
        )
    Practitioner.objects.bulk_create(people, batch_size=2000)
    TrainingRecordFactory(practitioner=Practitioner.objects.first(), kind=TrainingKind.OTHER)
    client.force_login(lixia_officer)
    list_url = reverse("workforce:practitioner-list")
    second = client.get(list_url + client.get(list_url).context["page_obj"].next_url).context["page_obj"]

    with django_assert_max_num_queries(12):
        response = client.get(list_url + second.next_url)

    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.count == 10_000 and len(page.rows) == 50 and page.has_previous and page.has_next
    assert {p.pk for p in page.rows}.isdisjoint(p.pk for p in second.rows)
