"""Practitioner pages: list with filters and masked IDs, detail, forms, the full ID behind a reason."""

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
from shegong.policy.scanning import scan
from shegong.workforce.models import CertificateLevel, FilingState, Practitioner, TrainingKind
from shegong.workforce.tests.factories import (
    CertificateFactory,
    PractitionerFactory,
    TrainingRecordFactory,
    make_id_number,
    with_wrong_check_digit,
)

pytestmark = pytest.mark.django_db

LIST = reverse("workforce:practitioner-list")


@pytest.fixture
def lixia(divisions):
    return divisions["370102"]


def detail_url(practitioner):
    return reverse("workforce:practitioner-detail", args=[practitioner.pk])


def names(response):
    return [p.name for p in response.context["page_obj"]]


def test_the_list_shows_masked_id_numbers_only(client, lixia_officer, lixia):
    person = PractitionerFactory(division=lixia, name="张三", id_number=make_id_number(5, area="370102"))
    client.force_login(lixia_officer)

    response = client.get(LIST)

    text = response.content.decode()
    assert response.status_code == 200
    assert person.id_number_masked in text and person.id_number not in text
    assert "张三" in text


@pytest.mark.parametrize("q", ["张三", "张", "zhangsan", "ZhangSan", "zhang san", "zs", "zhang"])
def test_search_finds_a_name_by_characters_pinyin_or_initials(client, lixia_officer, lixia, q):
    PractitionerFactory(division=lixia, name="张三")
    PractitionerFactory(division=lixia, name="李四")
    client.force_login(lixia_officer)

    assert names(client.get(LIST, {"q": q})) == ["张三"]


def test_search_by_exact_id_number_uses_the_keyed_hash(client, lixia_officer, lixia):
    wanted = PractitionerFactory(division=lixia, name="王芳", id_number=make_id_number(11, area="370102"))
    PractitionerFactory(division=lixia, name="刘洋", id_number=make_id_number(12, area="370102"))
    client.force_login(lixia_officer)

    assert names(client.get(LIST, {"q": wanted.id_number.lower()})) == ["王芳"]
    assert names(client.get(LIST, {"q": wanted.id_number[:10]})) == []  # no partial match on ID numbers


def test_filters_by_state_certificate_organisation_and_division(client, jinan_officer, divisions):
    organization = OrganizationFactory(division=divisions["370102"])
    filed = PractitionerFactory(division=divisions["370102001"], name="陈静", employer=organization)
    CertificateFactory(practitioner=filed, level=CertificateLevel.INTERMEDIATE)
    PractitionerFactory(division=divisions["370112"], name="杨帆", filed_since=None)
    client.force_login(jinan_officer)

    assert names(client.get(LIST, {"state": "applied"})) == ["杨帆"]
    assert names(client.get(LIST, {"level": "intermediate"})) == ["陈静"]
    assert names(client.get(LIST, {"level": "senior"})) == []
    assert names(client.get(LIST, {"organization": organization.pk})) == ["陈静"]
    assert names(client.get(LIST, {"within": "370112"})) == ["杨帆"]
    assert sorted(names(client.get(LIST, {"state": "nonsense"}))) == [
        "杨帆",
        "陈静",
    ]  # unknown filter ignored


