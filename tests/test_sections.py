"""sections: numbered and known unnumbered headings, typed with the profile; boilerplate skipped."""

from __future__ import annotations

import pytest

from nlp_reports.normalise import normalise
from nlp_reports.profiles import load_profile
from nlp_reports.sections import find_sections
from tests.conftest import GOLD_PATHS, corpus_id


def test_seed_sections_are_typed(seed_report):
    top = [(s.heading, s.type) for s in seed_report.sections if s.level == 1]
    assert top == [
        ("主動公開政府信息情況", "proactive_disclosure"),
        ("依申請公開政府信息和不予公開政府信息情況", "applications"),
        ("四、政府信息公開的收費及減免情況", "fees"),
        ("五、因政府信息公開申請行政複議、提起行政訴訟情況", "review_litigation"),
        ("存在問題及改進措施", "problems_improvements"),
    ]


def test_seed_boilerplate_never_becomes_a_section(seed_report):
    headings = {s.heading for s in seed_report.sections}
    for boilerplate in ("基本介紹", "全文", "內容介紹", "相關詞條", "熱門詞條", "聯絡我們"):
        assert boilerplate not in headings
    assert not any(h.startswith("中文名") for h in headings)


def test_sub_headings_take_their_parents_type_and_nest(seed_report):
    by_heading = {s.heading: s for s in seed_report.sections}
    child = by_heading["(二)新聞發布會主動公開政府信息情況"]
    parent = by_heading["主動公開政府信息情況"]
    assert child.level == 2
    assert child.parent == parent.id
    assert child.type == "proactive_disclosure"
    assert parent.span[0] <= child.span[0] and child.span[1] <= parent.span[1]


def test_every_section_heading_slices_the_text(seed_report):
    for section in seed_report.sections:
        assert (
            seed_report.text[section.heading_span[0] : section.heading_span[1]] == section.heading
        )


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("一、总体情况", "overview"),
        ("二、主動公開政府信息情況", "proactive_disclosure"),
        ("三、收到和处理政府信息公开申请情况", "applications"),
        ("四、政府信息公开行政复议、行政诉讼情况", "review_litigation"),
        ("五、存在的主要问题及改进情况", "problems_improvements"),
        ("六、其他需要报告的事项", "other_matters"),
        ("三、依申请公开政府信息和不予公开政府信息情况", "applications"),
        ("七、工作人员和费用支出情况", "staffing_funding"),
        ("四、政府信息公开的收费及减免情况", "fees"),
        ("附表", "appendix_tables"),
    ],
)
def test_heading_variants_are_typed(heading: str, expected: str):
    view = normalise(f"{heading}\n本年度正文。\n")
    sections = find_sections(view, load_profile("ogi"))
    assert [(s.heading, s.type) for s in sections] == [(heading, expected)]


def test_flattened_table_labels_are_not_headings():
    view = normalise("三、本年度办理结果\n1.属于国家秘密\n0\n0\n0\n")
    assert [s.heading for s in find_sections(view, load_profile("ogi"))] == ["三、本年度办理结果"]


OGI_GOLD = [p for p in GOLD_PATHS if p.name.startswith(("000_", "ogi-"))]


@pytest.mark.parametrize("gold_path", OGI_GOLD, ids=corpus_id)
def test_typed_top_level_sections_match_gold(corpus_reports, gold_path):
    gold, report = corpus_reports[corpus_id(gold_path)]
    expected = {(s.start, s.type) for s in gold.sections if s.level == 1 and s.type}
    found = {(s.heading_span[0], s.type) for s in report.sections if s.level == 1}
    missing = expected - found
    assert not missing, f"gold sections not found: {missing}"
