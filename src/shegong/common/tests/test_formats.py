"""Dates and numbers as a Chinese and an English reader expect them."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone, translation

NOV_23 = datetime.date(2026, 11, 23)


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load shegong %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hans", "2026年11月23日"), ("en", "23 Nov 2026")],
)
def test_date_filter_uses_the_language_date_format(language, expected):
    assert render("{{ value|date }}", language, value=NOV_23) == expected


def test_datetime_is_shown_in_shanghai_time():
    at = datetime.datetime(2026, 11, 23, 1, 5, tzinfo=datetime.UTC)

    with timezone.override("Asia/Shanghai"):
        assert render("{{ value|date:'DATETIME_FORMAT' }}", "zh-hans", value=at) == "2026年11月23日 09:05"
        assert render("{{ value|date:'DATETIME_FORMAT' }}", "en", value=at) == "23 Nov 2026 09:05"


def test_short_date_is_iso_in_both_languages():
    assert render("{{ value|date:'SHORT_DATE_FORMAT' }}", "zh-hans", value=NOV_23) == "2026-11-23"
    assert render("{{ value|date:'SHORT_DATE_FORMAT' }}", "en", value=NOV_23) == "2026-11-23"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    ("value", "arg", "expected"),
    [
        (1234567, None, "1,234,567"),
        (Decimal("163000"), 2, "163,000.00"),
        (Decimal("1234567.456"), 2, "1,234,567.46"),
        (999, None, "999"),
        ("12000", None, "12,000"),
    ],
)
def test_number_filter_groups_thousands(language, value, arg, expected):
    source = "{{ value|number }}" if arg is None else f"{{{{ value|number:{arg} }}}}"

    assert render(source, language, value=value) == expected


def test_number_filter_leaves_text_and_empty_values_alone():
    assert render("{{ value|number }}", "zh-hans", value="不适用") == "不适用"
    assert render("[{{ value|number }}]", "zh-hans", value=None) == "[]"


def test_plain_numbers_are_not_grouped_so_years_and_ids_stay_intact():
    assert render("{{ value }}", "zh-hans", value=2026) == "2026"
    assert render("{{ value }}", "en", value=123456) == "123456"


def test_chinese_date_input_is_accepted():
    field = forms.DateField()

    with translation.override("zh-hans"):
        assert field.clean("2026年11月23日") == NOV_23
        assert field.clean("2026-11-23") == NOV_23
