"""The cleaned clause texts and the parameters the rules will need."""

import datetime
import re
from decimal import Decimal
from fractions import Fraction

import pytest

from shegong.policy.library import load_library

PINYIN_NOISE = re.compile(r"[\u4e00-\u9fff][(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")
TRADITIONAL_ONLY = "會現與為機關區從權體號內過們個實據這將應當還並無時長對經發變價務職業護員組織級黨團"
# 乡镇 text legitimately contains "XX区（县）XX街道（镇）" placeholders; nothing else may be Latin.
LEGITIMATE_LATIN = {"XX"}


def all_texts():
    for document in load_library().documents.values():
        for clause in document.clauses.values():
            for field in ("heading", "text", "closing_text"):
                yield f"{document.prefix} {clause.id} {field}", getattr(clause, field) or ""


def test_the_four_documents_are_loaded():
    documents = load_library().documents
    assert sorted((d.prefix, d.jurisdiction) for d in documents.values()) == [
        ("HZ", "4413"),
        ("JN", "3701"),
        ("SM", "3504"),
        ("SZ", "4403"),
    ]
    assert documents["huizhou-2021-double-hundred"].document_number == "惠民发〔2021〕29号"


def test_cleaned_text_has_no_pinyin_noise():
    noisy = [(where, m.group()) for where, text in all_texts() for m in PINYIN_NOISE.finditer(text)]
    assert noisy == []


def test_cleaned_text_has_no_traditional_only_characters():
    found = [(where, ch) for where, text in all_texts() for ch in text if ch in TRADITIONAL_ONLY]
    assert found == []


def test_cleaned_text_has_no_latin_letters_except_placeholders():
    found = [
        (where, w)
        for where, text in all_texts()
        for w in re.findall(r"[A-Za-z]+", text)
        if w not in LEGITIMATE_LATIN
    ]
    assert found == []


def test_cleaned_text_uses_chinese_punctuation():
    found = [
        (where, ch) for where, text in all_texts() for ch in re.findall(r"[,;:?!()]|[，、；。]{2}", text)
    ]
    assert found == []


def test_cleaned_text_repairs_the_web_copy_mojibake():
    sz = load_library().document("SZ")
    assert "心理抚慰" in sz.clause("(一)").text
    assert "不低于项目总人数的80%" in sz.clause("(十三)").text
    assert "不少于总人数的三分之二" in load_library().document("JN").clause("三(二)").text


@pytest.mark.parametrize(
    ("prefix", "count", "first", "last"),
    [
        ("SZ", 27, "通知", "(二十)"),
        ("JN", 34, "序言", "五(五)"),
        ("SM", 29, "序言", "三(三)"),
        ("HZ", 54, "通知", "六(四)"),
    ],
)
def test_every_clause_of_each_document_is_present(prefix, count, first, last):
    ids = list(load_library().document(prefix).clauses)
    assert (len(ids), ids[0], ids[-1]) == (count, first, last)


ON = {
    "SZ": datetime.date(2022, 6, 30),
    "JN": datetime.date(2022, 6, 30),
    "SM": datetime.date(2014, 1, 1),
    "HZ": datetime.date(2022, 6, 30),
}
D = datetime.date