def test_the_list_shows_the_highest_certificate_and_this_years_hours(client, lixia_officer, lixia):
    person = PractitionerFactory(division=lixia)
    CertificateFactory(
        practitioner=person, level=CertificateLevel.SENIOR, issued_on=datetime.date(2015, 1, 1)
    )
    CertificateFactory(practitioner=person, level=CertificateLevel.INTERMEDIATE)
    today = timezone.localdate()
    TrainingRecordFactory(practitioner=person, hours=Decimal("12.5"), held_on=today)
    TrainingRecordFactory(
        practitioner=person, hours=Decimal("30"), held_on=today.replace(year=today.year - 1)
    )
    client.force_login(lixia_officer)

    [row] = client.get(LIST).context["page_obj"]

    assert (row.top_level, row.hours_this_year) == ("senior", Decimal("12.5"))
    assert "高级社会工作师" in client.get(LIST, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


@pytest.mark.parametrize("rows", [5, 60])
def test_the_list_costs_the_same_queries_for_few_and_many_rows(
    client, lixia_officer, lixia, rows, django_assert_max_num_queries
):
    organization = OrganizationFactory(division=lixia)
    for i in range(rows):
        person = PractitionerFactory(
            division=lixia, employer=organization, id_number=make_id_number(i, area="370102")
        )
        CertificateFactory(practitioner=person)
    client.force_login(lixia_officer)

    with django_assert_max_num_queries(10):
        response = client.get(LIST)

    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(rows, 50)


def test_other_districts_practitioners_answer_404(client, lixia_officer, divisions):
    outside = PractitionerFactory(division=divisions["370112"])
    client.force_login(lixia_officer)

    assert client.get(detail_url(outside)).status_code == 404
    assert (
        client.post(
            reverse("workforce:training-record-create", args=[outside.pk]),
            {"kind": "other", "hours": "5", "held_on": "2022-01-01"},
        ).status_code
        == 404
    )


def test_the_list_needs_a_login(client):
    response = client.get(LIST)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Detail ---------------------------------------------------------------------------------------------


@pytest.fixture
def huizhou(divisions):
    from shegong.geo.tests.factories import make_division

    return make_division("441302", "惠城区")


def test_the_detail_shows_this_years_progress_against_the_huizhou_requirement(client, huizhou):
    officer = UserFactory(role=Role.DISTRICT_OFFICER, division=huizhou)
    person = PractitionerFactory(division=huizhou, id_number=make_id_number(1, area="441302"))
    TrainingRecordFactory(
        practitioner=person, kind=TrainingKind.OTHER, hours=Decimal("40"), held_on=timezone.localdate()
    )
    client.force_login(officer)

    response = client.get(detail_url(person), HTTP_ACCEPT_LANGUAGE="zh-hans")

    progress = response.context["progress"]
    assert (progress.spec_id, progress.hours, progress.threshold, progress.percent) == ("HZ-17", 40, 48, 83)
    text = response.content.decode()
    assert '<progress id="training-bar" class="w-100" max="48" value="40.0">' in text
    assert "本年度还差 8.0 学时" in text


def test_the_detail_says_when_the_requirement_has_lapsed(client, divisions):
    officer = UserFactory(role=Role.DISTRICT_OFFICER, division=divisions["440304"])
    person = PractitionerFactory(division=divisions["440304"])
    client.force_login(officer)

    response = client.get(detail_url(person), HTTP_ACCEPT_LANGUAGE="zh-hans")

    progress = response.context["progress"]
    if timezone.localdate() > datetime.date(2025, 11, 11):
        assert progress.threshold is None
        assert "已失效" in response.content.decode()


def test_an_officer_files_a_practitioner_records_48_hours_and_the_finding_disappears(client, huizhou):
    """HZ-17 from end to end: apply, review, file, scan, add hours, scan again."""
    officer = UserFactory(role=Role.DISTRICT_OFFICER, division=huizhou)
    client.force_login(officer)
    number = make_id_number(3, area="441302")

    response = client.post(
        reverse("workforce:practitioner-create"),
        {"name": "钟嘉琪", "id_number": number, "division": huizhou.pk},
    )
    person = Practitioner.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(person)
    for state in ("under_review", "filed"):
        response = client.post(
            reverse("workforce:practitioner-transition", args=[person.pk]), {"to_state": state}
        )
        assert response.status_code == 302
    person.refresh_from_db()
    assert person.filing_state == FilingState.FILED

    scan(rule_ids=["HZ-17"], actor=officer)
    assert [f.rule_id for f in Finding.objects.filter(state="open")] == ["HZ-17"]
    assert "HZ-17" in client.get(detail_url(person)).content.decode()

    response = client.post(
        reverse("workforce:training-record-create", args=[person.pk]),
        {
            "kind": "continuing_education",
            "hours": "48",
            "held_on": timezone.localdate().isoformat(),
            "provider": "惠州市民政局",
        },
    )
    assert response.status_code == 302
    scan(rule_ids=["HZ-17"], actor=officer)

    assert Finding.objects.get().state == "resolved"
    assert client.get(detail_url(person)).context["open_findings"] == []


def test_a_bad_id_number_in_the_form_is_explained_in_chinese_and_nothing_is_saved(
    client, lixia_officer, lixia
):
    client.force_login(lixia_officer)

    response = client.post(
        reverse("workforce:practitioner-create"),
        {
            "name": "张三",
            "id_number": with_wrong_check_digit(make_id_number(1, area="370102")),
            "division": lixia.pk,
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert "居民身份证号码的校验码不正确。" in response.content.decode()
    assert Practitioner.objects.count() == 0


def test_a_forbidden_step_is_not_offered_and_refused(client, lixia_officer, lixia):
    person = PractitionerFactory(division=lixia, filed_since=None)
    client.force_login(lixia_officer)
    url = reverse("workforce:practitioner-transition", args=[person.pk])

    choices = [value for value, _label in client.get(url).context["form"].fields["to_state"].choices]
    response = client.post(url, {"to_state": "filed"})

    assert choices == ["under_review", "deregistered"]
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.filing_state == FilingState.APPLIED


def test_an_organisation_admin_cannot_move_the_filing(client, lixia):
    organization = OrganizationFactory(division=lixia)
    admin = UserFactory(role=Role.ORG_ADMIN, organization=organization)
    person = PractitionerFactory(division=lixia, employer=organization)
    client.force_login(admin)

    assert client.get(detail_url(person)).status_code == 200
    assert (
        client.post(
            reverse("workforce:practitioner-transition", args=[person.pk]),
            {"to_state": "suspended", "reason": "x"},
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("workforce:certificate-create", args=[person.pk]),
            {"level": "assistant", "number": "A1", "issued_on": "2021-06-01"},
        ).status_code
        == 302
    )


# Full ID number -------------------------------------------------------------------------------------


def test_the_full_id_number_needs_a_reason_and_the_view_is_logged(client, lixia_officer, lixia):
    person = PractitionerFactory(division=lixia)
    client.force_login(lixia_officer)
    url = reverse("workforce:practitioner-reveal-id", args=[person.pk])

    assert person.id_number not in client.get(url).content.decode()
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400 and person.id_number not in refused.content.decode()
    assert not AuditEntry.objects.filter(action="view").exists()

    response = client.post(url, {"reason": "核对社保缴纳记录"})

    assert response.status_code == 200 and person.id_number in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="view")
    assert (entry.actor, entry.reason, entry.object_type) == (
        lixia_officer,
        "核对社保缴纳记录",
        "workforce.practitioner",
    )


def test_an_organisation_admin_may_not_see_the_full_id_number(client, lixia):
    organization = OrganizationFactory(division=lixia)
    admin = UserFactory(role=Role.ORG_ADMIN, organization=organization)
    person = PractitionerFactory(division=lixia, employer=organization)
    client.force_login(admin)

    response = client.post(reverse("workforce:practitioner-reveal-id", args=[person.pk]), {"reason": "核对"})

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="view").exists()
