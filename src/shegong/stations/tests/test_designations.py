"""Training bases (SM-02) and pilot sites (SM-13): designated through the service, scoped, listed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.models import AuditEntry
from shegong.stations import services
from shegong.stations.models import PilotLevel, PilotSite, TrainingBase

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2022, 6, 1)


@pytest.fixture
def sanming_officer(sanming):
    return UserFactory(username="sm_officer", role=Role.CITY_OFFICER, division=sanming["3504"])


@pytest.fixture
def sanyuan_officer(sanming):
    return UserFactory(username="sy_officer", role=Role.DISTRICT_OFFICER, division=sanming["350404"])


def test_a_county_training_base_is_designated_and_audited(sanming, sanming_officer):
    base = services.training_base_designate(
        actor=sanming_officer,
        division=sanming["350404"],
        name="三元区社会工作者教育培训基地",
        host="三明学院",
        designated_on=D(2014, 3, 1),
        today=TODAY,
    )

    assert TrainingBase.objects.get().name == "三元区社会工作者教育培训基地"
    assert base.host == "三明学院"
    assert AuditEntry.objects.filter(object_id=str(base.pk), action=AuditEntry.Action.CREATE).count() == 1


def test_a_training_base_belongs_to_a_county_not_a_street(sanming, sanming_officer):
    with pytest.raises(ValidationError) as caught:
        services.training_base_designate(
            actor=sanming_officer,
            division=sanming["350404001"],
            name="列西街道培训点",
            designated_on=D(2014, 3, 1),
            today=TODAY,
        )

    assert caught.value.message_dict["division"] == ["培训基地须设在县（市、区）。"]
    assert not TrainingBase.objects.exists()


def test_a_county_outside_the_jurisdiction_is_refused(sanming, sanyuan_officer):
    with pytest.raises(ValidationError) as caught:
        services.training_base_designate(
            actor=sanyuan_officer,
            division=sanming["350481"],
            name="永安市社会工作者之家",
            designated_on=D(2014, 5, 20),
            today=TODAY,
        )

    assert caught.value.message_dict["division"] == ["所选区划不在您的管辖范围内。"]
    assert not TrainingBase.objects.exists()


def test_the_same_base_twice_and_a_future_date_are_refused(sanming, sanming_officer):
    services.training_base_designate(
        actor=sanming_officer,
        division=sanming["350404"],
        name="基地甲",
        designated_on=D(2014, 3, 1),
        today=TODAY,
    )
    with pytest.raises(ValidationError) as caught:
        services.training_base_designate(
            actor=sanming_officer,
            division=sanming["350404"],
            name="基地甲",
            designated_on=D(2022, 6, 2),
            today=TODAY,
        )

    assert caught.value.message_dict == {
        "name": ["三元区已有名为基地甲的培训基地。"],
        "designated_on": ["认定日期不能晚于今天。"],
    }
    assert TrainingBase.objects.count() == 1


def test_a_pilot_site_is_designated_with_its_level(sanming, sanming_officer):
    site = services.pilot_site_designate(
        actor=sanming_officer,
        division=sanming["350404"],
        level=PilotLevel.PROVINCIAL,
        name="三元区综合试点",
        designated_on=D(2014, 6, 1),
        today=TODAY,
    )

    assert PilotSite.objects.get().get_level_display() == "省级试点"
    with pytest.raises(ValidationError) as caught:
        services.pilot_site_designate(
            actor=sanming_officer,
            division=sanming["350481"],
            level=PilotLevel.PROVINCIAL,
            name="三元区综合试点",
            designated_on=D(2014, 6, 1),
            today=TODAY,
        )
    assert caught.value.message_dict["name"] == ["已有名为三元区综合试点的省级试点。"]
    assert list(PilotSite.objects.values_list("pk", flat=True)) == [site.pk]


def test_an_unknown_pilot_level_is_refused(sanming, sanming_officer):
    with pytest.raises(ValidationError) as caught:
        services.pilot_site_designate(
            actor=sanming_officer,
            division=sanming["350404"],
            level="national",
            name="某试点",
            designated_on=D(2014, 6, 1),
            today=TODAY,
        )
    assert "level" in caught.value.message_dict
    assert not PilotSite.objects.exists()


def test_the_list_shows_only_the_viewers_county(client, sanming, sanyuan_officer):
    TrainingBase.objects.create(division=sanming["350404"], name="三元基地", designated_on=D(2014, 3, 1))
    TrainingBase.objects.create(division=sanming["350481"], name="永安基地", designated_on=D(2014, 3, 1))
    PilotSite.objects.create(
        division=sanming["350481"], level=PilotLevel.MUNICIPAL, name="永安试点", designated_on=D(2014, 8, 1)
    )
    client.force_login(sanyuan_officer)

    response = client.get(reverse("stations:designation-list"))

    assert response.status_code == 200
    assert "三元基地" in response.text
    assert "永安基地" not in response.text
    assert "永安试点" not in response.text


@pytest.mark.parametrize("rows", [2, 20])
def test_the_list_query_count_does_not_grow(
    client, sanming, sanming_officer, rows, django_assert_max_num_queries
):
    for n in range(rows):
        TrainingBase.objects.create(division=sanming["350404"], name=f"基地{n}", designated_on=D(2014, 3, 1))
        PilotSite.objects.create(
            division=sanming["350481"],
            level=PilotLevel.MUNICIPAL,
            name=f"试点{n}",
            designated_on=D(2014, 8, 1),
        )
    client.force_login(sanming_officer)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("stations:designation-list"))

    assert response.status_code == 200


def test_an_officer_designates_a_base_through_the_form(client, sanming, sanming_officer):
    client.force_login(sanming_officer)

    response = client.post(
        reverse("stations:training-base-create"),
        {"division": "350481", "name": "永安市社会工作者之家", "host": "", "designated_on": "2014-05-20"},
    )

    assert response.status_code == 302
    assert TrainingBase.objects.get().division_id == "350481"


def test_a_bad_form_answers_400_in_chinese_and_writes_nothing(client, sanming, sanming_officer):
    client.force_login(sanming_officer)

    response = client.post(
        reverse("stations:pilot-site-create"),
        {"level": "municipal", "division": "350404", "name": "", "designated_on": "2099-01-01"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert "该字段是必填项。" in response.text
    assert not PilotSite.objects.exists()


def test_a_practitioner_may_not_designate(client, sanming):
    user = UserFactory(username="sm_worker", role=Role.SOCIAL_WORKER)
    client.force_login(user)

    response = client.post(
        reverse("stations:training-base-create"),
        {"division": "350481", "name": "某基地", "designated_on": "2014-05-20"},
    )

    assert response.status_code == 403
    assert not TrainingBase.objects.exists()
