"""A seeded, reproducible data generator for the benchmark (issue 11) on the real division tree.

Rows are built as model instances (so encrypted fields encrypt, JSON and dates convert exactly as in
the app) with primary keys assigned here, then written in batches: ``COPY … FROM STDIN`` on PostgreSQL
(psycopg's ``cursor.copy``), ``bulk_create`` elsewhere. No service runs per row and no audit entry is
written per row: the generation is one bulk load, recorded by one audit entry at the end.

The generator knows the facts it wrote, so it computes, without the rule code, how many findings each
chosen rule must report (``Expectations``); ``verify`` compares them with a scan.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from stdnum.cn import ric

from shegong.accounts.models import Role, User
from shegong.cases.models import (
    Case,
    CaseStep,
    FamilyStructure,
    Household,
    HouseholdCategory,
    Member,
    Relation,
    Visit,
)
from shegong.common import partitions
from shegong.common.audit import audit_record
from shegong.common.bulk import bulk_insert
from shegong.common.masking import mask_id_number
from shegong.common.models import AuditEntry
from shegong.demo.foundation import demo_uscc
from shegong.geo.models import Division, DivisionLevel, subtree_q
from shegong.organizations.models import Organization, OrganizationKind
from shegong.policy.library import load_library
from shegong.procurement.domains import ServiceDomain, ServiceType
from shegong.procurement.models import Contract, ContractTerm, Programme, Project, ProjectBudget
from shegong.stations.models import ServiceHours, ServicePoint, StaffRole, Station, StationKind, StationStaff
from shegong.stations.rules import week_before
from shegong.workforce.identity import name_spellings
from shegong.workforce.models import (
    Assessment,
    AssessmentGrade,
    Certificate,
    CertificateLevel,
    EducationLevel,
    Employment,
    FilingState,
    FilingTransition,
    Practitioner,
    TrainingKind,
    TrainingRecord,
)
from shegong.workforce.rules import month_day

from .sizes import Size

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力鹏宇浩然欣怡佳琪晨阳雪梅俊峰"

# Shares of violations the generator plants (bench configuration, not policy numbers).
SHARE_BELOW_TRAINING_HOURS = 0.10
SHARE_MISSING_PRE_JOB_HOURS = 0.04
SHARE_MISSING_ASSESSMENT = 0.05
SHARE_BELOW_SERVICE_HOURS = 0.08
SHARE_NOT_FILED = 0.03
SHARE_SUSPENDED = 0.03
SHARE_LEFT = 0.06

HUIZHOU = "huizhou-2021-double-hundred"
SANMING = "sanming-2013-talent-measures"
JINAN = "jinan-2021-station-plan"

# Rules whose findings the generator predicts exactly (SPEC ID → what was planted).
VERIFIED_RULES = {
    "HZ-17": "filed practitioners with fewer training hours this year than the Huizhou minimum",
    "SM-03": "filed community workers with fewer training hours this year than the Sanming minimum",
    "HZ-12": "employed practitioners with fewer pre-job training hours than the Huizhou minimum",
    "HZ-04": "filed practitioners employed on the deadline without a final yearly assessment",
    "HZ-08": "re-hires since the Huizhou date (none are generated)",
    "SM-08": "employed practitioners who are not filed",
    "JN-07": "station staff below the weekly service hours in the last full week",
}


class DivisionsMissing(LookupError):
    """The division tree under the size's root is not loaded."""


def param(document: str, key: str, on: datetime.date):
    """A policy parameter's value on a date (the generator reads thresholds, it never hard-codes them)."""
    return load_library().parameter(document, key).value_on(on).value


@dataclass
class TableStat:
    rows: int = 0
    seconds: float = 0.0


