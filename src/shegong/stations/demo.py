"""Demo stations in Jinan (历下区) and Huizhou (惠城区): some meet the staffing rules, some fall short.

Follows the demo loader convention (``shegong.demo.loaders``): rows are found by natural keys (a
station by its division and type, a point by its station and name, a staff member by station, name and
role, a practitioner by the keyed hash of the ID number), created through the services when missing and
reported to ``context.tally``. Villages of the Huizhou points come from the loaded division data. Most
Lixia streets are left without a station, so the coverage page has towns to register one in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from stdnum.cn import ric

from shegong.demo.foundation import ORGANIZATIONS
from shegong.demo.loaders import DemoContext, Outcome
from shegong.geo.models import Division, DivisionLevel
from shegong.organizations.models import Organization
from shegong.workforce import services as workforce_services
from shegong.workforce.models import CertificateLevel, EducationLevel, Practitioner, TrainingKind

from . import services
from .models import (
    CommunityCentre,
    Employer,
    Equipment,
    PilotLevel,
    PilotSite,
    RegulationKind,
    ServiceArea,
    ServiceContentItem,
    ServiceHours,
    ServicePoint,
    SignPlacement,
    StaffRole,
    Station,
    StationKind,
    StationRegulation,
    StationSign,
    StationStaff,
    Submission,
    SubmissionKind,
    TrainingBase,
)
from .rules import week_before

D = datetime.date
FULL_EQUIPMENT = [Equipment.COMPUTER, Equipment.PRINTER, Equipment.TELEPHONE, Equipment.INTERNET]


@dataclass(frozen=True)
class DemoStation:
    division: str
    name: str
    kind: str = StationKind.TOWN_STATION
    provider: str | None = None  # key of a foundation DemoOrganization
    contract_signed_on: datetime.date | None = None
    opened_on: datetime.date = D(2021, 4, 1)
    address: str = ""
    services: str = ""


@dataclass(frozen=True)
class DemoWorker:
    """A Jinan resident social worker, entered in the practitioner registry."""

    station: str  # division code of the station
    name: str
    born: datetime.date
    serial: int
    education: str = EducationLevel.BACHELOR
    certificate: bool = False
    related_major: bool = False
    on_post_from: datetime.date = D(2021, 4, 10)
    trained_on: datetime.date = D(2021, 4, 1)
    weekly_hours: int = 26
    birth_area: str = "370102"  # region code of birth (must exist in the birth year)

    @property
    def id_number(self) -> str:
        body = f"{self.birth_area}{self.born:%Y%m%d}{self.serial:03d}"
        return body + ric.calc_check_digit(body + "0")


STATIONS = (
    # Jinan 历下区: purchased from social-work agencies; a district hub run by another provider (JN-10).
    DemoStation(
        "370102",
        "历下区社会工作服务总站",
        StationKind.DISTRICT_HUB,
        "jn_association",
        D(2021, 3, 1),
        D(2021, 3, 20),
        "历下区文化东路59号",
        "驻站人员培训、运行管理和日常服务监督",
    ),
    DemoStation(
        "370102001",
        "解放路街道社会工作服务站",
        provider="jn_yangguang",
        contract_signed_on=D(2021, 3, 15),
        address="解放路街道便民服务中心二楼",
        services="困难群众帮扶、老年人关爱、儿童关爱保护",
    ),
    DemoStation(
        "370102002",
        "千佛山街道社会工作服务站",
        provider="jn_yangguang",
        contract_signed_on=D(2021, 5, 10),
        opened_on=D(2021, 6, 1),
        address="千佛山街道党群服务中心",
        services="社会救助、社区治理",
    ),
    # Huizhou 惠城区: the town runs its station and employs the workers (HZ-02, HZ-03).
    DemoStation(
        "441302001",
        "桥东街道社会工作服务站",
        opened_on=D(2021, 7, 1),
        address="桥东街道办事处一楼",
        services="兜底民生服务：低保、特困、困境儿童、残疾人",
    ),
    DemoStation(
        "441302002",
        "桥西街道社会工作服务站",
        opened_on=D(2021, 7, 1),
        address="桥西街道公共服务办",
        services="兜底民生服务",
    ),
)

WORKERS = (
    # 解放路街道: 3 staff, aged 40 or under, college or above, 2 certified and 1 social-work graduate (JN-04).
    DemoWorker("370102001", "周晓琳", D(1993, 5, 12), 302, certificate=True),
    DemoWorker("370102001", "吴昊天", D(1990, 9, 3), 311, certificate=True),
    DemoWorker("370102001", "郑雨桐", D(1997, 2, 27), 324, related_major=True),
    # 千佛山街道: 2 staff, one over 40, one without college education, on post late (JN-04, JN-12).
    DemoWorker(
        "370102002",
        "钱国庆",
        D(1978, 10, 8),
        335,
        certificate=True,
        on_post_from=D(2021, 7, 1),
        trained_on=D(2021, 6, 20),
        weekly_hours=16,
        birth_area="370123",
    ),
    DemoWorker(
        "370102002",
        "孙丽",
        D(1995, 4, 16),
        342,
        education=EducationLevel.SECONDARY,
        on_post_from=D(2021, 7, 1),
        trained_on=D(2021, 6, 20),
    ),
)

HUIZHOU_LEADERS = (
    ("441302001", "陈志明", StaffRole.HEAD),
    ("441302001", "梁丽华", StaffRole.EXECUTIVE_DEPUTY),
    ("441302001", "黄晓敏", StaffRole.DEPUTY_HEAD),
    ("441302001", "刘嘉怡", StaffRole.AFFAIRS_WORKER),
    ("441302001", "何建国", StaffRole.DISABILITY_COMMISSIONER),
    ("441302002", "罗伟强", StaffRole.HEAD),
    ("441302002", "张碧云", StaffRole.DEPUTY_HEAD),
    ("441302002", "叶志坚", StaffRole.AFFAIRS_WORKER),  # no disability commissioner (HZ-07)
)
GIVEN_NAMES = ("晓彤", "嘉欣", "志强", "美玲", "俊杰", "丽娟", "伟明", "慧敏", "国平", "佳怡", "海燕", "振华")
SURNAMES = ("陈", "李", "黄", "张", "刘", "林", "何", "罗", "郑", "谢", "梁", "钟")


# Sanming (SM-02): 1-2 training bases per county; three counties have one so far, the others none.
TRAINING_BASES = (
    ("350404", "三元区社会工作者教育培训基地", "三明学院", D(2014, 3, 1)),
    ("350404", "三元区社区教育学校社会工作实务培训点", "三元区社区教育学校", D(2014, 9, 1)),
    ("350481", "永安市社会工作者之家", "永安市成人教育学校", D(2014, 5, 20)),
    ("350405", "沙县区社会工作实务培训学校", "沙县区委党校", D(2015, 4, 10)),
)
# Sanming (SM-13): 1 provincial comprehensive pilot and 3 municipal pilots by 2015; two municipal so far.
PILOT_SITES = (
    ("350404", PilotLevel.PROVINCIAL, "三元区社会工作专业人才队伍建设综合试点", D(2014, 6, 1)),
    ("350481", PilotLevel.MUNICIPAL, "永安市社会工作专业人才队伍建设试点", D(2014, 8, 15)),
    ("350425", PilotLevel.MUNICIPAL, "大田县社会救助领域社会工作试点", D(2015, 3, 1)),
)


def _worker_name(index: int) -> str:
    return SURNAMES[index % len(SURNAMES)] + GIVEN_NAMES[(index // len(SURNAMES) + index) % len(GIVEN_NAMES)]


def load_demo(context: DemoContext) -> None:
    """Create the demo stations, their points and staff where missing; log last week's service hours."""
    codes = {s.division for s in STATIONS}
    divisions = Division.objects.in_bulk(codes)
    organizations = Organization.objects.in_bulk([o.uscc for o in ORGANIZATIONS], field_name="uscc")
    by_key = {o.key: organizations[o.uscc] for o in ORGANIZATIONS if o.uscc in organizations}
    stations = {}
    for spec in STATIONS:
        if spec.division in divisions:
            stations[spec.division] = _station(context, spec, divisions[spec.division], by_key)
    for spec in WORKERS:
        if spec.station in stations:
            _jinan_worker(context, stations[spec.station], spec)
    for code, name, role in HUIZHOU_LEADERS:
        if code in stations:
            _staff(
                context,
                stations[code],
                name=name,
                role=role,
                employer_kind=Employer.TOWN,
                contract_signed_on=None
                if role in (StaffRole.HEAD, StaffRole.EXECUTIVE_DEPUTY)
                else D(2021, 7, 1),
                contract_years=None if role in (StaffRole.HEAD, StaffRole.EXECUTIVE_DEPUTY) else 3,
                on_post_from=D(2021, 7, 1),
            )
    _designations(context)
    _records(context, stations)
    _community_centres(context)
    if "441302001" in stations:
        _huizhou_points(context, stations["441302001"], per_point=3, equipment=FULL_EQUIPMENT, offset=0)
    if "441302002" in stations:
        _huizhou_points(
            context,
            stations["441302002"],
            per_point=5,
            equipment=[Equipment.COMPUTER],
            offset=40,
            employer=by_key.get("hz_echeng"),
            points=1,
        )


