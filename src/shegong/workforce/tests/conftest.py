import pytest

from shegong.geo.tests.factories import make_division


@pytest.fixture
def cities(divisions):
    """Districts of the four policy cities: Futian (Shenzhen), Lixia (Jinan), Sanyuan (Sanming), Huicheng (Huizhou)."""
    make_division("35", "福建省")
    make_division("3504", "三明市")
    make_division("4413", "惠州市")
    return {
        "shenzhen": divisions["440304"],
        "jinan": divisions["370102"],
        "sanming": make_division("350404", "三元区"),
        "huizhou": make_division("441302", "惠城区"),
    }