@dataclass
class GenerationReport:
    size: str
    seed: int
    root: str
    as_of: datetime.date
    vendor: str
    seconds: float = 0.0
    tables: dict[str, TableStat] = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables.values())

    def as_dict(self) -> dict:
        return {
            "size": self.size,
            "seed": self.seed,
            "root": self.root,
            "as_of": self.as_of.isoformat(),
            "seconds": round(self.seconds, 2),
            "rows": self.rows,
            "rows_per_second": round(self.rows / self.seconds) if self.seconds else None,
            "tables": {
                name: {"rows": t.rows, "seconds": round(t.seconds, 2)}
                for name, t in sorted(self.tables.items())
            },
            "counts": self.counts,
            "expected_findings": self.expected,
        }


class Sink:
    """Collects instances of one model and writes them in batches (``bulk_insert``: COPY on PostgreSQL)."""

    def __init__(self, model, report: GenerationReport, *, batch: int = 5000):
        self.model = model
        self.batch = batch
        self.pending: list = []
        self.stat = report.tables.setdefault(model._meta.label, TableStat())
        self.fields = list(model._meta.concrete_fields)
        self.next_pk = (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1

    def new_pk(self) -> int:
        pk = self.next_pk
        self.next_pk += 1
        return pk

    def add(self, obj) -> None:
        if obj.pk is None:
            obj.pk = self.new_pk()
        self.pending.append(obj)
        if len(self.pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        started = time.perf_counter()
        bulk_insert(self.model, self.pending, batch_size=self.batch)  # COPY on PostgreSQL
        self.stat.rows += len(self.pending)
        self.stat.seconds += time.perf_counter() - started
        self.pending = []


class Generator:
    """Generate one size under its root division; call :meth:`run` once."""

    def __init__(self, size: Size, *, seed: int = 1, as_of: datetime.date | None = None, log=None):
        self.size = size
        self.rng = random.Random(seed)
        self.as_of = as_of or timezone.localdate()
        self.log = log or (lambda message: None)
        self.report = GenerationReport(
            size=size.name, seed=seed, root=size.root, as_of=self.as_of, vendor=connection.vendor
        )
        self.sinks: dict = {}
        self.used_ids: set[int] = set()
        self.area_ok: dict[tuple[str, int], bool] = {}
        self.spellings: dict[str, tuple[str, str]] = {}
        self.expected: Counter = Counter()

    # helpers ------------------------------------------------------------------------------------

    def sink(self, model) -> Sink:
        if model not in self.sinks:
            self.sinks[model] = Sink(model, self.report)
        return self.sinks[model]

    def day(self, start: datetime.date, end: datetime.date) -> datetime.date:
        span = (end - start).days
        return start + datetime.timedelta(days=self.rng.randint(0, max(span, 0)))

    def name(self) -> str:
        given = self.rng.choice(GIVEN) + (self.rng.choice(GIVEN) if self.rng.random() < 0.7 else "")
        return self.rng.choice(SURNAMES) + given

    def spell(self, name: str) -> tuple[str, str]:
        if name not in self.spellings:
            self.spellings[name] = name_spellings(name)
        return self.spellings[name]

    def _area(self, district: str, year: int) -> str:
        """The first of district, city, province codes that python-stdnum knows for the birth year."""
        for area in (district[:6], district[:4] + "00", district[:2] + "0000"):
            key = (area, year)
            if key not in self.area_ok:
                probe = f"{area}{year:04d}0101001"
                try:
                    self.area_ok[key] = ric.is_valid(probe + ric.calc_check_digit(probe + "0"))
                except (KeyError, ValueError):  # python-stdnum's table has no county for some codes
                    self.area_ok[key] = False
            if self.area_ok[key]:
                return area
        return "110101"

    def id_number(self, district: str, birth: datetime.date, male: bool) -> str:
        """A valid, unused resident ID number (GB 11643 check digit via python-stdnum)."""
        area = self._area(district, birth.year)
        while True:
            serial = self.rng.randrange(0, 500) * 2 + (1 if male else 0)
            body = f"{area}{birth:%Y%m%d}{serial:03d}"
            key = int(body)
            if key not in self.used_ids:
                self.used_ids.add(key)
                return body + ric.calc_check_digit(body + "0")
            birth += datetime.timedelta(days=1)

    # divisions ----------------------------------------------------------------------------------

    def load_divisions(self) -> None:
        root = self.size.root
        towns = Division.objects.filter(level=DivisionLevel.TOWN)
        if root:
            towns = towns.filter(subtree_q("code", root))
        towns = list(towns.order_by("code").values_list("code", "name"))
        if self.size.towns:
            towns = towns[: self.size.towns]
        if not towns:
            raise DivisionsMissing(root)
        self.towns = [code for code, _name in towns]
        self.town_names = dict(towns)
        villages = Division.objects.filter(level=DivisionLevel.VILLAGE)
        if root:
            villages = villages.filter(subtree_q("code", root))
        if self.size.towns:
            villages = villages.filter(code__lt=self.towns[-1] + ":", code__gte=self.towns[0])
        self.villages: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for code, name in villages.order_by("code").values_list("code", "name").iterator(chunk_size=20000):
            if code[:9] in self.town_names:
                self.villages[code[:9]].append((code, name))
        self.districts = sorted({t[:6] for t in self.towns})
        self.cities = sorted({t[:4] for t in self.towns})
        self.towns_by_district: dict[str, list[str]] = defaultdict(list)
        for town in self.towns:
            self.towns_by_district[town[:6]].append(town)
        self.report.counts.update(
            towns=len(self.towns),
            villages=sum(len(v) for v in self.villages.values()),
            districts=len(self.districts),
        )

    # the run ------------------------------------------------------------------------------------

    def run(self) -> GenerationReport:
        started = time.perf_counter()
        self.load_divisions()
        with transaction.atomic():
            self.make_users_and_organizations()
            self.make_stations()
            self.make_practitioners()
            self.make_projects()
            self.make_households()
            for s in self.sinks.values():
                s.flush()
            if connection.vendor == "postgresql":
                self.reset_sequences()
                # Past months of generated visits land in the default partition: give each its own.
                partitions.ensure_months(partitions.VISITS, today=self.as_of)
            self.report.expected = {rule: self.expected[rule] for rule in VERIFIED_RULES}
            self.report.seconds = time.perf_counter() - started
            audit_record(
                actor=None,
                action=AuditEntry.Action.IMPORT,
                object_type="bench.generation",
                object_repr=f"bench {self.size.name} seed {self.report.seed}",
                after={"generation": self.report.as_dict()},
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.report.seconds = time.perf_counter() - started
        return self.report

    def reset_sequences(self) -> None:
        from django.core.management.color import no_style

        models = [m for m in self.sinks]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)

    # users and organisations --------------------------------------------------------------------

    def make_users_and_organizations(self) -> None:
        self.log("organisations and accounts")
        password = self.password = make_password(None)  # unusable: bench accounts sign in only here
        users = self.sink(User)
        now = timezone.now()
        tag = f"s{self.report.seed}"

        def user(username, role, **extra) -> User:
            obj = User(
                username=f"bench_{tag}_{username}",
                password=password,
                full_name=self.name(),
                role=role,
                date_joined=now,
                **extra,
            )
            users.add(obj)
            return obj

        self.admin = user("admin", Role.SYSTEM_ADMIN)
        self.city_officers = {
            city: user(f"city_{city}", Role.CITY_OFFICER, division_id=city) for city in self.cities
        }
        orgs = self.sink(Organization)
        self.organizations: list[Organization] = []
        self.orgs_by_district: dict[str, list[Organization]] = defaultdict(list)
        kinds = [OrganizationKind.SOCIAL_WORK_AGENCY] * 4 + [OrganizationKind.SOCIAL_GROUP]
        for n in range(self.size.organizations):
            district = self.districts[n % len(self.districts)]
            kind = self.rng.choice(kinds)
            pk = orgs.new_pk()
            org = Organization(
                pk=pk,
                name=f"{self.town_names[self.towns_by_district[district][0]][:12]}社会工作服务中心{pk}号",
                uscc=demo_uscc(kind, district, f"B{pk:07d}"),
                kind=kind,
                division_id=district,
                address=f"{district}路{pk}号",
                legal_representative=self.name(),
                phone=f"0531{pk:08d}"[:12],
            )
            orgs.add(org)
            self.organizations.append(org)
            self.orgs_by_district[district].append(org)
        self.report.counts["organizations"] = len(self.organizations)

    def org_in(self, district: str) -> Organization:
        candidates = self.orgs_by_district.get(district) or self.organizations
        return self.rng.choice(candidates)

    # stations, points and social-worker accounts --------------------------------------------------

    def make_stations(self) -> None:
        self.log("stations and service points")
        stations = self.sink(Station)
        points = self.sink(ServicePoint)
        through = self.sink(ServicePoint.villages.through)
        self.stations: dict[str, Station] = {}
        self.points: dict[int, list[ServicePoint]] = defaultdict(list)
        self.workers: dict[str, User] = {}
        opened = self.as_of - datetime.timedelta(days=3 * 365)
        for district in self.districts:
            stations.add(
                Station(
                    name=f"{district}区县社会工作服务总站",
                    kind=StationKind.DISTRICT_HUB,
                    division_id=district,
                    provider=self.org_in(district),
                    opened_on=opened,
                )
            )
        for town in self.towns:
            provider = self.org_in(town[:6])
            station = Station(
                name=f"{self.town_names[town]}社会工作服务站",
                kind=StationKind.TOWN_STATION,
                division_id=town,
                provider=provider,
                service_contract_signed_on=opened - datetime.timedelta(days=10),
                opened_on=opened,
                address=f"{self.town_names[town]}政务服务中心",
                opening_hours="周一至周五 9:00-17:30",
            )
            stations.add(station)
            self.stations[town] = station
            villages = self.villages.get(town, [])
            step = self.size.villages_per_point
            for n in range(min(self.size.points_per_station, max(1, len(villages) // step))):
                covered = villages[n * step : (n + 1) * step]
                if not covered:
                    break
                point = ServicePoint(
                    station=station,
                    name=f"{covered[0][1][:40]}社工点",
                    equipment=["computer", "printer"],
                    opened_on=opened,
                )
                points.add(point)
                self.points[station.pk].append(point)
                for code, _name in covered:
                    through.add(through.model(servicepoint_id=point.pk, division_id=code))
            self.workers[town] = self._worker(town, provider)
        self.report.counts["stations"] = len(self.stations)

    def _worker(self, town: str, provider: Organization) -> User:
        users = self.sink(User)
        obj = User(
            username=f"bench_s{self.report.seed}_sw_{town}",
            password=self.password,
            full_name=self.name(),
            role=Role.SOCIAL_WORKER,
            organization=provider,
            date_joined=timezone.now(),
        )
        users.add(obj)
        return obj

    # practitioners and their files -----------------------------------------------------------------

    def make_practitioners(self) -> None:
        self.log("practitioners, filing history, employment, certificates, training, assessments, staff")
        size, as_of, rng = self.size, self.as_of, self.rng
        hz_hours = param(HUIZHOU, "training_hours_per_year_min", as_of)
        sm_hours = param(SANMING, "community_training_hours_min", as_of)
        pre_min = param(HUIZHOU, "pre_job_training_hours_min", as_of)
        pre_deadline = param(HUIZHOU, "pre_job_training_deadline", as_of)
        due = param(HUIZHOU, "worker_assessment_due", as_of)
        deadline = month_day(as_of.year, due)
        if as_of <= deadline:
            deadline = month_day(as_of.year - 1, due)
        week_min = param(JINAN, "community_service_hours_per_week_min", as_of)
        monday = week_before(as_of)
        year_start = datetime.date(as_of.year, 1, 1)

        practitioners = self.sink(Practitioner)
        transitions = self.sink(FilingTransition)
        employments = self.sink(Employment)
        certificates = self.sink(Certificate)
        training = self.sink(TrainingRecord)
        assessments = self.sink(Assessment)
        staff_sink = self.sink(StationStaff)
        hours_sink = self.sink(ServiceHours)

        # Who staffs which station: the first practitioners, station by station.
        slots: list[tuple[Station, ServicePoint | None]] = []
        for town in self.towns:
            station = self.stations[town]
            slots += [(station, None)] * size.staff_per_station
            slots += [(station, point) for point in self.points[station.pk]]
        slots = slots[: size.practitioners]
        educations = (
            [EducationLevel.BACHELOR] * 5
            + [EducationLevel.JUNIOR_COLLEGE] * 3
            + [
                EducationLevel.MASTER,
                EducationLevel.SECONDARY,
            ]
        )
        levels = (
            [CertificateLevel.ASSISTANT] * 14
            + [CertificateLevel.INTERMEDIATE] * 5
            + [CertificateLevel.SENIOR]
        )
        for n in range(size.practitioners):
            slot = slots[n] if n < len(slots) else None
            if slot:
                town = slot[0].division_id
                employer = slot[0].provider
                age = rng.randint(23, 40)
            else:
                town = self.towns[rng.randrange(len(self.towns))]
                employer = self.org_in(town[:6])
                age = rng.randint(22, 58)
            male = rng.random() < 0.3
            birth = self.day(
                as_of - datetime.timedelta(days=(age + 1) * 365 - 5),
                as_of - datetime.timedelta(days=age * 365 + 5),
            )
            number = self.id_number(town[:6], birth, male)
            name = self.name()
            pinyin, initials = self.spell(name)
            community = rng.random() < 0.4
            starts_on = self.day(
                as_of - datetime.timedelta(days=8 * 365), as_of - datetime.timedelta(days=2 * 365)
            )
            applied_on = starts_on - datetime.timedelta(days=60)
            filed_on = applied_on + datetime.timedelta(days=30)
            draw = rng.random()
            history = [("", FilingState.APPLIED, applied_on)]
            if draw >= SHARE_NOT_FILED:
                history.append((FilingState.APPLIED, FilingState.FILED, filed_on))
            if draw >= 1 - SHARE_SUSPENDED:
                suspended_on = self.day(
                    filed_on + datetime.timedelta(days=30), as_of - datetime.timedelta(days=10)
                )
                history.append((FilingState.FILED, FilingState.SUSPENDED, suspended_on))
            left = rng.random() < SHARE_LEFT and slot is None
            ends_on = (
                self.day(as_of - datetime.timedelta(days=500), as_of - datetime.timedelta(days=5))
                if left
                else None
            )
            practitioner = Practitioner(
                name=name,
                name_pinyin=pinyin,
                name_initials=initials,
                id_number=number,
                id_number_hash=_hash(number),
                id_number_masked=mask_id_number(number),
                gender="male" if male else "female",
                birth_date=birth,
                phone=f"13{rng.randrange(10**9):09d}",
                education_level=rng.choice(educations),
                major="社会工作" if rng.random() < 0.5 else "行政管理",
                community_worker=community,
                division_id=town,
                employer=None if left else employer,
                filing_state=history[-1][1],
                filed_on=filed_on if len(history) > 1 else None,
            )
            practitioner.major_is_social_work = practitioner.major == "社会工作"
            practitioners.add(practitioner)
            pid = practitioner.pk
            for from_state, to_state, effective_on in history:
                transitions.add(
                    FilingTransition(
                        practitioner_id=pid,
                        from_state=from_state,
                        to_state=to_state,
                        effective_on=effective_on,
                    )
                )
            employments.add(
                Employment(
                    practitioner_id=pid,
                    organization=employer,
                    post="驻站社工" if slot else "社会工作者",
                    is_professional_post=True,
                    contract_signed_on=starts_on - datetime.timedelta(days=5) if rng.random() < 0.5 else None,
                    starts_on=starts_on,
                    ends_on=ends_on,
                )
            )
            if rng.random() < 0.6:
                certificates.add(
                    Certificate(
                        practitioner_id=pid,
                        level=rng.choice(levels),
                        number=f"BN{self.report.seed}-{pid:09d}",
                        issued_on=starts_on - datetime.timedelta(days=100),
                        issuer="人力资源和社会保障部",
                    )
                )
            # Pre-job training on the first day; a planted share has too few hours.
            short_pre_job = rng.random() < SHARE_MISSING_PRE_JOB_HOURS
            pre_hours = Decimal(pre_min) / 2 if short_pre_job else Decimal(pre_min) + 1
            training.add(
                TrainingRecord(
                    practitioner_id=pid,
                    kind=TrainingKind.PRE_JOB,
                    hours=pre_hours,
                    held_on=starts_on,
                    topic="岗前培训",
                )
            )
            for _ in range(2):  # last year's continuing education (not counted this year)
                training.add(
                    TrainingRecord(
                        practitioner_id=pid,
                        kind=TrainingKind.CONTINUING_EDUCATION,
                        hours=Decimal(rng.randint(10, 40)),
                        held_on=self.day(
                            datetime.date(as_of.year - 1, 1, 1), datetime.date(as_of.year - 1, 12, 31)
                        ),
                    )
                )
            below = rng.random() < SHARE_BELOW_TRAINING_HOURS
            target = (
                Decimal(rng.randint(2, int(hz_hours * 2) - 1)) / 2
                if below
                else Decimal(rng.randint(int(hz_hours) * 2, int(hz_hours) * 5)) / 2
            )
            units = int(target * 2)  # half hours
            cuts = sorted(rng.sample(range(1, units), min(rng.randint(0, 2), units - 1)))
            for k, (a, b) in enumerate(zip([0, *cuts], [*cuts, units], strict=True)):
                training.add(
                    TrainingRecord(
                        practitioner_id=pid,
                        kind=TrainingKind.CONTINUING_EDUCATION if k == 0 else TrainingKind.OTHER,
                        hours=Decimal(b - a) / 2,
                        held_on=self.day(year_start, as_of),
                        topic="继续教育",
                    )
                )
            year_hours = target
            # Yearly assessment of the checked year; a planted share has none.
            assessed = rng.random() >= SHARE_MISSING_ASSESSMENT
            if assessed:
                signed = deadline - datetime.timedelta(days=10)
                assessments.add(
                    Assessment(
                        practitioner_id=pid,
                        year=deadline.year,
                        grade=AssessmentGrade.QUALIFIED if rng.random() < 0.8 else AssessmentGrade.EXCELLENT,
                        served_unit=self.town_names[town],
                        employer_signed_on=signed - datetime.timedelta(days=10),
                        served_unit_signed_on=signed,
                        final_on=signed,
                    )
                )
            # What the rules must find, from the facts just written.
            state_now = _state_on(history, as_of)
            employed_now = ends_on is None or ends_on >= as_of
            if state_now == FilingState.FILED and year_hours < hz_hours:
                self.expected["HZ-17"] += 1
            if state_now == FilingState.FILED and community and year_hours < sm_hours:
                self.expected["SM-03"] += 1
            if employed_now and pre_hours < pre_min and as_of > max(pre_deadline, starts_on):
                self.expected["HZ-12"] += 1
            if employed_now and state_now != FilingState.FILED:
                self.expected["SM-08"] += 1
            employed_deadline = starts_on <= deadline and (ends_on is None or ends_on >= deadline)
            if employed_deadline and _state_on(history, deadline) == FilingState.FILED and not assessed:
                self.expected["HZ-04"] += 1
            if slot:
                station, point = slot
                staff = StationStaff(
                    station=station,
                    practitioner_id=pid,
                    name=name,
                    role=StaffRole.POINT_WORKER if point else StaffRole.RESIDENT_WORKER,
                    service_point=point,
                    employer_kind="organization",
                    employer=employer,
                    contract_signed_on=starts_on,
                    contract_years=3,
                    on_post_from=max(starts_on, station.opened_on),
                )
                staff_sink.add(staff)
                short_week = rng.random() < SHARE_BELOW_SERVICE_HOURS
                for w in range(size.service_weeks):
                    week = monday - datetime.timedelta(days=7 * w)
                    if w == 0 and short_week:
                        hours = Decimal(rng.randint(0, int(week_min) - 1))
                        if hours == 0:
                            continue  # no entry at all counts as 0 hours
                    else:
                        hours = Decimal(rng.randint(int(week_min), int(week_min) + 16))
                    hours_sink.add(ServiceHours(staff_id=staff.pk, week_start=week, hours=hours))
                if staff.on_post_from <= monday and station.opened_on <= monday and short_week:
                    self.expected["JN-07"] += 1
        self.expected["HZ-08"] += 0  # one post each, so no re-hire on or after certified_rehire_from
        self.report.counts["practitioners"] = size.practitioners
        self.report.counts["station_staff"] = len(slots)

    # projects, budgets, contracts ------------------------------------------------------------------

    def make_projects(self) -> None:
        self.log("projects, budgets and contracts")
        projects = self.sink(Project)
        budgets = self.sink(ProjectBudget)
        contracts = self.sink(Contract)
        as_of, rng = self.as_of, self.rng
        starts = datetime.date(as_of.year - 1, 1, 1)
        ends = datetime.date(as_of.year + 1, 12, 31)
        specs = [(self.stations[t], Programme.STATION) for t in self.towns]
        specs += [(None, Programme.GENERAL)] * len(self.organizations)
        for n, (station, programme) in enumerate(specs):
            provider = station.provider if station else self.organizations[n % len(self.organizations)]
            district = provider.division_id
            headcount = rng.randint(3, 12)
            project = Project(
                name=f"{station.name if station else provider.name}服务项目{n}",
                purchaser_division_id=district,
                purchaser_name=f"{district}民政局",
                provider=provider,
                programme=programme,
                domain=ServiceDomain.COMMUNITY_BUILDING if station else rng.choice(ServiceDomain.values),
                service_types=[rng.choice(ServiceType.values)],
                starts_on=starts,
                ends_on=ends,
                contract_signed_on=starts - datetime.timedelta(days=15),
                headcount=headcount,
                professional_posts=max(1, headcount - rng.randint(0, 2)),
            )
            projects.add(project)
            people = Decimal(headcount)
            labour = people * Decimal(rng.randint(120_000, 150_000))
            other = (labour * Decimal("0.03")).quantize(Decimal("1"))
            budgets.add(
                ProjectBudget(
                    project_id=project.pk,
                    year=as_of.year,
                    labour_cost=labour,
                    supervision_cost=other,
                    activity_cost=other,
                    management_cost=other,
                    insurance_tax_cost=other,
                    training_cost=other,
                    person_years=people,
                    supervised_worker_months=headcount * 12,
                )
            )
            contracts.add(
                Contract(
                    project_id=project.pk,
                    number=f"BENCH-{self.report.seed}-{project.pk}",
                    signed_on=project.contract_signed_on,
                    starts_on=starts,
                    ends_on=ends,
                    terms=list(ContractTerm.values) if rng.random() < 0.95 else list(ContractTerm.values)[:5],
                )
            )
        self.report.counts["projects"] = len(specs)

    # households, members, cases, visits -----------------------------------------------------------

    def make_households(self) -> None:
        self.log("households, members, cases and visits")
        size, as_of, rng = self.size, self.as_of, self.rng
        households = self.sink(Household)
        members = self.sink(Member)
        cases = self.sink(Case)
        visits = self.sink(Visit)
        village_list = [
            (town, code, name) for town in self.towns for code, name in self.villages.get(town, [])
        ]
        if not village_list:
            village_list = [(town, town, self.town_names[town]) for town in self.towns]
        categories = HouseholdCategory.values
        steps = (
            [CaseStep.INTERVENE] * 3
            + [CaseStep.FOLLOW_UP] * 2
            + [CaseStep.PLAN, CaseStep.CLOSED, CaseStep.CLOSED]
        )
        n_members = 0
        n_cases = 0
        for _n in range(size.households):
            town, village, village_name = village_list[rng.randrange(len(village_list))]
            worker = self.workers[town]
            household = Household(
                division_id=village,
                address=f"{village_name}{rng.randint(1, 300)}号",
                categories=rng.sample(categories, rng.randint(1, 2)),
                family_structure=rng.choice(FamilyStructure.values),
                assigned_worker=worker,
                station=self.stations[town],
            )
            households.add(household)
            count = max(1, round(rng.gauss(size.members_per_household, 1)))
            head = None
            for k in range(count):
                age = rng.randint(30, 90) if k == 0 else rng.randint(1, 90)
                birth = self.day(
                    as_of - datetime.timedelta(days=(age + 1) * 365 - 5),
                    as_of - datetime.timedelta(days=age * 365),
                )
                number = self.id_number(village[:6], birth, rng.random() < 0.5)
                member = Member(
                    household_id=household.pk,
                    name=self.name(),
                    relation=Relation.HEAD if k == 0 else rng.choice(Relation.values[1:]),
                    id_number=number,
                    id_number_hash=_hash(number),
                    id_number_masked=mask_id_number(number),
                    birth_date=birth,
                )
                members.add(member)
                n_members += 1
                head = head or member
            if rng.random() >= size.cases_per_household:
                continue
            opened = self.day(as_of - datetime.timedelta(days=720), as_of - datetime.timedelta(days=30))
            step = rng.choice(steps)
            dates = sorted(self.day(opened, as_of) for _ in range(size.visits_per_case))
            case = Case(
                household_id=household.pk,
                client_id=head.pk,
                title=f"{head.name}的{rng.choice(['生活困难', '心理疏导', '就业帮扶', '照料需求'])}",
                identification="入户走访中发现",
                service_type=rng.choice(ServiceType.values),
                domain=rng.choice(ServiceDomain.values),
                step=step,
                opened_on=opened,
                closed_on=dates[-1] if step == CaseStep.CLOSED else None,
                next_visit_due=None if step == CaseStep.CLOSED else dates[-1] + datetime.timedelta(days=30),
            )
            cases.add(case)
            n_cases += 1
            for d in dates:
                visits.add(
                    Visit(
                        case_id=case.pk,
                        visited_on=d,
                        worker=worker,
                        notes="入户了解近况，记录需求。" if rng.random() < 0.5 else "",
                    )
                )
        self.report.counts.update(households=size.households, members=n_members, cases=n_cases)


def _state_on(history, day: datetime.date) -> str | None:
    state = None
    for _from, to_state, effective_on in history:
        if effective_on <= day:
            state = to_state
    return state


def _hash(number: str) -> str:
    from shegong.common.encryption import keyed_hash

    return keyed_hash(number)


def generate(size: Size, *, seed: int = 1, as_of: datetime.date | None = None, log=None) -> GenerationReport:
    """Generate ``size`` with ``seed``; raise :class:`DivisionsMissing` without the divisions."""
    return Generator(size, seed=seed, as_of=as_of, log=log).run()