def _station(context, spec: DemoStation, division, by_key) -> Station:
    tally = context.tally(Station)
    wanted = {
        "name": spec.name,
        "address": spec.address,
        "services": spec.services,
        "opening_hours": "周一至周五 8:30-12:00，14:00-17:30",
        "provider": by_key.get(spec.provider) if spec.provider else None,
        "service_contract_signed_on": spec.contract_signed_on,
        "opened_on": spec.opened_on,
    }
    station = Station.objects.filter(division=division, kind=spec.kind).first()
    if station is None:
        tally.add(Outcome.CREATED)
        return services.station_register(actor=context.actor, kind=spec.kind, division=division, **wanted)
    changes = {k: v for k, v in wanted.items() if _differs(station, k, v)}
    if changes:
        tally.add(Outcome.UPDATED)
        return services.station_update(actor=context.actor, station=station, **changes)
    tally.add(Outcome.UNCHANGED)
    return station


def _differs(instance, name, value) -> bool:
    field = instance._meta.get_field(name)
    if field.is_relation:
        return getattr(instance, field.attname) != (value.pk if value is not None else None)
    return getattr(instance, name) != value


def _staff(context, station, **fields) -> StationStaff:
    tally = context.tally(StationStaff)
    staff = StationStaff.objects.filter(station=station, name=fields["name"], role=fields["role"]).first()
    if staff is not None:
        tally.add(Outcome.UNCHANGED)
        return staff
    tally.add(Outcome.CREATED)
    return services.station_staff_add(actor=context.actor, station=station, **fields)