@pytest.mark.parametrize(
    ("prefix", "key", "value", "clause", "unit"),
    [
        ("SZ", "package_fee_floor", 163000, "(十三)", "CNY per person-year"),
        ("SZ", "package_fee_floor_high_risk", 169000, "(十三)", "CNY per person-year"),
        ("SZ", "labour_cost_share_min", Decimal("0.85"), "(十三)", "ratio"),
        ("SZ", "other_cost_share_max", Decimal("0.15"), "(十三)", "ratio"),
        ("SZ", "professional_post_share_min", Decimal("0.80"), "(十三)", "ratio"),
        ("SZ", "supervision_fee_per_worker_month", 350, "(六)", "CNY per person-month"),
        ("SZ", "continuing_education_hours_min", 80, "(七)", "hours per year"),
        ("SZ", "purchase_cycle", 3, "(十三)", "years"),
        ("SZ", "committee_application_lead", 6, "(十二)", "months"),
        ("SZ", "salary_guide_revision_interval", 3, "(六)", "years"),
        ("SZ", "certified_posts_new_contracts_from", D(2020, 11, 12), "(四)", "date"),
        ("SZ", "certified_posts_all_projects_from", D(2023, 1, 1), "(四)", "date"),
        ("JN", "station_staff_min", 3, "三(二)", "persons"),
        ("JN", "station_staff_age_max", 40, "三(二)", "age in years"),
        ("JN", "qualified_staff_share_min", Fraction(2, 3), "三(二)", "ratio"),
        ("JN", "community_service_hours_per_week_min", 24, "三(五)", "hours per week"),
        ("JN", "annual_plan_due", "03-31", "四(一)", "month-day"),
        ("JN", "implementation_report_due", "11-30", "四(五)", "month-day"),
        ("JN", "staff_on_post_within", 1, "四(四)", "months"),
        ("JN", "contract_term", 3, "四(三)", "years"),
        ("JN", "station_target", 161, "一(三)", "count"),
        ("SM", "community_training_hours_min", 20, "二(一)2", "hours per year"),
        ("SM", "certificate_subsidy_assistant", 60, "二(四)1", "CNY per person-month"),
        ("SM", "certificate_subsidy_intermediate", 120, "二(四)1", "CNY per person-month"),
        ("SM", "certificate_subsidy_senior", 180, "二(四)1", "CNY per person-month"),
        ("SM", "professionals_target_2015", 1000, "一(1)", "persons"),
        ("SM", "intermediate_target_2015", 150, "一(1)", "persons"),
        ("SM", "professionals_target_2020", 5000, "一(2)", "persons"),
        ("SM", "intermediate_target_2020", 500, "一(2)", "persons"),
        ("SM", "senior_target_2020", 20, "一(2)", "persons"),
        ("SM", "urban_community_social_workers_min", 1, "二(二)1", "persons"),
        ("SM", "organisations_target_2015", 12, "二(二)3", "count"),
        ("SM", "training_bases_per_county_min", 1, "二(一)1", "count"),
        ("SM", "training_bases_per_county_max", 2, "二(一)1", "count"),
        ("SM", "provincial_pilots_target", 1, "二(五)1", "count"),
        ("SM", "municipal_pilots_target", 3, "二(五)1", "count"),
        ("HZ", "training_hours_per_year_min", 48, "五(三)3", "hours per year"),
        ("HZ", "pre_job_training_hours_min", 15, "五(二)五", "hours"),
        ("HZ", "stations_per_supervisor_max", 6, "四(二)四", "count"),
        ("HZ", "supervision_hours_per_visit_min", 16, "四(二)四", "hours per visit"),
        ("HZ", "supervision_visits_per_month_min", 1, "四(二)四", "visits per month"),
        ("HZ", "county_supervision_staff_min", 1, "四(二)四", "persons"),
        ("HZ", "county_supervision_staff_max", 2, "四(二)四", "persons"),
        ("HZ", "station_affairs_posts", 3, "五(一)一", "persons"),
        ("HZ", "service_point_staff_min", 1, "五(一)一", "persons"),
        ("HZ", "villages_per_service_point", 3, "五(二)二", "count"),
        ("HZ", "worker_assessment_due", "10-31", "四(二)三", "month-day"),
        ("HZ", "station_evaluation_due", "12-31", "四(二)三", "month-day"),
        ("HZ", "labour_contract_term", 3, "四(二)二", "years"),
        ("HZ", "certified_rehire_from", D(2022, 7, 1), "五(一)三", "date"),
        ("HZ", "pay_measures_filing_deadline", D(2021, 6, 30), "五(一)三", "date"),
        ("HZ", "town_station_target", 72, "三", "count"),
    ],
)
def test_parameter_the_rules_need(prefix, key, value, clause, unit):
    parameter = load_library().parameter(prefix, key)
    found = parameter.value_on(ON[prefix])
    assert (found.value, found.clause, parameter.unit) == (value, clause, unit)


def test_every_parameter_names_the_requirements_that_use_it():
    missing = [
        p.ref for d in load_library().documents.values() for p in d.parameters.values() if not p.spec_ids
    ]
    assert missing == []


def test_cited_clause_text_contains_the_number():
    """Spot-check that values cite the clause where the number is written."""
    library = load_library()
    assert "16.3万元/人/年" in library.clause("SZ", "(十三)").text
    assert "每人每月350元" in library.clause("SZ", "(六)").text
    assert "不少于48小时" in library.clause("HZ", "五(三)3").text
    assert "每月分别增加60元、120元、180元" in library.clause("SM", "二(四)1").text
