"""Routes of the stations app for the jurisdiction scope test."""

from shegong.stations.tests.factories import ServicePointFactory, StationFactory
from shegong.tests.scope import LICHENG, LIXIA, Case


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


STATIONS = Case(make=make_stations, marker=lambda s: s.name)
POINTS = Case(make=make_points, marker=lambda p: p.name)
TOWNS = Case(make=make_stations, kwargs=lambda s: {"code": s.division_id})

SCOPED_LISTS = {
    "stations:station-list": STATIONS,
    "api:station-list": STATIONS,
    "api:service-point-list": POINTS,
}
SCOPED_DETAILS = {
    "stations:station-detail": STATIONS,
    "stations:station-update": STATIONS,
    "stations:point-create": STATIONS,
    "stations:staff-create": STATIONS,
    "stations:coverage-division": TOWNS,
    "api:station-detail": STATIONS,
    "api:service-point-detail": POINTS,
}
NOT_SCOPED = {
    "stations:station-create": "form; the service refuses divisions outside the jurisdiction",
    "stations:coverage": "redirects to the coverage of the viewer's own jurisdiction",
}
