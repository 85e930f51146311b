"""Routes of the stations app for the jurisdiction scope test."""

import datetime

from django.utils import timezone

from shegong.accounts.tests.factories import UserFactory
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.stations.models import (
    CommunityCentre,
    InspectionSample,
    PilotLevel,
    PilotSite,
    SupervisionAssignment,
    SupervisionVisit,
    Supervisor,
    TrainingBase,
)
from shegong.stations.tests.factories import ServicePointFactory, StationFactory, SubmissionFactory
from shegong.tests.scope import LICHENG, LIXIA, Case
from shegong.workforce.tests.factories import PractitionerFactory


def make_stations(divisions):
    return (
        StationFactory(name="历下区解放路街道社工站", division=divisions[LIXIA]),
        StationFactory(name="历城区山大路街道社工站", division=divisions[LICHENG]),
    )


def make_points(divisions):
    lixia, licheng = make_stations(divisions)
    return (
        ServicePointFactory(station=lixia, name="解放桥社工点"),
        ServicePointFactory(station=licheng, name="甸柳社工点"),
    )


def make_contracted_stations(divisions):
    """Stations with a service contract signed 40 days ago: their monthly briefs fall due this year."""
    signed = timezone.localdate() - datetime.timedelta(days=40)
    return tuple(
        StationFactory(
            name=name,
            division=divisions[code],
            provider=OrganizationFactory(division=divisions[code[:6]]),
            service_contract_signed_on=signed,
        )
        for name, code in (("历下区解放路街道社工站", LIXIA), ("历城区山大路街道社工站", LICHENG))
    )


def make_supervisors(divisions):
    return tuple(
        Supervisor.objects.create(
            practitioner=PractitionerFactory(name=name, division=divisions[code]),
            division=divisions[code],
            appointed_on=datetime.date(2022, 1, 1),
        )
        for name, code in (("历下督导甲", "370102"), ("历城督导乙", "370112"))
    )


def make_samples(divisions):
    user = UserFactory(username="sampler")
    return tuple(
        InspectionSample.objects.create(
            division=divisions[code],
            drawn_on=datetime.date(2022, 6, 1),
            seed=1,
            size=1,
            population=1,
            drawn_by=user,
        )
        for code in ("370102", "370112")
    )


def make_designations(divisions):
    return tuple(
        TrainingBase.objects.create(
            division=divisions[code], name=name, designated_on=datetime.date(2022, 1, 1)
        )
        for name, code in (("历下实训基地甲", "370102"), ("历城实训基地乙", "370112"))
    )


def make_pilot_sites(divisions):
    return tuple(
        PilotSite.objects.create(
            division=divisions[code],
            level=PilotLevel.MUNICIPAL,
            name=name,
            designated_on=datetime.date(2022, 1, 1),
        )
        for name, code in (("历下试点甲", "370102"), ("历城试点乙", "370112"))
    )


def make_centres(divisions):
    return tuple(
        CommunityCentre.objects.create(
            division=divisions[code],
            name=name,
            population=8000,
            social_workers=2,
            reported_on=datetime.date(2022, 1, 1),
        )
        for name, code in (
            ("解放桥社区党群服务中心", "370102001002"),
            ("甸柳社区党群服务中心", "370112001001"),
        )
    )


def make_submissions(divisions):
    return tuple(
        SubmissionFactory(division=divisions[code], text=text)
        for text, code in (("历下年度计划正文", "370102"), ("历城年度计划正文", "370112"))
    )


def make_assignments(divisions):
    stations = make_stations(divisions)
    supervisors = make_supervisors(divisions)
    return tuple(
        SupervisionAssignment.objects.create(
            supervisor=supervisor, station=station, assigned_on=datetime.date(2022, 1, 1)
        )
        for supervisor, station in zip(supervisors, stations, strict=True)
    )


def make_visits(divisions):
    return tuple(
        SupervisionVisit.objects.create(
            supervisor=a.supervisor,
            station=a.station,
            visited_on=datetime.date(2022, 2, 1),
            hours=16,
            content=f"{a.station.name}督导内容",
        )
        for a in make_assignments(divisions)
    )


