"""Pipe tables of plain text: cells with their column units, rows that break a total down, and
cells that restate the prose (stat-communique-07 prints GDP as 126.3亿元 and as 1262635 万元)."""

from __future__ import annotations

import nlp_reports
from nlp_reports.grids import find_grids, parse_unit
from tests.conftest import CORPORA

TABLE = CORPORA / "stat-communique-07.txt"


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
