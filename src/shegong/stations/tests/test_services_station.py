"""Registering stations, points and staff: one station per town, villages of the town, audited writes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from shegong.common.models import AuditEntry
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.stations import services
from shegong.stations.models import ServiceHours, ServicePoint, StaffRole, Station, StationKind, StationStaff
from shegong.stations.tests.factories import ServicePointFactory, StationFactory, StationStaffFactory
from shegong.workforce.tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db

JIEFANGLU = "370102001"


def register(actor, division, **fields):
    return services.station_register(
        actor=actor,
        name="解放路街道社会工作服务站",
        division=division,
        opened_on=datetime.date(2021, 4, 1),
        **fields,
    )


def test_register_writes_the_station_and_an_audit_entry(divisions, lixia_officer):
    station = register(lixia_officer, divisions[JIEFANGLU])

    assert Station.objects.get() == station
    assert station.kind == StationKind.TOWN_STATION
    entry = AuditEntry.objects.get(object_type="stations.station")
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor == lixia_officer
    assert entry.after["division_id"] == JIEFANGLU


def test_a_second_station_in_the_same_town_is_refused_in_chinese(divisions, lixia_officer):
    register(lixia_officer, divisions[JIEFANGLU])

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        register(lixia_officer, divisions[JIEFANGLU], address="另一处")

    assert exc.value.message_dict["division"] == [
        "解放路街道已有社工站（解放路街道社会工作服务站），每个街道（镇）只设1个社工站。"
    ]
    assert Station.objects.count() == 1
    assert AuditEntry.objects.count() == 1


def test_the_database_refuses_a_second_station_in_a_town(divisions):
    StationFactory(division=divisions[JIEFANGLU])

    with pytest.raises(IntegrityError), transaction.atomic():
        Station.objects.create(
            name="重复", division=divisions[JIEFANGLU], opened_on=datetime.date(2021, 1, 1)
        )


def test_a_hub_and_a_station_are_different_kinds(divisions, lixia_officer):
    register(lixia_officer, divisions[JIEFANGLU])
    hub = services.station_register(
        actor=lixia_officer,
        name="历下区社会工作服务总站",
        kind=StationKind.DISTRICT_HUB,
        division=divisions["370102"],
        opened_on=datetime.date(2021, 4, 1),
    )

    assert hub.kind == StationKind.DISTRICT_HUB
    assert Station.objects.count() == 2


def test_a_town_station_on_a_district_is_refused(divisions, lixia_officer):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        register(lixia_officer, divisions["370102"])

    assert exc.value.message_dict["division"] == ["街道（镇）社工站须设在街道或乡镇。"]
    assert not Station.objects.exists()


def test_officer_cannot_register_outside_jurisdiction(divisions, lixia_officer):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        register(lixia_officer, divisions["370112001"])

    assert exc.value.message_dict["division"] == ["所选区划不在您的管辖范围内。"]
    assert not Station.objects.exists()


def test_provider_from_another_city_is_refused(divisions, lixia_officer):
    shenzhen_agency = OrganizationFactory(division=divisions["440304"])

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        register(lixia_officer, divisions[JIEFANGLU], provider=shenzhen_agency)

    assert exc.value.message_dict["provider"] == ["承接机构须为在社工站所在城市登记的社会组织。"]


def test_update_records_before_and_after(divisions, lixia_officer):
    station = StationFactory(division=divisions[JIEFANGLU], opening_hours="9:00-17:00")

    services.station_update(actor=lixia_officer, station=station, opening_hours="8:30-17:30")

    entry = AuditEntry.objects.get()
    assert entry.before["opening_hours"] == "9:00-17:00"
    assert entry.after["opening_hours"] == "8:30-17:30"


def test_service_point_serves_villages_of_its_town_and_records_them(divisions, lixia_officer):
    station = StationFactory(division=divisions[JIEFANGLU])
    villages = [divisions["370102001002"], divisions["370102001003"]]

    point = services.service_point_add(
        actor=lixia_officer,
        station=station,
        name="解放桥社工点",
        villages=villages,
        equipment=["computer", "printer"],
        opened_on=datetime.date(2021, 7, 1),
    )

    assert sorted(point.villages.values_list("code", flat=True)) == ["370102001002", "370102001003"]
    entry = AuditEntry.objects.get(object_type="stations.servicepoint")
    assert entry.after["villages"] == ["370102001002", "370102001003"]


def test_service_point_with_a_village_of_another_town_is_refused(divisions, lixia_officer):
    station = StationFactory(division=divisions[JIEFANGLU])

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.service_point_add(
            actor=lixia_officer,
            station=station,
            name="越界社工点",
            villages=[divisions["370112001001"]],
            opened_on=datetime.date(2021, 7, 1),
        )

    assert exc.value.message_dict["villages"] == ["甸柳社区居民委员会不属于解放路街道。"]
    assert not ServicePoint.objects.exists()


def test_a_village_served_by_another_point_is_refused(divisions, lixia_officer):
    station = StationFactory(division=divisions[JIEFANGLU])
    ServicePointFactory(station=station, villages=[divisions["370102001002"]])

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.service_point_add(
            actor=lixia_officer,
            station=station,
            name="第二社工点",
            villages=[divisions["370102001002"], divisions["370102001003"]],
            opened_on=datetime.date(2021, 7, 1),
        )

    assert exc.value.message_dict["villages"] == ["解放桥社区居民委员会已由其他社工点服务。"]
    assert ServicePoint.objects.count() == 1


def test_staff_from_the_registry_take_the_practitioners_name(divisions, lixia_officer):
    station = StationFactory(division=divisions[JIEFANGLU])
    practitioner = PractitionerFactory(name="韩雪", division=divisions[JIEFANGLU])

    staff = services.station_staff_add(
        actor=lixia_officer,
        station=station,
        practitioner=practitioner,
        role=StaffRole.RESIDENT_WORKER,
        on_post_from=datetime.date(2021, 4, 1),
    )

    assert staff.name == "韩雪"
    assert AuditEntry.objects.filter(object_type="stations.stationstaff").count() == 1


def test_a_point_liaison_without_a_point_is_refused(divisions, lixia_officer):
    station = StationFactory(division=divisions[JIEFANGLU])

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.station_staff_add(
            actor=lixia_officer,
            station=station,
            name="李四",
            role=StaffRole.POINT_LIAISON,
            on_post_from=datetime.date(2021, 4, 1),
        )

    assert exc.value.message_dict["service_point"] == ["社工点联络人和社工点社工须派驻本站的某个社工点。"]
    assert not StationStaff.objects.exists()


def test_staff_employed_by_an_organisation_needs_it(divisions, lixia_officer):
    station = StationFactory(division=divisions[JIEFANGLU])

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.station_staff_add(
            actor=lixia_officer,
            station=station,
            name="李四",
            role=StaffRole.RESIDENT_WORKER,
            employer_kind="organization",
            contract_signed_on=datetime.date(2021, 3, 1),
            on_post_from=datetime.date(2021, 4, 1),
        )

    assert exc.value.message_dict == {
        "employer": ["请选择用人单位。"],
        "contract_years": ["请填写劳动合同期限。"],
    }


def test_service_hours_are_logged_per_week_and_corrected_in_place(divisions, lixia_officer):
    staff = StationStaffFactory(station=StationFactory(division=divisions[JIEFANGLU]))
    monday = datetime.date(2022, 6, 6)

    services.service_hours_log(actor=lixia_officer, staff=staff, week_start=monday, hours=20)
    services.service_hours_log(actor=lixia_officer, staff=staff, week_start=monday, hours=26)

    assert ServiceHours.objects.get().hours == 26
    assert AuditEntry.objects.filter(object_type="stations.servicehours").count() == 2


def test_service_hours_for_a_week_not_starting_on_monday_are_refused(divisions, lixia_officer):
    staff = StationStaffFactory(station=StationFactory(division=divisions[JIEFANGLU]))

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.service_hours_log(
            actor=lixia_officer, staff=staff, week_start=datetime.date(2022, 6, 7), hours=30
        )

    assert exc.value.message_dict["week_start"] == ["每周从星期一开始。"]
    assert not ServiceHours.objects.exists()


def test_a_stale_station_edit_is_refused_and_the_first_edit_stays(divisions, lixia_officer):
    """Issue 12, optimistic locking: the form's version is the station as it was drawn."""
    from shegong.common.locking import StaleEditError
    from shegong.stations.forms import StationForm

    station = StationFactory(division=divisions[JIEFANGLU], opening_hours="9:00-17:00")
    drawn = StationForm(instance=station, viewer=lixia_officer).fields["edit_version"].initial

    services.station_update(
        actor=lixia_officer,
        station=Station.objects.get(pk=station.pk),
        expected_version=drawn,
        opening_hours="8:30",
    )
    with pytest.raises(StaleEditError):
        services.station_update(
            actor=lixia_officer,
            station=Station.objects.get(pk=station.pk),
            expected_version=drawn,
            opening_hours="9:30",
        )

    station.refresh_from_db()
    assert station.opening_hours == "8:30"