STATIONS = Case(make=make_stations, marker=lambda s: s.name)
POINTS = Case(make=make_points, marker=lambda p: p.name)
DISTRICTS = Case(make=make_stations, kwargs=lambda s: {"code": s.division_id[:6]})
TOWNS = Case(make=make_stations, kwargs=lambda s: {"code": s.division_id})

SUBMISSIONS = Case(make=make_submissions, marker=lambda s: s.text)
ASSIGNMENTS = Case(make=make_assignments, marker=lambda a: a.station.name)
VISITS = Case(make=make_visits, marker=lambda v: v.content)
TRAINING_BASES = Case(make=make_designations, marker=lambda b: b.name)
PILOT_SITES = Case(make=make_pilot_sites, marker=lambda p: p.name)

SCOPED_LISTS = {
    "api:station-submission-list": SUBMISSIONS,
    "api:supervision-assignment-list": ASSIGNMENTS,
    "api:supervision-visit-list": VISITS,
    "api:training-base-list": TRAINING_BASES,
    "api:pilot-site-list": PILOT_SITES,
    "stations:community-centres": Case(make=make_centres, marker=lambda c: c.name),
    "stations:designation-list": Case(make=make_designations, marker=lambda b: b.name),
    "stations:supervision": Case(make=make_supervisors, marker=lambda s: s.practitioner.name),
    "stations:deadline-calendar": Case(make=make_contracted_stations, marker=lambda s: s.name),
    "stations:station-list": STATIONS,
    "api:station-list": STATIONS,
    "api:service-point-list": POINTS,
}
SCOPED_DETAILS = {
    "api:station-submission-detail": SUBMISSIONS,
    "api:supervision-assignment-detail": ASSIGNMENTS,
    "api:supervision-visit-detail": VISITS,
    "api:training-base-detail": TRAINING_BASES,
    "api:pilot-site-detail": PILOT_SITES,
    "stations:sample-detail": Case(make=make_samples),
    "stations:station-detail": STATIONS,
    "stations:station-update": STATIONS,
    "stations:point-create": STATIONS,
    "stations:staff-create": STATIONS,
    "stations:regulation-create": STATIONS,
    "stations:sign-create": STATIONS,
    "stations:content-create": STATIONS,
    "stations:coverage-division": TOWNS,
    "stations:district-overview": DISTRICTS,
    "stations:district-regulation-create": DISTRICTS,
    "api:station-detail": STATIONS,
    "api:service-point-detail": POINTS,
}
NOT_SCOPED = {
    "stations:station-import": "upload form; the services refuse divisions outside the jurisdiction",
    "stations:station-template": "the empty import template",
    "stations:deadline-reminders": "fragment of the viewer's deadline calendar (same selector); "
    "scope tested in test_reminders",
    "stations:community-centre-report": "form; the service refuses communities outside the jurisdiction",
    "stations:staffing-band-create": "form; choices are scoped and the service refuses other jurisdictions",
    "stations:training-base-create": "form; the service refuses counties outside the jurisdiction",
    "stations:pilot-site-create": "form; the service refuses divisions outside the jurisdiction",
    "stations:supervisor-create": "form; the service refuses districts outside the jurisdiction",
    "stations:assignment-create": "form; choices are scoped and the service refuses other jurisdictions",
    "stations:visit-create": "form; choices are scoped and the service refuses other jurisdictions",
    "stations:sample-create": "form; the service refuses divisions outside the jurisdiction",
    "stations:submission-create": "form; the service refuses districts and stations outside the jurisdiction",
    "stations:deadline-feed": "iCalendar of the viewer's deadline calendar (same selector); "
    "scope tested in test_views_deadlines",
    "stations:deadline-feed-token": "iCalendar for the token's user; scope tested in test_views_deadlines",
    "stations:station-create": "form; the service refuses divisions outside the jurisdiction",
    "stations:coverage": "redirects to the coverage of the viewer's own jurisdiction",
}
