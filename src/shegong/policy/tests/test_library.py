"""Dated parameter values, district overrides and document status."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import translation

from shegong.policy.library import (
    NoValue,
    NoValueReason,
    PolicyDataError,
    Status,
    load_library,
    load_library_from,
)
from shegong.policy.tests.conftest import SZ

D = datetime.date


@pytest.fixture
def library():
    return load_library()


# Document status ---------------------------------------------------------------------------------


def test_shenzhen_measures_are_in_force_on_2022_06_30(library):
    status = library.document("SZ").status_on(D(2022, 6, 30))
    assert status.state == Status.IN_FORCE
    assert status.date == D(2025, 11, 11)


def test_shenzhen_measures_lapsed_by_2026_11_23_with_lapse_date_2025_11_11(library):
    status = library.document("SZ").status_on(D(2026, 11, 23))
    assert status.state == Status.LAPSED
    assert status.date == D(2025, 11, 11)
    assert not status.in_force


def test_shenzhen_measures_are_not_yet_in_force_on_2020_11_11(library):
    status = library.document("SZ").status_on(D(2020, 11, 11))
    assert status.state == Status.NOT_YET_IN_FORCE
    assert status.date == D(2020, 11, 12)


@pytest.mark.parametrize(
    ("on", "state"),
    [
        (D(2020, 11, 12), Status.IN_FORCE),  # first day
        (D(2025, 11, 11), Status.IN_FORCE),  # last day of the five years
        (D(2025, 11, 12), Status.LAPSED),  # first day after
    ],
)
def test_shenzhen_validity_boundaries(library, on, state):
    assert library.document("SZ").status_on(on).state == state


def test_status_message_says_when_the_measures_lapsed_in_chinese(library):
    with translation.override("zh-hans"):
        assert library.document("SZ").status_on(D(2026, 11, 23)).message == "已失效（有效期至2025年11月11日）"
    with translation.override("en"):
        assert library.document("SZ").status_on(D(2026, 11, 23)).message == "Lapsed after 11 Nov 2025"


def test_open_ended_documents_stay_in_force(library):
    assert library.document("HZ").status_on(D(2030, 1, 1)).state == Status.IN_FORCE
    assert library.document("HZ").status_on(D(2021, 5, 5)).state == Status.NOT_YET_IN_FORCE


def test_status_refuses_a_datetime(library):
    with pytest.raises(TypeError):
        library.document("SZ").status_on(datetime.datetime(2022, 1, 1, 12, 0))


# Dated values ------------------------------------------------------------------------------------


def test_package_fee_floor_is_163000_citing_clause_13(library):
    value = library.parameter("SZ", "package_fee_floor").value_on(D(2022, 6, 30))
    assert (value.value, value.clause, value.start) == (163000, "(十三)", D(2020, 11, 12))


def test_values_are_exact_numbers(library):
    assert library.parameter("SZ", "labour_cost_share_min").value_on(D(2022, 1, 1)).value == Decimal("0.85")
    assert library.parameter("JN", "qualified_staff_share_min").value_on(D(2022, 1, 1)).value == Fraction(
        2, 3
    )
    assert library.parameter("JN", "annual_plan_due").value_on(D(2022, 1, 1)).value == "03-31"


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2020, 11, 11), NoValueReason.DOCUMENT_NOT_YET_IN_FORCE),
        (D(2020, 11, 12), 163000),
        (D(2025, 11, 11), 163000),
        (D(2025, 11, 12), NoValueReason.DOCUMENT_LAPSED),
    ],
)
def test_package_fee_floor_exists_only_while_the_measures_are_in_force(library, on, expected):
    value = library.parameter("SZ", "package_fee_floor").value_on(on)
    if isinstance(expected, NoValueReason):
        assert isinstance(value, NoValue)
        assert not value
        assert value.reason == expected
    else:
        assert value.value == expected


def test_no_value_after_lapse_explains_itself_in_chinese(library):
    value = library.parameter("SZ", "package_fee_floor").value_on(D(2026, 11, 23))
    assert value.date == D(2025, 11, 11)
    with translation.override("zh-hans"):
        assert value.message == "2026年11月23日无 SZ.package_fee_floor 的取值：文件已于2025年11月11日后失效。"


@pytest.fixture
def dated_library(edit_yaml, documents_copy):
    """A copy where the package fee floor changes on 2023-01-01 and ends on 2024-07-01."""

    def change(data):
        data["parameters"]["package_fee_floor"]["values"] = {
            D(2020, 11, 12): {"value": 163000, "clause": "(十三)"},
            D(2023, 1, 1): {"value": 170000, "clause": "(十三)"},
            D(2024, 7, 1): {"value": None, "clause": "(十三)"},
        }

    edit_yaml(SZ, "parameters.yaml", change)
    return load_library_from(documents_copy)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2022, 12, 31), 163000),  # the day before the new value starts
        (D(2023, 1, 1), 170000),  # the start
        (D(2024, 6, 30), 170000),  # the last day before the end
        (D(2024, 7, 1), None),  # the end: value null
    ],
)
def test_dated_value_boundaries(dated_library, on, expected):
    value = dated_library.parameter("SZ", "package_fee_floor").value_on(on)
    if expected is None:
        assert value.reason == NoValueReason.ENDED
        assert value.date == D(2024, 7, 1)
    else:
        assert value.value == expected


def test_the_value_in_force_reports_its_period(dated_library):
    value = dated_library.parameter("SZ", "package_fee_floor").value_on(D(2023, 5, 1))
    assert (value.start, value.end) == (D(2023, 1, 1), D(2024, 7, 1))


# District overrides ------------------------------------------------------------------------------


@pytest.fixture
def futian_library(edit_yaml, documents_copy):
    """A copy where Futian (440304) sets its own package fee floor from 2022-01-01."""

    def change(data):
        data["overrides"] = {
            "package_fee_floor": [
                {
                    "division": "440304",
                    "division_name": "福田区",
                    "source": "福田区政府购买社会工作服务整体打包标准（测试）",
                    "values": {D(2022, 1, 1): {"value": 175000}},
                }
            ]
        }

    edit_yaml(SZ, "overrides.yaml", change)
    return load_library_from(documents_copy)


@pytest.mark.parametrize(
    ("division", "on", "expected"),
    [
        ("440304", D(2022, 6, 30), 175000),  # Futian itself
        ("440304001", D(2022, 6, 30), 175000),  # a street inside Futian
        ("440305", D(2022, 6, 30), 163000),  # Nanshan: outside Futian
        ("4403", D(2022, 6, 30), 163000),  # the city
        (None, D(2022, 6, 30), 163000),  # no division given
        ("440304", D(2021, 12, 31), 163000),  # the day before Futian's value starts
    ],
)
def test_district_override_applies_only_inside_the_district(futian_library, division, on, expected):
    value = futian_library.parameter("SZ", "package_fee_floor").value_on(on, division_code=division)
    assert value.value == expected


def test_override_names_its_division_and_source(futian_library):
    value = futian_library.parameter("SZ", "package_fee_floor").value_on(
        D(2022, 6, 30), division_code="440304"
    )
    assert value.division_code == "440304"
    assert value.source == "福田区政府购买社会工作服务整体打包标准（测试）"


def test_override_does_not_outlive_the_measures(futian_library):
    value = futian_library.parameter("SZ", "package_fee_floor").value_on(
        D(2026, 1, 1), division_code="440304"
    )
    assert value.reason == NoValueReason.DOCUMENT_LAPSED


def test_loading_bad_data_is_refused(edit_yaml, documents_copy):
    edit_yaml(SZ, "parameters.yaml", lambda d: d["parameters"]["purchase_cycle"].update(unit="fortnights"))
    with pytest.raises(PolicyDataError, match="unknown unit 'fortnights'"):
        load_library_from(documents_copy)


# Clauses -----------------------------------------------------------------------------------------


def test_full_text_numbers_the_sub_clauses_as_the_document_does(library):
    text = library.document("HZ").full_text("四(二)")
    assert text.startswith(
        "（二）健全“双百工程”社工站（点）管理机制。\n一是明确社工站（点）行政架构。社工站由"
    )
    assert "\n三是完善社工站（点）考核机制。根据省民政厅制定的社工年度考核标准，每年10月底前" in text


def test_full_text_keeps_a_closing_paragraph_after_the_items(library):
    text = library.document("JN").full_text("三(五)")
    assert text.splitlines()[1].startswith("1.专业社会工作服务。")
    assert (
        text.splitlines()[-1]
        == "由街道（镇）政府工作人员直接提供的保密事项、行政行为、管理及服务事项不得列入社工站服务内容。"
    )