def _jinan_worker(context, station, spec: DemoWorker) -> None:
    tally = context.tally(Practitioner)
    digest = workforce_services.id_number_hash(spec.id_number)
    practitioner = Practitioner.objects.filter(id_number_hash=digest).first()
    if practitioner is None:
        practitioner = workforce_services.practitioner_apply(
            actor=context.actor,
            name=spec.name,
            id_number=spec.id_number,
            division=station.division,
            education_level=spec.education,
            major="社会工作" if spec.related_major else "",
            major_is_social_work=spec.related_major,
            community_worker=True,
            applied_on=D(2021, 3, 20),
        )
        if spec.certificate:
            workforce_services.certificate_add(
                actor=context.actor,
                practitioner=practitioner,
                level=CertificateLevel.ASSISTANT,
                number=f"DEMOST{spec.serial:06d}",
                issued_on=D(2020, 6, 20),
                issuer="人力资源和社会保障部、民政部",
            )
        workforce_services.training_record_add(
            actor=context.actor,
            practitioner=practitioner,
            kind=TrainingKind.PRE_JOB,
            hours=16,
            held_on=spec.trained_on,
            provider="历下区社会工作服务总站",
            topic="社工站驻站人员岗前培训",
        )
        tally.add(Outcome.CREATED)
    else:
        tally.add(Outcome.UNCHANGED)
    staff = StationStaff.objects.filter(station=station, practitioner=practitioner).first()
    if staff is not None:
        context.tally(StationStaff).add(Outcome.UNCHANGED)
    else:
        staff = _staff(
            context,
            station,
            practitioner=practitioner,
            name=spec.name,
            role=StaffRole.RESIDENT_WORKER,
            employer_kind=Employer.ORGANIZATION,
            employer=station.provider,
            contract_signed_on=spec.on_post_from,
            contract_years=3,
            on_post_from=spec.on_post_from,
        )
    monday = week_before(timezone.localdate())
    hours = context.tally(ServiceHours)
    if ServiceHours.objects.filter(staff=staff, week_start=monday).exists():
        hours.add(Outcome.UNCHANGED)
    else:
        services.service_hours_log(
            actor=context.actor, staff=staff, week_start=monday, hours=spec.weekly_hours
        )
        hours.add(Outcome.CREATED)


