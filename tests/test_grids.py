"""Tables of plain text: cells with their column units, rows that break a total down, and
cells that restate the prose (stat-communique-07 prints GDP as 126.3亿元 and as 1262635 万元).
Pipe tables, and tables flattened to one cell per line (stat-communique-01: a corner line 指标,
one header line per column, then each row's label and its values, breakdowns marked # and
indented under their total)."""

from __future__ import annotations

import nlp_reports
from nlp_reports.grids import find_flat_grids, find_grids, parse_unit
from tests.conftest import CORPORA

TABLE = CORPORA / "stat-communique-07.txt"
FLAT_TABLE = CORPORA / "stat-communique-01.txt"
# The head of stat-communique-01's table, in the Simplified view.
FLAT_HEAD = (
    "社会消费品零售总额\n\n2023年3月\n\n指标\n\n本月\n\n比去年同月增长(%)\n\n1-本月\n\n"
    "比去年同期增长(%)\n\n社会消费品零售总额(亿元)\n\n1545.21\n\n25.5\n\n4611.01\n\n5.2\n\n"
    "   # 批发零售业\n\n1412.17\n\n21.6\n\n4248.47\n\n4.5\n\n"
    "     住宿餐饮业\n\n133.04\n\n88.7\n\n362.54\n\n14.3\n\n"
)


def test_column_units_come_from_headers_and_unit_columns():
    text = "| 指标 | 绝对数(万元) | 比上年增长(%) |\n| 生产总值 | 1262635 | 6.9 |\n| 其中:第一产业 | 187746 | 2.6 |"
    grid = find_grids(text)[0]
    first, second = grid.rows
    assert [c.unit.scale for c in first.cells if not c.unit.percent] == [10000]
    assert [c.unit.growth for c in first.cells if c.unit.percent] == [True]
    assert (first.label, first.opens_parts, second.label, second.opens_parts) == (
        "生产总值",
        False,
        "第一产业",
        True,
    )
    assert parse_unit("百万澳门元").currency == "MOP"


def test_table_rows_break_their_total_down_and_cells_restate_the_prose():
    report = nlp_reports.extract(TABLE)
    texts = {
        rel.id: [report.fact(i).text for i in (rel.roles.get("facts") or [])]
        for rel in report.relations
    }
    table_links = [texts[rel.id] for rel in report.relations if rel.cue == "table"]
    assert ["126.3億元", "1262635"] in table_links
    parts = [
        [report.fact(rel.roles["total"]).text, *(report.fact(i).text for i in rel.roles["parts"])]
        for rel in report.relations
        if rel.type == "parts_total"
        and rel.cue == "其中"
        and "|" in report.text[rel.span[0] - 20 : rel.span[0]]
    ]
    assert ["1262635", "187746", "499244", "575645"] in parts
    assert not [c for c in report.checks if c.status == "fail"]


def test_an_altered_cell_fails_against_its_total_and_the_prose():
    text = TABLE.read_text(encoding="utf-8")
    assert text.count("| 187746 |") == 1
    report = nlp_reports.extract(text.replace("| 187746 |", "| 287746 |"))
    failing = {c.rule: c.message for c in report.checks if c.status == "fail"}
    assert set(failing) == {"same_metric.v1", "parts_sum.v1"}
    assert "18.8億元" in failing["same_metric.v1"]


def test_a_table_flattened_to_one_cell_per_line_is_read_by_its_header_and_indentation():
    grid = find_flat_grids(FLAT_HEAD)[0]
    total, wholesale, catering = grid.rows
    assert [r.label for r in grid.rows] == ["社会消费品零售总额(亿元)", "批发零售业", "住宿餐饮业"]
    assert [r.opens_parts for r in grid.rows] == [False, True, False]
    assert [(r.indent, r.depth) for r in grid.rows] == [(0, 0), (3, 5), (5, 5)]
    assert [FLAT_HEAD[c.start : c.end] for c in catering.cells] == [
        "133.04",
        "88.7",
        "362.54",
        "14.3",
    ]
    assert [c.unit.percent for c in total.cells] == [False, True, False, True]
    assert {c.unit.scale for c in wholesale.cells if not c.unit.percent} == {10**8}


def test_label_and_number_lines_without_a_header_are_no_table():
    body = FLAT_HEAD[FLAT_HEAD.index("社会消费品零售总额(亿元)") :]
    assert find_flat_grids(body) == []
    assert find_flat_grids(FLAT_HEAD.replace("指标", "说明")) == []


