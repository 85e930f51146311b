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


SANMING_TREE = {
    "35": "福建省",
    "3504": "三明市",
    "350404": "三元区",
    "350481": "永安市",
    "350404001": "列西街道",
}


@pytest.fixture
def sanming(db):
    """Sanming with Sanyuan district (one street) and Yong'an city."""
    return {
        code: make_division(code, name)
        for code, name in sorted(SANMING_TREE.items(), key=lambda kv: len(kv[0]))
    }