def _huizhou_points(context, station, *, per_point, equipment, offset, employer=None, points=None) -> None:
    villages = list(
        Division.objects.filter(parent_id=station.division_id, level=DivisionLevel.VILLAGE).order_by("code")
    )
    chunks = [villages[i : i + per_point] for i in range(0, len(villages), per_point)][:points]
    tally = context.tally(ServicePoint)
    for index, chunk in enumerate(chunks):
        name = f"{chunk[0].name.removesuffix('居委会').removesuffix('社区居民委员会')}片区社工点"
        point = ServicePoint.objects.filter(station=station, name=name).first()
        if point is None:
            point = services.service_point_add(
                actor=context.actor,
                station=station,
                name=name,
                villages=chunk,
                equipment=list(equipment),
                opened_on=D(2022, 7, 1),
                address=f"{chunk[0].name}党群服务中心",
            )
            tally.add(Outcome.CREATED)
        else:
            tally.add(Outcome.UNCHANGED)
        for n, _village in enumerate(chunk if employer is None else chunk[:2]):
            _staff(
                context,
                station,
                name=_worker_name(offset + index * per_point + n),
                role=StaffRole.POINT_LIAISON if n == 0 else StaffRole.POINT_WORKER,
                service_point=point,
                employer_kind=Employer.TOWN if employer is None else Employer.ORGANIZATION,
                employer=employer,
                contract_signed_on=D(2022, 7, 1),
                contract_years=3 if employer is None else 2,
                on_post_from=D(2022, 7, 1),
            )


def _designations(context) -> None:
    """Sanming training bases (SM-02) and pilot sites (SM-13) where the counties are loaded."""
    codes = {row[0] for row in TRAINING_BASES} | {row[0] for row in PILOT_SITES}
    divisions = Division.objects.in_bulk(codes)
    tally = context.tally(TrainingBase)
    for code, name, host, designated_on in TRAINING_BASES:
        if code not in divisions:
            continue
        if TrainingBase.objects.filter(division_id=code, name=name).exists():
            tally.add(Outcome.UNCHANGED)
            continue
        services.training_base_designate(
            actor=context.actor, division=divisions[code], name=name, host=host, designated_on=designated_on
        )
        tally.add(Outcome.CREATED)
    tally = context.tally(PilotSite)
    for code, level, name, designated_on in PILOT_SITES:
        if code not in divisions:
            continue
        if PilotSite.objects.filter(level=level, name=name).exists():
            tally.add(Outcome.UNCHANGED)
            continue
        services.pilot_site_designate(
            actor=context.actor, division=divisions[code], level=level, name=name, designated_on=designated_on
        )
        tally.add(Outcome.CREATED)


# Working rules, signs and service content of the Jinan stations (JN-05, JN-06, JN-08): 解放路 complete,
# 千佛山 with gaps (two rules missing, a sign without the district in its name, a town errand listed).
DISTRICT_RULES = (RegulationKind.PERSONNEL, RegulationKind.FINANCE, RegulationKind.VOLUNTEERS)
STATION_RULES = {
    "370102001": (RegulationKind.VENUE, RegulationKind.ARCHIVES, RegulationKind.CLIENT_DATABASE),
    "370102002": (RegulationKind.VENUE,),
}
CONTENT = {
    "370102001": (
        (ServiceArea.PROFESSIONAL_SERVICE, "困境儿童与留守老人关爱服务"),
        (ServiceArea.TALENT_DEVELOPMENT, "社会工作者职业水平考试动员与实训岗位"),
        (ServiceArea.COMMUNITY_GOVERNANCE, "“四社联动”社区议事会"),
    ),
    "370102002": (
        (ServiceArea.PROFESSIONAL_SERVICE, "社会救助对象探访"),
        (ServiceArea.COMMUNITY_GOVERNANCE, "志愿服务队伍培育"),
        (ServiceArea.TOWN_AFFAIRS, "协助录入低保审批材料"),
    ),
}


