"""Routes of the stations app for the jurisdiction scope test."""

import datetime

from django.utils import timezone

from shegong.accounts.tests.factories import UserFactory
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.stations.models import InspectionSample, Supervisor
from shegong.stations.tests.factories import ServicePointFactory, StationFactory
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


STATIONS = Case(make=make_stations, marker=lambda s: s.name)
POINTS = Case(make=make_points, marker=lambda p: p.name)
TOWNS = Case(make=make_stations, kwargs=lambda s: {"code": s.division_id})

SCOPED_LISTS = {
    "stations:supervision": Case(make=make_supervisors, marker=lambda s: s.practitioner.name),
    "stations:deadline-calendar": Case(make=make_contracted_stations, marker=lambda s: s.name),
    "stations:station-list": STATIONS,
    "api:station-list": STATIONS,
    "api:service-point-list": POINTS,
}
SCOPED_DETAILS = {
    "stations:sample-detail": Case(make=make_samples),
    "stations:station-detail": STATIONS,
    "stations:station-update": STATIONS,
    "stations:point-create": STATIONS,
    "stations:staff-create": STATIONS,
    "stations:coverage-division": TOWNS,
    "api:station-detail": STATIONS,
    "api:service-point-detail": POINTS,
}
NOT_SCOPED = {
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
