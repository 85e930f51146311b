import pytest

from shegong.geo.tests.factories import make_division

HUIZHOU_TREE = {
    "4413": "惠州市",
    "441302": "惠城区",
    "441302001": "桥东街道",
    "441302001001": "东湖社区居委会",
    "441302001002": "新岗社区居委会",
    "441302001003": "东平社区居委会",
    "441302001004": "黄塘社区居委会",
    "441302001005": "东新社区居委会",
    "441302002": "桥西街道",
}


@pytest.fixture
def huizhou(divisions):
    """Huicheng district of Huizhou: Qiaodong street with five communities, Qiaoxi street with none."""
    return {
        code: make_division(code, name)
        for code, name in sorted(HUIZHOU_TREE.items(), key=lambda kv: len(kv[0]))
    }
