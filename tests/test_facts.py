"""extract: values, units, qualifiers and subjects of real report sentences; non-facts stay out."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import nlp_reports
from nlp_reports.evaluate import values_agree

CASES_PATH = Path(__file__).resolve().parent.parent / "corpora" / "cases" / "facts.yaml"
CASES = yaml.safe_load(CASES_PATH.read_text(encoding="utf-8"))
ALL_CASES = [(group, case) for group, cases in CASES.items() for case in cases]


def _case_id(item: tuple[str, dict]) -> str:
    group, case = item
    return f"{group}:{case['text'][:18]}"


@pytest.mark.parametrize("item", ALL_CASES, ids=[_case_id(i) for i in ALL_CASES])
def test_sentence_yields_exactly_its_facts(item):
    _, case = item
    report = nlp_reports.extract(
        case["text"], profile="generic", report_year=case.get("report_year")
    )
    found = [(f.kind, f.text) for f in report.facts]
    expected = [(f["kind"], str(f["text"])) for f in case["facts"]]
    assert found == expected
    for fact, wanted in zip(report.facts, case["facts"], strict=True):
        assert values_agree(fact.value, wanted["value"]), (fact.text, fact.value, wanted["value"])
        for field in ("unit", "approx", "subject"):
            if field in wanted:
                assert getattr(fact, field) == wanted[field], (fact.text, field)


# The acceptance list of the seed report: (surface, kind, value, unit, approx).
SEED_FACTS = [
    ("127676件", "count", 127676, "件", None),
    ("24633件", "count", 24633, "件", None),
    ("19.29%", "percentage", 19.29, "%", None),
    ("103043件", "count", 103043, "件", None),
    ("80.71%", "percentage", 80.71, "%", None),
    ("95317件", "count", 95317, "件", None),
    ("92.5%", "percentage", 92.5, "%", None),
    ("22期", "count", 22, "期", None),
    ("3600多人", "count", 3600, "人", "more_than"),
    ("294個", "count", 294, "个", None),
    ("84萬件", "count", 840000, "件", None),
    ("33萬件", "count", 330000, "件", None),
    ("24584條", "count", 24584, "条", None),
    ("150多條", "count", 150, "条", "more_than"),
    ("4宗", "count", 4, "宗", None),
    ("2場", "count", 2, "场", None),
    ("2015年6月", "date", "2015-06", None, None),
    ("2015年1月1日至12月31日", "period", "2015-01-01/2015-12-31", None, None),
]


@pytest.mark.parametrize(
    ("surface", "kind", "value", "unit", "approx"), SEED_FACTS, ids=[f[0] for f in SEED_FACTS]
)
def test_seed_acceptance_facts(seed_report, surface, kind, value, unit, approx):
    matches = [f for f in seed_report.facts if f.text == surface]
    assert matches, f"{surface} not extracted"
    fact = matches[0]
    assert (fact.kind, fact.value, fact.unit, fact.approx) == (kind, value, unit, approx)


def test_seed_document_number_is_not_a_count(seed_report):
    doc = next(f for f in seed_report.facts if f.kind == "doc_number")
    assert doc.text == "粵辦函〔2015〕248號"
    assert (doc.doc.issuer, doc.doc.year, doc.doc.serial) == ("粤办函", 2015, 248)
    inside = [
        f for f in seed_report.facts if doc.span[0] <= f.span[0] < doc.span[1] and f is not doc
    ]
    assert inside == []


def test_seed_ordinals_are_not_facts(seed_report):
    assert not any("屆" in f.text for f in seed_report.facts)


def test_seed_subjects(seed_report):
    subjects = {f.text: f.subject for f in seed_report.facts}
    assert subjects["3600多人"] == "培训人员"
    assert subjects["294個"] == "网站"
    assert subjects["92.5%"] == "提前办结率"
    assert subjects["4宗"] == "受理政府信息公开申请"


def test_relative_year_without_report_year_is_left_unresolved_with_a_problem():
    report = nlp_reports.extract("本年度受理申请4件。", profile="generic")
    relative = next(f for f in report.facts if f.text == "本年度")
    assert relative.value is None
    assert any("本年度" in p.message for p in report.problems)
    resolved = nlp_reports.extract("本年度受理申请4件。", profile="generic", report_year=2019)
    assert next(f for f in resolved.facts if f.text == "本年度").value == "2019"


@pytest.mark.parametrize(
    ("phrase", "value", "upper", "approx"),
    [
        ("十几个", 11, 19, "about"),
        ("二十几家", 21, 29, "about"),
        ("数百人", 200, 900, "about"),
        ("数万人次", 20000, 90000, "about"),
        ("百余家", 100, None, "more_than"),
        ("上千件", 1000, None, "more_than"),
        ("近百个", 100, None, "less_than"),
    ],
)
def test_vague_counts_carry_their_bounds(phrase, value, upper, approx):
    fact = nlp_reports.extract(f"全年共培训{phrase}。", profile="generic").facts[0]
    assert (fact.text, fact.value, fact.upper, fact.approx) == (phrase, value, upper, approx)


def test_signed_table_cells_keep_their_sign():
    """The 2019 table 二 writes 本年增/减 as +1036 or -3 (shanghai-bgt-2019)."""
    facts = nlp_reports.extract("本年增/减 +1036 -3", profile="generic").facts
    assert [(f.text, f.value) for f in facts] == [("+1036", 1036), ("-3", -3)]


def test_digits_of_other_scripts_never_break_extraction():
    assert nlp_reports.extract("\U00016130 件", profile="generic").facts == []
    assert [f.value for f in nlp_reports.extract("٣٤ 件", profile="generic").facts] == [34]


def test_web_addresses_and_e_mail_stop_at_chinese_text():
    """ogi-prose-07: 政府门户网站(www.xuanhan.gov.cn)“政务公开”板块 — the text after the address is text."""
    text = "公众可在政府门户网站(www.xuanhan.gov.cn)“政务公开”板块下载,共3件。邮箱:zwgkb@gz.gov.cn共4件"
    facts = nlp_reports.extract(text, profile="generic").facts
    assert [(f.kind, f.text) for f in facts] == [("count", "3件"), ("count", "4件")]
