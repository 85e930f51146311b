"""Station records and their rules at the boundaries: working rules (JN-05), signage (JN-06), service
content (JN-08), community centre staffing by population (SZ-03) and the yearly third-party evaluation
of Huizhou stations (HZ-04, station part)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.geo.tests.factories import make_division
from shegong.policy.engine import RuleResult, evaluate_rule, get_rule
from shegong.policy.scanning import rows_for
from shegong.stations import services
from shegong.stations.models import (
    CommunityCentre,
    RegulationKind,
    ServiceArea,
    SignPlacement,
    StaffingBand,
    StationRegulation,
    StationSign,
    SubmissionKind,
)
from shegong.stations.rules import RECORD_CHECKS, StationEvaluationCheck
from shegong.stations.tests.factories import StationFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

D = datetime.date
AS_OF = D(2022, 6, 15)
JIEFANGLU = "370102001"
QIAODONG = "441302001"
WORDING = "历下区解放路街道社会工作服务站"
OPENED = D(2021, 4, 1)


CHECKS = {check.spec_id: check for check in RECORD_CHECKS}


def check_of(spec_id):
    """JN-05, JN-06 and JN-08 are record checks (not in the registry); the others registered rules."""
    return CHECKS.get(spec_id) or get_rule(spec_id)


def violations(spec_id, as_of=AS_OF):
    return evaluate_rule(check_of(spec_id), as_of=as_of).violations


def explanation(rule, violation):
    [row] = rows_for(RuleResult(rule=rule, in_force=True, violations=[violation], checked=None))
    return row.explanation_zh


@pytest.fixture
def officer(divisions):
    return UserFactory(username="jn_city", role=Role.CITY_OFFICER, division=divisions["3701"])


@pytest.fixture
def station(divisions):
    return StationFactory(division=divisions[JIEFANGLU], opened_on=D(2021, 4, 1))


def file_rules(officer, *, kinds, adopted_on=OPENED, **owner):
    for kind in kinds:
        services.station_regulation_file(
            actor=officer,
            kind=kind,
            title=f"{kind}制度",
            text="制度正文",
            adopted_on=adopted_on,
            today=AS_OF,
            **owner,
        )


# JN-05 -----------------------------------------------------------------------------------------------


def test_a_station_without_its_rules_on_file_is_a_finding_naming_what_is_missing(divisions, officer, station):
    file_rules(officer, kinds=RegulationKind.values[:4], station=station)

    [violation] = violations("JN-05")

    assert violation.subject == station
    assert explanation(check_of("JN-05"), violation) == (
        f"{station.name}未建立文书档案管理、服务对象数据库管理制度，"
        "不符合《济南市街道(镇)社会工作服务站建设实施方案》三（三）的规定。"
    )


def test_district_wide_rules_count_for_every_station_of_the_district(divisions, officer, station):
    file_rules(officer, kinds=RegulationKind.values[:3], division=divisions["370102"])
    file_rules(officer, kinds=RegulationKind.values[3:], station=station)

    assert violations("JN-05") == []


@pytest.mark.parametrize(("as_of", "fires"), [(D(2022, 5, 31), True), (D(2022, 6, 1), False)])
def test_a_rule_counts_from_the_day_it_is_adopted(divisions, officer, station, as_of, fires):
    file_rules(officer, kinds=RegulationKind.values[1:], station=station)
    file_rules(officer, kinds=[RegulationKind.PERSONNEL], station=station, adopted_on=D(2022, 6, 1))

    assert [v.subject for v in violations("JN-05", as_of)] == ([station] if fires else [])


@pytest.mark.parametrize(("as_of", "fires"), [(D(2022, 6, 29), False), (D(2022, 6, 30), True)])
def test_a_repealed_rule_no_longer_counts(divisions, officer, station, as_of, fires):
    file_rules(officer, kinds=RegulationKind.values, station=station)
    finance = StationRegulation.objects.get(kind=RegulationKind.FINANCE)
    services.station_regulation_repeal(actor=officer, regulation=finance, repealed_on=D(2022, 6, 30))

    assert [v.subject for v in violations("JN-05", as_of)] == ([station] if fires else [])


def test_a_station_not_yet_open_and_stations_outside_jinan_are_not_checked(divisions, huizhou):
    StationFactory(division=divisions[JIEFANGLU], opened_on=D(2022, 6, 16))
    StationFactory(division=huizhou[QIAODONG])

    assert violations("JN-05") == []


def test_a_rule_of_a_street_or_without_text_is_refused(divisions, officer):
    with pytest.raises(ValidationError) as caught:
        services.station_regulation_file(
            actor=officer,
            kind="personnel",
            title="人员管理制度",
            adopted_on=D(2021, 4, 1),
            division=divisions[JIEFANGLU],
        )
    assert caught.value.message_dict == {
        "division": ["工作制度属于某个街道（镇）社工站，或由区县为所有社工站制定。"]
    }
    with pytest.raises(ValidationError) as caught:
        services.station_regulation_file(
            actor=officer, kind="payroll", title="x", adopted_on=D(2021, 4, 1), division=divisions["370102"]
        )
    assert caught.value.message_dict == {
        "kind": ["未知的制度类型：payroll。"],
        "text": ["请上传文件或填写正文。"],
    }
    assert not StationRegulation.objects.exists()


def test_another_districts_officer_cannot_file_a_rule(divisions, licheng_officer):
    with pytest.raises(ValidationError) as caught:
        services.station_regulation_file(
            actor=licheng_officer,
            kind="personnel",
            title="人员管理制度",
            text="正文",
            adopted_on=D(2021, 4, 1),
            division=divisions["370102"],
        )
    assert caught.value.message_dict == {"division": ["所选区划不在您的管辖范围内。"]}
    assert not StationRegulation.objects.exists()


# JN-06 -----------------------------------------------------------------------------------------------


def put_up(officer, station, placement, wording=WORDING, has_logo=True, on=OPENED):
    return services.station_sign_record(
        actor=officer,
        station=station,
        placement=placement,
        wording=wording,
        has_logo=has_logo,
        put_up_on=on,
        today=AS_OF,
    )


def test_the_prescribed_wording_comes_from_the_division_data(divisions, station):
    assert services.sign_wording_for(station) == WORDING


def test_outdoor_and_indoor_signs_with_logo_and_exact_wording_pass(divisions, officer, station):
    put_up(officer, station, SignPlacement.OUTDOOR)
    put_up(officer, station, SignPlacement.INDOOR)

    assert violations("JN-06") == []


def test_a_missing_indoor_sign_a_missing_logo_and_a_wrong_name_are_findings(divisions, officer, station):
    put_up(officer, station, SignPlacement.OUTDOOR, wording="解放路街道社工站", has_logo=False)

    [violation] = violations("JN-06")

    assert explanation(check_of("JN-06"), violation) == (
        "其户外标牌缺少中国社会工作标识；其户外标牌写作“解放路街道社工站”，应为“历下区解放路街道社会工作服务站”；"
        f"{station.name}没有室内标牌，不符合《济南市街道(镇)社会工作服务站建设实施方案》三（四）的规定。"
    )


@pytest.mark.parametrize(("as_of", "fires"), [(D(2022, 6, 14), False), (D(2022, 6, 15), True)])
def test_a_sign_taken_down_leaves_a_gap_from_that_day(divisions, officer, station, as_of, fires):
    put_up(officer, station, SignPlacement.OUTDOOR)
    indoor = put_up(officer, station, SignPlacement.INDOOR)
    services.station_sign_remove(actor=officer, sign=indoor, removed_on=D(2022, 6, 15))

    assert [v.subject for v in violations("JN-06", as_of)] == ([station] if fires else [])


def test_a_second_sign_in_the_same_place_is_refused(divisions, officer, station):
    put_up(officer, station, SignPlacement.OUTDOOR)
    with pytest.raises(ValidationError) as caught:
        put_up(officer, station, SignPlacement.OUTDOOR)
    assert caught.value.message_dict == {"placement": [f"{station.name}已有户外标牌，请先登记摘牌。"]}
    assert StationSign.objects.count() == 1


# JN-08 -----------------------------------------------------------------------------------------------


def list_content(officer, station, area, title, started_on=OPENED):
    return services.service_content_add(
        actor=officer, station=station, area=area, title=title, started_on=started_on
    )


def test_content_in_the_three_areas_passes(divisions, officer, station):
    list_content(officer, station, ServiceArea.PROFESSIONAL_SERVICE, "困境儿童关爱")
    list_content(officer, station, ServiceArea.TALENT_DEVELOPMENT, "职业水平考试动员")
    list_content(officer, station, ServiceArea.COMMUNITY_GOVERNANCE, "四社联动")

    assert violations("JN-08") == []


def test_town_administrative_work_and_a_missing_area_are_findings(divisions, officer, station):
    list_content(officer, station, ServiceArea.PROFESSIONAL_SERVICE, "困境儿童关爱")
    list_content(officer, station, ServiceArea.COMMUNITY_GOVERNANCE, "四社联动")
    list_content(officer, station, ServiceArea.TOWN_AFFAIRS, "低保审批材料录入")

    [violation] = violations("JN-08")

    assert explanation(check_of("JN-08"), violation) == (
        f"{station.name}的服务内容缺少社会工作人才培养；其服务内容列入了不得列入的街道（镇）事项：低保审批材料录入，"
        "不符合《济南市街道(镇)社会工作服务站建设实施方案》三（五）的规定。"
    )


@pytest.mark.parametrize(("as_of", "fires"), [(D(2022, 6, 30), False), (D(2022, 7, 1), True)])
def test_an_item_counts_until_it_ends(divisions, officer, station, as_of, fires):
    list_content(officer, station, ServiceArea.PROFESSIONAL_SERVICE, "困境儿童关爱")
    list_content(officer, station, ServiceArea.TALENT_DEVELOPMENT, "职业水平考试动员")
    item = list_content(officer, station, ServiceArea.COMMUNITY_GOVERNANCE, "四社联动")
    item.ended_on = D(2022, 6, 30)
    item.save()

    assert [v.subject for v in violations("JN-08", as_of)] == ([station] if fires else [])


def test_the_record_rules_cost_the_same_queries_for_one_or_many_stations(divisions, officer):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            for spec_id in ("JN-05", "JN-06", "JN-08"):
                violations(spec_id)
        return len(ctx.captured_queries)

    first = StationFactory(division=divisions[JIEFANGLU], opened_on=D(2021, 4, 1))
    put_up(officer, first, SignPlacement.OUTDOOR)
    one = count()
    for n in range(5):
        other = StationFactory(
            division=make_division(f"370102{101 + n:03d}", f"街道{n}"), opened_on=D(2021, 4, 1)
        )
        put_up(officer, other, SignPlacement.INDOOR, wording="x")
        list_content(officer, other, ServiceArea.TOWN_AFFAIRS, "行政事务")
    assert count() == one


# SZ-03 -----------------------------------------------------------------------------------------------

SZ_AS_OF = D(2023, 6, 1)


@pytest.fixture
def nanyuan(divisions):
    return make_division("440304001001", "南园社区居委会")


def centre(division, *, population, social_workers):
    return CommunityCentre.objects.create(
        division=division,
        name="南园社区党群服务中心",
        population=population,
        social_workers=social_workers,
        reported_on=D(2023, 1, 1),
    )


@pytest.mark.parametrize(
    ("population", "social_workers", "fires"),
    [
        (9_999, 2, False),  # sample table: up to 9,999 residents → 2
        (10_000, 2, True),  # 10,000 residents → 3
        (10_000, 3, False),
        (50_000, 4, True),  # open top row → 5
        (50_000, 5, False),
    ],
)
def test_the_sample_table_applies_until_a_bureau_sets_its_own(nanyuan, population, social_workers, fires):
    subject = centre(nanyuan, population=population, social_workers=social_workers)

    assert [v.subject for v in violations("SZ-03", SZ_AS_OF)] == ([subject] if fires else [])


def test_a_finding_on_the_sample_table_says_so(nanyuan):
    centre(nanyuan, population=12_000, social_workers=2)

    [violation] = violations("SZ-03", SZ_AS_OF)

    assert violation.parameters["staffing_band"]["is_sample"] is True
    assert explanation(get_rule("SZ-03"), violation) == (
        "南园社区党群服务中心服务常住人口12000人，在岗社工2名，"
        "少于《深圳市关于提升社会工作服务水平的若干措施》（三）所附配备标准（样例数据）要求的3名。"
    )


@pytest.mark.parametrize(("social_workers", "fires"), [(5, True), (6, False)])
def test_a_districts_own_table_replaces_the_sample(divisions, nanyuan, social_workers, fires):
    futian = UserFactory(username="ft", role=Role.DISTRICT_OFFICER, division=divisions["440304"])
    services.staffing_band_add(
        actor=futian,
        division=divisions["440304"],
        population_min=0,
        population_max=None,
        social_workers_min=6,
        valid_from=D(2022, 1, 1),
        source="福田区标准",
    )
    subject = centre(nanyuan, population=5_000, social_workers=social_workers)

    found = violations("SZ-03", SZ_AS_OF)

    assert [v.subject for v in found] == ([subject] if fires else [])
    if fires:
        assert found[0].parameters["staffing_band"]["is_sample"] is False


def test_overlapping_rows_of_one_table_are_refused(divisions):
    futian = UserFactory(username="ft", role=Role.DISTRICT_OFFICER, division=divisions["440304"])
    services.staffing_band_add(
        actor=futian,
        division=divisions["440304"],
        population_min=0,
        population_max=9_999,
        social_workers_min=2,
        valid_from=D(2022, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        services.staffing_band_add(
            actor=futian,
            division=divisions["440304"],
            population_min=9_999,
            population_max=20_000,
            social_workers_min=3,
            valid_from=D(2022, 1, 1),
        )
    assert caught.value.message_dict == {"population_min": ["人口区间与同一标准表中的行0–9999: 2重叠。"]}
    assert StaffingBand.objects.count() == 1


def test_sz03_lapses_with_the_shenzhen_measures(nanyuan):
    centre(nanyuan, population=12_000, social_workers=0)

    assert violations("SZ-03", D(2025, 11, 11)) != []
    assert violations("SZ-03", D(2025, 11, 12)) == []


# HZ-04 (station part) ----------------------------------------------------------------------------


def evaluation_violations(as_of):
    return evaluate_rule(StationEvaluationCheck(), as_of=as_of).violations


@pytest.mark.parametrize(
    ("submitted_on", "as_of", "fires"),
    [
        (None, D(2022, 12, 31), False),  # the 2022 evaluation may still come on 31 December
        (None, D(2023, 1, 1), True),
        (D(2022, 12, 31), D(2023, 1, 1), False),
        (D(2023, 1, 1), D(2023, 1, 2), True),  # filed on 1 January: late
    ],
)
def test_the_yearly_station_evaluation_is_due_on_31_december(huizhou, submitted_on, as_of, fires):
    station = StationFactory(division=huizhou[QIAODONG], opened_on=D(2021, 7, 1))
    SubmissionFactory(
        kind=SubmissionKind.STATION_EVALUATION,
        division=station.division,
        station=station,
        period="2021",
        due_on=D(2021, 12, 31),
        submitted_on=D(2021, 12, 20),
    )
    if submitted_on:
        SubmissionFactory(
            kind=SubmissionKind.STATION_EVALUATION,
            division=station.division,
            station=station,
            period="2022",
            due_on=D(2022, 12, 31),
            submitted_on=submitted_on,
        )

    assert [v.subject for v in evaluation_violations(as_of)] == ([station] if fires else [])


def test_a_station_opened_after_31_december_owes_no_evaluation_for_that_year(huizhou):
    StationFactory(division=huizhou[QIAODONG], opened_on=D(2022, 1, 1))

    assert evaluation_violations(D(2022, 6, 1)) == []


def test_a_late_evaluation_explains_itself(huizhou):
    station = StationFactory(division=huizhou[QIAODONG], opened_on=D(2021, 7, 1))

    [violation] = evaluation_violations(D(2022, 1, 1))

    assert explanation(StationEvaluationCheck(), violation) == (
        "社工站（点）第三方评估（2021）应于2021-12-31提交，至今未提交，"
        "不符合《“惠州市兜底民生服务社会工作双百工程”实施方案》四（二）三的规定。"
    )
    assert violation.subject == station


def test_a_station_evaluation_is_filed_for_a_huizhou_station_only(divisions, huizhou, system_admin):
    jinan = StationFactory(division=divisions[JIEFANGLU])
    with pytest.raises(ValidationError) as caught:
        services.submission_file(
            actor=system_admin,
            kind=SubmissionKind.STATION_EVALUATION,
            station=jinan,
            period="2022",
            submitted_on=D(2022, 12, 1),
            text="评估报告",
            today=D(2022, 12, 1),
        )
    assert "period" in caught.value.message_dict
    huizhou_station = StationFactory(division=huizhou[QIAODONG], opened_on=D(2021, 7, 1))
    submission = services.submission_file(
        actor=system_admin,
        kind=SubmissionKind.STATION_EVALUATION,
        station=huizhou_station,
        period="2022",
        submitted_on=D(2023, 1, 1),
        text="评估报告",
        today=D(2023, 1, 1),
    )
    assert submission.due_on == D(2022, 12, 31)
    assert submission.is_late


def test_the_sign_check_is_the_same_in_english(divisions, officer, station):
    from django.utils import translation

    put_up(officer, station, SignPlacement.OUTDOOR)
    put_up(officer, station, SignPlacement.INDOOR)

    with translation.override("en"):
        assert violations("JN-06") == []


def test_the_record_checks_are_not_in_the_registry_and_explain_per_station(divisions, officer, station):
    from shegong.policy.engine import registered_rules
    from shegong.stations.models import Station
    from shegong.stations.rules import record_checks

    assert not {"JN-05", "JN-06", "JN-08"} & {rule.spec_id for rule in registered_rules()}
    file_rules(officer, kinds=RegulationKind.values, station=station)
    put_up(officer, station, SignPlacement.OUTDOOR)

    gaps = record_checks(stations=Station.objects.all(), as_of=AS_OF)

    assert gaps == {
        station.pk: [
            f"{station.name}没有室内标牌，不符合《济南市街道(镇)社会工作服务站建设实施方案》三（四）的规定。",
            f"{station.name}的服务内容缺少专业社会工作服务、社会工作人才培养、参与城乡社区治理，"
            "不符合《济南市街道(镇)社会工作服务站建设实施方案》三（五）的规定。",
        ]
    }


def test_the_station_part_of_hz04_is_in_the_scan_and_keeps_its_own_findings(huizhou):
    from shegong.policy.models import Finding
    from shegong.policy.scanning import scan

    station = StationFactory(division=huizhou[QIAODONG], opened_on=D(2021, 7, 1))

    report = scan(rule_ids=["HZ-04"], as_of=D(2022, 1, 2), record=True)

    finding = Finding.objects.get(rule_id="HZ-04", subject_type="stations.station")
    assert finding.subject_id == str(station.pk) and finding.clause == "四(二)三"
    assert report.opened == 1
    # Scanning again with the worker part and the station part finds the same: nothing is resolved.
    again = scan(rule_ids=["HZ-04"], as_of=D(2022, 1, 2), record=True)
    assert (again.opened, again.resolved) == (0, 0)


def test_two_parts_of_one_requirement_may_not_check_the_same_subjects():
    from shegong.policy.engine import register

    class SecondStationPart(StationEvaluationCheck):
        part = "again"

    with pytest.raises(ValueError, match="two parts of HZ-04 check the same subjects"):
        register(SecondStationPart)