def test_flattened_rows_marked_and_indented_break_their_total_down():
    report = nlp_reports.extract(FLAT_TABLE)
    parts = [
        [report.fact(rel.roles["total"]).text, *(report.fact(i).text for i in rel.roles["parts"])]
        for rel in report.relations
        if rel.type == "parts_total"
    ]
    assert parts == [
        ["1545.21", "1412.17", "133.04"],
        ["4611.01", "4248.47", "362.54"],
        ["1545.21", "285.19", "358.09", "851.27", "50.66"],
        ["4611.01", "932.12", "1131.16", "2414.01", "133.72"],
    ]
    assert {c.status for c in report.checks if c.rule == "parts_sum.v1"} == {"pass"}
    altered = nlp_reports.extract(
        FLAT_TABLE.read_text(encoding="utf-8").replace("851.27", "951.27")
    )
    failing = [c.message for c in altered.checks if c.status == "fail"]
    assert failing == ["parts 285.19 + 358.09 + 951.27 + 50.66 = 1645.21 exceed the total 1545.21"]


def test_a_total_row_sums_the_plain_rows_before_it():
    table = (
        "指标\n本年\n上年\n一般公共预算收入(万元)\n120\n100\n政府性基金收入(万元)\n80\n60\n"
        "合计(万元)\n200\n160\n"
    )
    sums = [
        (report.fact(rel.roles["total"]).text, rel.exhaustive, rel.cue)
        for report in [nlp_reports.extract(table)]
        for rel in report.relations
        if rel.type == "parts_total"
    ]
    assert sums == []  # 合计(万元) is not the bare word 合计: a labelled total is not assumed
    table = table.replace("合计(万元)", "合计")
    report = nlp_reports.extract(table)
    sums = [
        ([report.fact(i).text for i in rel.roles["parts"]], rel.exhaustive, rel.cue)
        for rel in report.relations
        if rel.type == "parts_total"
    ]
    assert sums == [(["120", "80"], True, "合计"), (["100", "60"], True, "合计")]
    broken = nlp_reports.extract(table.replace("\n160\n", "\n170\n"))
    assert [c.rule for c in broken.checks if c.status == "fail"] == ["parts_sum.v1"]


def test_rows_told_apart_by_a_price_basis_match_the_prose_that_qualifies_the_metric_alike():
    """stat-communique-03 prints 本地生产总值 and 人均本地生产总值 twice each, at 当年价格 and in
    环比物量; the text calls them 名义 and 实际."""
    report = nlp_reports.extract(CORPORA / "stat-communique-03.txt")
    links = [
        [report.fact(i).text for i in rel.roles["facts"]]
        for rel in report.relations
        if rel.cue == "table"
    ]
    assert links == [
        ["3794.78億澳門(men)(men)(men)元", "379478"],
        ["559495澳門(men)(men)(men)元", "559495"],
        ["518685澳門(men)(men)(men)元", "518685"],
    ]
    assert not [c for c in report.checks if c.status == "fail"]


def test_a_prose_figure_qualified_otherwise_is_not_the_cell_of_its_twin_row():
    table = (
        "全年名义本地生产总值为3794.78亿澳门元,实际本地生产总值为3517.98亿澳门元。\n"
        "指标 | 单位 | 数值 |\n"
        "本地生产总值(当年价格) | 百万澳门元 | 379478 |\n"
        "本地生产总值(环比物量) | 百万澳门元 | 351798 |\n"
    )
    report = nlp_reports.extract(table)
    pairs = [
        [report.fact(i).text for i in rel.roles["facts"]]
        for rel in report.relations
        if rel.cue == "table"
    ]
    assert pairs == [["3794.78亿澳门元", "379478"], ["3517.98亿澳门元", "351798"]]
    assert not [c for c in report.checks if c.status == "fail"]
    unqualified = table.replace("名义", "")
    swapped = nlp_reports.extract(table.replace("实际", "名义").replace("全年名义", "全年"))
    assert [
        [swapped.fact(i).text for i in rel.roles["facts"]]
        for rel in swapped.relations
        if rel.cue == "table"
    ] == [["3517.98亿澳门元", "379478"]]
    assert [c.rule for c in swapped.checks if c.status == "fail"] == ["same_metric.v1"]
    assert len([r for r in nlp_reports.extract(unqualified).relations if r.cue == "table"]) == 1