def _records(context, stations) -> None:
    from django.utils.translation import gettext

    labels = dict(RegulationKind.choices)
    tally = context.tally(StationRegulation)
    lixia = Division.objects.filter(code="370102").first()
    if lixia is not None and "370102001" in stations:
        for kind in DISTRICT_RULES:
            if StationRegulation.objects.filter(division=lixia, station__isnull=True, kind=kind).exists():
                tally.add(Outcome.UNCHANGED)
                continue
            services.station_regulation_file(
                actor=context.actor,
                division=lixia,
                kind=kind,
                title=f"历下区社工站{labels[kind]}制度",
                text="（演示数据）",
                adopted_on=D(2021, 3, 20),
            )
            tally.add(Outcome.CREATED)
    for code, kinds in STATION_RULES.items():
        station = stations.get(code)
        if station is None:
            continue
        for kind in kinds:
            if StationRegulation.objects.filter(station=station, kind=kind).exists():
                tally.add(Outcome.UNCHANGED)
                continue
            services.station_regulation_file(
                actor=context.actor,
                station=station,
                kind=kind,
                title=f"{station.name}{labels[kind]}制度",
                text="（演示数据）",
                adopted_on=station.opened_on,
            )
            tally.add(Outcome.CREATED)
    signs = context.tally(StationSign)
    content = context.tally(ServiceContentItem)
    for code, items in CONTENT.items():
        station = stations.get(code)
        if station is None:
            continue
        wording = services.sign_wording_for(station)
        if code == "370102002":
            wording = station.name  # without the district: a JN-06 finding
        for placement in SignPlacement.values:
            if StationSign.objects.filter(station=station, placement=placement).exists():
                signs.add(Outcome.UNCHANGED)
                continue
            services.station_sign_record(
                actor=context.actor,
                station=station,
                placement=placement,
                wording=wording,
                has_logo=True,
                put_up_on=station.opened_on,
            )
            signs.add(Outcome.CREATED)
        for area, title in items:
            if ServiceContentItem.objects.filter(station=station, title=title).exists():
                content.add(Outcome.UNCHANGED)
                continue
            services.service_content_add(
                actor=context.actor, station=station, area=area, title=title, started_on=station.opened_on
            )
            content.add(Outcome.CREATED)
    # HZ-04: 桥东's 2021 third-party evaluation was filed on time; 桥西's is missing.
    qiaodong = stations.get("441302001")
    if qiaodong is not None:
        evaluations = context.tally(Submission)
        if Submission.objects.filter(
            station=qiaodong, kind=SubmissionKind.STATION_EVALUATION, period="2021"
        ).exists():
            evaluations.add(Outcome.UNCHANGED)
        else:
            services.submission_file(
                actor=context.actor,
                kind=SubmissionKind.STATION_EVALUATION,
                station=qiaodong,
                period="2021",
                submitted_on=D(2021, 12, 20),
                text=gettext("Third-party evaluation of a station and its points") + "（演示数据）",
            )
            evaluations.add(Outcome.CREATED)


def _community_centres(context) -> None:
    """Shenzhen Futian community centres (SZ-03): one staffed as the sample table asks, one short."""
    villages = list(
        Division.objects.filter(parent_id="440304001", level=DivisionLevel.VILLAGE).order_by("code")[:2]
    )
    tally = context.tally(CommunityCentre)
    for village, (population, workers) in zip(villages, ((8_500, 2), (23_000, 2)), strict=False):
        if CommunityCentre.objects.filter(division=village).exists():
            tally.add(Outcome.UNCHANGED)
            continue
        services.community_centre_report(
            actor=context.actor,
            division=village,
            name=f"{village.name.removesuffix('居委会').removesuffix('社区居民委员会')}社区党群服务中心",
            population=population,
            social_workers=workers,
            reported_on=D(2023, 1, 10),
        )
        tally.add(Outcome.CREATED)
