"""tables: every gold cell right in every published form; the broken forms of flattened text;
identities, blanks, the template version and the prose checked against the cells.

Gold cells are hand-checked (corpora/tables/*.gold.yaml, ogi-table-0*.gold.yaml). Altered copies
and broken forms are generated here from the real figures of the 淮安 2024 report (tests/forms.py).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import opencc
import pytest

import nlp_reports
from nlp_reports.evaluate import Scores, forms_of, gold_files, load_gold, score_cells
from nlp_reports.records import Check, Report, Table
from nlp_reports.tables.checks import CheckList, check_tables, check_version
from nlp_reports.tables.templates import tables_data
from tests.conftest import CORPORA
from tests.forms import (
    COLUMNS,
    HEADER,
    LEGAL,
    TABLE3_ROWS,
    cells,
    huaian_docx,
    table3_lines,
    table3_values,
)

OGI = tables_data("ogi")
assert OGI is not None
TABLE_GOLD = [path for path in gold_files(CORPORA) if load_gold(path).tables]
FORMS = [(path, form) for path in TABLE_GOLD for form in forms_of(path, load_gold(path))]


@cache
def _extract(source: Path | str) -> Report:
    """The report of a source, read once for all the tests (no test changes a report)."""
    return nlp_reports.extract(source, profile="ogi")


def _table(report: Report, template: str) -> Table:
    return next(table for table in report.tables if table.template == template)


def _table_checks(report: Report) -> list[Check]:
    return [check for check in report.checks if check.rule.startswith("ogi.table")]


# --- every gold cell, every form ---------------------------------------------------------------


@pytest.mark.parametrize(("gold_path", "form"), FORMS, ids=[form.name for _, form in FORMS])
def test_every_gold_cell_is_read_right_in_every_published_form(gold_path: Path, form: Path):
    gold = load_gold(gold_path)
    scores = Scores()
    score_cells(_extract(form), gold, scores, form.name)
    assert scores.cell_errors == []
    assert sum(score.gold for score in scores.cells.values()) == sum(
        len(table.cells) for table in gold.tables.values()
    )


def test_at_least_six_real_reports_carry_gold_cells_in_their_published_forms():
    reports = {path.name for path in TABLE_GOLD}
    suffixes = {form.suffix for _, form in FORMS}
    assert len(reports) >= 6
    assert {".html", ".md", ".pdf", ".txt"} <= suffixes


def test_a_word_file_built_from_the_real_figures_reads_to_the_same_cells(tmp_path: Path):
    path = tmp_path / "huaian-2024.docx"
    path.write_bytes(huaian_docx())
    report = _extract(path)
    scores = Scores()
    score_cells(report, load_gold(CORPORA / "tables" / "huaian-2024.gold.yaml"), scores, "docx")
    assert scores.cell_errors == []
    assert [c for c in _table_checks(report) if c.status == "fail"] == []


def test_cell_spans_point_at_the_figures_the_report_wrote():
    report = _extract(CORPORA / "tables" / "huaian-2024.pdf")
    table3 = _table(report, "ogi.table3")
    start, end = table3.cell_spans["apps.result.unable.not_held.natural_person"]
    assert report.text[start:end] == "746"
    line = report.text[report.text.rfind("\n", 0, start) + 1 : report.text.find("\n", end)]
    assert line.startswith("（四）无\t1.本机关不掌握相关政府信息\t746\t12")


# --- broken forms of flattened text ------------------------------------------------------------


def _flat_report(lines: list[str]) -> Report:
    text = "\n".join(["三、收到和处理政府信息公开申请情况", HEADER, *lines, "五、存在的主要问题"])
    return _extract(text + "\n")


def _assert_table3_is_gold(report: Report, name: str = "huaian-2024") -> None:
    assert _table(report, "ogi.table3").cells == cells(name, "ogi.table3")


def _wrapped(label: str, width: int = 7) -> str:
    return "\n".join(label[i : i + width] for i in range(0, len(label), width))


BROKEN_FORMS = {
    "one-row-per-line": lambda: table3_lines(),
    "labels-split-over-lines": lambda: [
        f"{_wrapped(label)}\n{' '.join(values)}"
        for (_, label, _), values in zip(TABLE3_ROWS, table3_values(), strict=True)
    ],
    "characters-spaced-out": lambda: [
        "自 然 人 " + " ".join(" ".join(label) for label in LEGAL) + " 总 计",
        *(" ".join(line.split(" ", 1)[0]) + " " + line.split(" ", 1)[1] for line in table3_lines()),
    ],
    "page-footers-inside": lambda: [
        line + ("\n— 4 —" if number % 6 == 5 else "") for number, line in enumerate(table3_lines())
    ],
    "numbers-one-per-line": lambda: [
        label + "\n" + "\n".join(values)
        for (_, label, _), values in zip(TABLE3_ROWS, table3_values(), strict=True)
    ],
    "all-labels-then-175-numbers": lambda: [
        *(label for _, label, _ in TABLE3_ROWS),
        " ".join(value for values in table3_values() for value in values),
    ],
    "half-width-brackets": lambda: [
        line.replace("（", "(").replace("）", ")") for line in table3_lines()
    ],
    "group-label-joined-to-sub-row": lambda: [
        (f"{group}-{line}" if group else line)
        for (group, _, _), line in zip(TABLE3_ROWS, table3_lines(), strict=True)
    ],
    "ocr-slips-in-labels": lambda: [
        line.replace("不掌握", "不掌提").replace("已获取", "己获取").replace("补正后", "补止后")
        for line in table3_lines()
    ],
    "truncated-labels": lambda: [
        line.replace("、行政机关不再处理其政府信息公开申请", "") for line in table3_lines()
    ],
}


@pytest.mark.parametrize("form", BROKEN_FORMS, ids=list(BROKEN_FORMS))
def test_broken_flattened_forms_of_a_real_table_read_to_its_gold_cells(form: str):
    _assert_table3_is_gold(_flat_report(BROKEN_FORMS[form]()))


def test_traditional_script_labels_read_to_the_same_cells():
    converter = opencc.OpenCC("s2t")
    lines = [converter.convert(line) for line in table3_lines()]
    assert "結轉下年度繼續辦理" in lines[-1]
    _assert_table3_is_gold(_flat_report(lines))


def test_generic_column_headers_map_by_position():
    header = "| 项目 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |"
    rows = [
        f"| {label} | " + " | ".join(values) + " |"
        for (_, label, _), values in zip(TABLE3_ROWS, table3_values(), strict=True)
    ]
    text = "\n".join(["三、收到和处理政府信息公开申请情况", header, "|---" * 8 + "|", *rows])
    _assert_table3_is_gold(_extract(text + "\n"))


def test_fifteen_numbers_on_one_line_are_table_four():
    report = _extract(CORPORA / "tables" / "wendeng-xinfang-2022.txt")
    assert _table(report, "ogi.table4").cells == cells("wendeng-xinfang-2022", "ogi.table4")


def test_a_flattened_row_that_lost_its_blank_cells_is_reported_never_filled_in():
    lines = table3_lines()
    lines[4] = "1.属于国家秘密 2 2"  # the five blank cells of a real row vanished in the text
    report = _flat_report(lines)
    table3 = _table(report, "ogi.table3")
    assert not any(key.startswith("apps.result.withheld.state_secret.") for key in table3.cells)
    assert (
        "收到和处理政府信息公开申请情况: row 属于国家秘密: 2 values for 7 columns; "
        "blank cells cannot be placed in flattened text"
    ) in [problem.message for problem in report.problems]
    outcomes = [c for c in report.checks if c.rule == "ogi.table3.outcomes_total.v1"]
    assert {c.status for c in outcomes} == {"unverifiable"}
    assert "not read: 属于国家秘密·自然人" in outcomes[0].message


def test_a_local_subtotal_column_and_subtotal_rows_are_read_and_checked():
    values = table3_values()
    header = "自然人 法人或其他组织 商业企业 科研机构 社会公益组织 法律服务机构 其他 小计 总计"
    lines = [header]
    for (_, label, key), row in zip(TABLE3_ROWS, values, strict=True):
        subtotal = sum(int(v) for v in row[1:6])
        lines.append(f"{label} {' '.join(row[:6])} {subtotal} {row[6]}")
        if key == "apps.result.withheld.admin_query":
            sums = [sum(int(r[i]) for r in values[4:12]) for i in range(7)]
            lines.append(f"小计 {' '.join(map(str, sums[:6]))} {sum(sums[1:6])} {sums[6]}")
    report = _flat_report(lines)
    table3 = _table(report, "ogi.table3")
    assert table3.cells["apps.new_received.legal_subtotal"] == 118
    assert table3.cells["apps.result.withheld.total"] == 178
    rules = {c.rule: c.status for c in report.checks if "subtotal" in c.rule}
    assert rules == {
        "ogi.table3.legal_subtotal.v1": "pass",
        "ogi.table3.withheld_subtotal.v1": "pass",
    }


# --- identities: altered copies of real tables -------------------------------------------------


def _subtotals(table: dict) -> dict:
    """The 淮安 表三 as a local template would print it: a 法人或其他组织小计 column and a
    subtotal row under every group, all computed from the gold cells."""
    changed = dict(table)
    rows = {key.rsplit(".", 1)[0] for key in table}
    for row in rows:
        changed[f"{row}.legal_subtotal"] = sum(table[f"{row}.{c}"] for c in COLUMNS[1:6])
    for group in ("withheld", "unable", "not_processed", "other"):
        prefix = f"apps.result.{group}."
        for column in (*COLUMNS, "legal_subtotal"):
            changed[f"apps.result.{group}.{column}"] = sum(
                changed[f"{row}.{column}"] for row in rows if row.startswith(prefix)
            )
    return changed


def _without_carried_forward(table: dict) -> dict:
    return {k: (None if k.startswith("apps.carried_forward.") else v) for k, v in table.items()}


# identity id, gold report, template, variant of its cells, key altered, new value
ALTERATIONS = [
    ("ogi.table3.row_total.v1", "huaian-2024", "ogi.table3", None, "apps.result.granted.total", 1363),
    ("ogi.table3.legal_subtotal.v1", "huaian-2024", "ogi.table3", _subtotals, "apps.new_received.legal_subtotal", 119),
    ("ogi.table3.withheld_subtotal.v1", "huaian-2024", "ogi.table3", _subtotals, "apps.result.withheld.total", 179),
    ("ogi.table3.unable_subtotal.v1", "huaian-2024", "ogi.table3", _subtotals, "apps.result.unable.natural_person", 759),
    ("ogi.table3.not_processed_subtotal.v1", "huaian-2024", "ogi.table3", _subtotals, "apps.result.not_processed.legal_commercial", 7),
    ("ogi.table3.other_subtotal.v1", "huaian-2024", "ogi.table3", _subtotals, "apps.result.other.total", 188),
    ("ogi.table3.outcomes_total.v1", "huaian-2024", "ogi.table3", None, "apps.result.withheld.third_party.natural_person", 7),
    ("ogi.table3.balance.v1", "huaian-2024", "ogi.table3", None, "apps.carried_forward.natural_person", 104),
    ("ogi.table3.handled_within_received.v1", "huaian-2024", "ogi.table3", _without_carried_forward, "apps.result.total.total", 3200),
    ("ogi.table3.cells.v1", "huaian-2024", "ogi.table3", None, "apps.result.granted.legal_other", -3),
    ("ogi.table4.review_total.v1", "huaian-2024", "ogi.table4", None, "review.pending", 38),
    ("ogi.table4.litigation_direct_total.v1", "huaian-2024", "ogi.table4", None, "litigation_direct.other", 9),
    ("ogi.table4.litigation_after_review_total.v1", "huaian-2024", "ogi.table4", None, "litigation_after_review.upheld", 11),
    ("ogi.table4.cells.v1", "huaian-2024", "ogi.table4", None, "review.corrected", 6.4),
    ("ogi.table2.cells.v1", "huaian-2024", "ogi.table2", None, "proactive.regulations.issued", -1),
    ("ogi.table2.units.v1", "huaian-2024", "ogi.table2", None, "proactive.admin_fees.amount_wan_yuan", "元"),
    ("ogi.table2.published_within_total.v1", "shanghai-bgt-2019", "ogi.table2", None, "proactive.regulations.new_published", 600),
    ("ogi.table2.made_within_total.v1", "shanghai-bgt-2019", "ogi.table2", None, "proactive.normative_docs.new_made", 400),
]  # fmt: skip


def _gold_table(name: str, template: str, variant, **changes) -> Table:
    from tests.forms import gold

    entry = gold(name)["tables"][template]
    table_cells = cells(name, template)
    if variant is not None:
        table_cells = variant(table_cells)
    table_cells.update(changes.get("cells", {}))
    return Table(
        id="t1",
        template=template,
        version=entry["version"],
        cells=table_cells,
        units={**entry.get("units", {}), **changes.get("units", {})},
        span=(0, 0),
    )


def _checks_of(table: Table, year: int | None = 2024) -> list[Check]:
    checks = CheckList({}, 1)
    check_tables(checks, [table], OGI, year)
    return checks.checks


def test_every_identity_of_the_profile_has_an_altered_copy_below():
    assert {identity.id for identity in OGI.identities} == {case[0] for case in ALTERATIONS}


@pytest.mark.parametrize(
    ("rule", "name", "template", "variant", "key", "value"),
    ALTERATIONS,
    ids=[case[0] for case in ALTERATIONS],
)
def test_an_altered_copy_fails_the_identity_naming_the_changed_cell(
    rule, name, template, variant, key, value
):
    intact = _gold_table(name, template, variant)
    assert [c for c in _checks_of(intact) if c.rule == rule and c.status == "fail"] == []
    changes = {"units": {key: value}} if isinstance(value, str) else {"cells": {key: value}}
    altered = _gold_table(name, template, variant, **changes)
    failing = [c for c in _checks_of(altered) if c.rule == rule and c.status == "fail"]
    assert failing, f"{rule} did not fail"
    check = failing[0]
    assert f"t1:{key}" in check.cells
    assert OGI.cell_name(OGI.template(template), key) in check.message
    severity = next(identity.severity for identity in OGI.identities if identity.id == rule)
    assert check.severity == severity


def test_an_altered_figure_in_a_real_flattened_report_fails_its_row_and_column(tmp_path: Path):
    source = (CORPORA / "tables" / "huaian-2024.txt").read_text(encoding="utf-8")
    altered = source.replace("申请数量 3001 53", "申请数量 3002 53")
    assert altered != source
    path = tmp_path / "huaian-altered.txt"
    path.write_text(altered, encoding="utf-8")
    failing = {c.rule: c for c in _table_checks(_extract(path)) if c.status == "fail"}
    assert set(failing) == {"ogi.table3.row_total.v1", "ogi.table3.balance.v1"}
    assert failing["ogi.table3.balance.v1"].message.startswith(
        "一 + 二 = 三(七) + 四 (the 勾稽关系 printed in the table), in every column (自然人): "
        "本年新收政府信息公开申请数量·自然人 3002 + 上年结转政府信息公开申请数量·自然人 34 ≠ "
    )
    assert "the table states 3036, off by 1" in failing["ogi.table3.balance.v1"].message
    assert "t1:apps.new_received.natural_person" not in failing["ogi.table3.balance.v1"].cells
    assert any(
        cell.endswith(":apps.new_received.natural_person")
        for cell in failing["ogi.table3.balance.v1"].cells
    )


def test_reports_whose_tables_hold_have_no_failing_table_check():
    for form in ("huaian-2024.pdf", "huaian-2024.txt", "huaian-2024-pdfplumber.txt"):
        report = _extract(CORPORA / "tables" / form)
        checks = _table_checks(report)
        assert [c.message for c in checks if c.status != "pass"] == [], form
        assert len(checks) > 60


# --- a blank is not a zero ---------------------------------------------------------------------


@pytest.mark.parametrize("form", ["shuyang-fgj-2023.html", "shuyang-fgj-2023.md"])
def test_blank_cells_stay_blank_and_leave_the_identity_unverifiable(form: str):
    report = _extract(CORPORA / "tables" / form)
    table3 = _table(report, "ogi.table3")
    assert table3.cells["apps.new_received.legal_commercial"] is None
    assert table3.cells["apps.carried_over.natural_person"] == 0
    start, end = table3.cell_spans["apps.new_received.legal_commercial"]
    assert start == end
    row_total = next(
        c
        for c in report.checks
        if c.rule == "ogi.table3.row_total.v1" and "(本年新收政府信息公开申请数量)" in c.message
    )
    assert row_total.status == "unverifiable"
    assert row_total.message.endswith("with blanks read as 0 it would hold: 26 = 26")
    blank = next(c for c in report.checks if c.rule == "ogi.tables.blank_cells.v1")
    assert (blank.status, blank.severity) == ("fail", "warning")
    assert blank.message.startswith("125 of 175 cells are blank, not 0")


def test_a_dash_is_kept_as_written_apart_from_blank_and_zero():
    source = (CORPORA / "tables" / "shuyang-fgj-2023.md").read_text(encoding="utf-8")
    dashed = source.replace("| 26 |  |  |  |  |  | 26 |", "| 26 | / | / | / | / | / | 26 |")
    assert dashed != source
    report = _extract(dashed)
    table3 = _table(report, "ogi.table3")
    assert table3.cells["apps.new_received.legal_commercial"] == "/"
    assert table3.cells["apps.carried_over.legal_commercial"] is None
    assert table3.cells["apps.carried_over.natural_person"] == 0
    row_total = next(
        c
        for c in report.checks
        if c.rule == "ogi.table3.row_total.v1" and "(本年新收政府信息公开申请数量)" in c.message
    )
    assert row_total.status == "unverifiable"
    assert "not a number: 本年新收政府信息公开申请数量·商业企业" in row_total.message


def test_the_same_row_with_zeros_written_is_verified():
    zeros = {k: (0 if v is None else v) for k, v in cells("shuyang-fgj-2023", "ogi.table3").items()}
    table = Table(id="t1", template="ogi.table3", version="2021", cells=zeros, span=(0, 0))
    statuses = {c.status for c in _checks_of(table, 2023) if c.rule.startswith("ogi.table3")}
    assert statuses == {"pass"}


# --- the template version against the year ------------------------------------------------------


def test_a_2021_report_with_the_2019_columns_is_an_outdated_template():
    report = _extract(CORPORA / "ogi-table-01.txt")
    check = next(c for c in report.checks if c.rule == "ogi.tables.version.v1")
    assert (check.status, check.severity) == ("fail", "error")
    assert check.message == (
        "a report for 2021 uses the 2019 format; reports for 2021 must use the 2021 format "
        "(outdated template)"
    )


@pytest.mark.parametrize(
    ("version", "year", "status", "severity"),
    [
        ("2019", 2019, "pass", "info"),
        ("2019", 2020, "pass", "info"),
        ("2021", 2024, "pass", "info"),
        ("2019", 2022, "fail", "error"),
        ("2021", 2020, "fail", "warning"),
        ("2021", 2017, "fail", "warning"),
        ("2021", None, "unverifiable", "info"),
    ],
)
def test_version_against_year(version, year, status, severity):
    checks = CheckList({}, 1)
    table = Table(id="t1", template="ogi.table3", version=version, span=(0, 0))
    check_version(checks, table, OGI, year)
    assert [(c.status, c.severity) for c in checks.checks] == [(status, severity)]


# --- prose against table -----------------------------------------------------------------------


def _prose(report: Report) -> list[Check]:
    return [c for c in report.checks if c.rule.endswith(".prose.v1")]


def test_prose_figures_match_their_cells_in_a_real_report():
    report = _extract(CORPORA / "tables" / "huaian-2024.pdf")
    found = {c.message.split(": matches ")[1].split(" (")[0]: c.status for c in _prose(report)}
    assert found == {
        "新收申请": "pass",
        "本年度办理结果总计": "pass",
        "上年结转": "pass",
        "结转下年度": "pass",
        "行政复议总计": "pass",
        "行政复议结果维持": "pass",
        "行政复议结果纠正": "pass",
        "行政复议其他结果": "pass",
        "行政复议尚未审结": "pass",
        "行政诉讼总计": "pass",
        "行政诉讼结果维持": "pass",
        "行政诉讼结果纠正": "pass",
        "行政诉讼其他结果": "pass",
        "行政诉讼尚未审结": "pass",
    }
    received = next(c for c in _prose(report) if "(received)" in c.message)
    assert received.facts and received.cells == ["t2:apps.new_received.total"]


@pytest.mark.parametrize(
    ("stated", "status", "says"),
    [
        ("3153", "pass", "matches 新收加上年结转 (本年新收政府信息公开申请数量·总计 3119 + 上年结转政府信息公开申请数量·总计 34)"),
        ("3120", "fail", "but the table gives 新收申请 3119; 新收加上年结转 3153"),
        ("3001", "fail", "it equals 本年新收政府信息公开申请数量·自然人 (3001) instead"),
    ],
    ids=["new-plus-carried", "neither", "natural-person-column"],
)  # fmt: skip
def test_both_meanings_of_shouli_are_tried_and_the_matching_one_named(
    tmp_path: Path, stated: str, status: str, says: str
):
    source = (CORPORA / "tables" / "huaian-2024.txt").read_text(encoding="utf-8")
    path = tmp_path / "huaian.txt"
    path.write_text(
        source.replace("受理政府信息公开申请 3119 件", f"受理政府信息公开申请 {stated} 件")
    )
    check = next(c for c in _prose(_extract(path)) if "(received)" in c.message)
    assert check.status == status
    assert says in check.message


def test_outcome_figures_in_the_prose_are_compared_with_the_sums_of_their_rows(tmp_path: Path):
    # the figures are the real table's: 不予公开 2+31+5+6+8+12+9+105, 无法提供 769+11+1, …
    sentence = (
        "本年度予以公开1362件，部分公开454件，不予公开178件，无法提供781件，"
        "不予处理88件，其他处理187件。\n"
    )
    source = (CORPORA / "tables" / "huaian-2024.txt").read_text(encoding="utf-8")
    at = source.index("（三）政府信息管理情况")
    path = tmp_path / "huaian.txt"
    path.write_text(source[:at] + sentence + source[at:], encoding="utf-8")
    checks = {c.message.split(" (")[1].split(")")[0]: c.status for c in _prose(_extract(path))}
    for outcome in ("granted", "partial", "withheld", "unable", "not_processed"):
        assert checks[outcome] == "pass", outcome
    assert checks["other_processing"] == "pass"


def test_prose_quoting_a_single_cell_for_a_blank_total_is_named():
    report = _extract(CORPORA / "tables" / "shanghai-bgt-2019.html")
    check = next(c for c in _prose(report) if "258件" in c.message)
    assert check.status == "unverifiable"
    assert "(the rows' printed cells add up to 275)" in check.message
    assert check.message.endswith("it equals 予以公开·自然人 (258) instead")
    litigation = next(c for c in _prose(report) if "(litigation)" in c.message)
    assert "it equals 行政诉讼·未经复议直接起诉·总计 (9) instead" in litigation.message


def test_a_zero_stated_in_words_is_compared_with_the_table():
    report = _extract(CORPORA / "tables" / "shenjiju-2020.txt")
    messages = [c.message for c in _prose(report) if c.status == "pass"]
    assert "the text states 未出现 (review): matches 行政复议总计 (行政复议·总计 0)" in messages


# --- output for analysis -----------------------------------------------------------------------


def test_csv_output_writes_a_cells_file_that_loads_into_pandas(tmp_path: Path):
    import pandas
    from typer.testing import CliRunner

    from nlp_reports.cli import app

    out = tmp_path / "facts.csv"
    sources = [CORPORA / "tables" / name for name in ("huaian-2024.pdf", "shuyang-fgj-2023.html")]
    result = CliRunner().invoke(app, ["extract", *map(str, sources), "-f", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = pandas.read_csv(out.with_suffix(".cells.csv"))
    assert frame["number"].dtype.kind == "f"
    table3 = frame[frame["template"] == "ogi.table3"]
    wide = table3.pivot_table(index=["path", "row"], columns="column", values="number")
    pdf, html = (str(source) for source in sources)
    assert wide.loc[(pdf, "apps.result.total"), "total"] == 3050
    assert wide.loc[(html, "apps.new_received"), "natural_person"] == 26
    blank = table3[
        (table3["path"] == html) & (table3["key"] == "apps.new_received.legal_commercial")
    ]
    assert blank["blank"].tolist() == [True] and blank["number"].isna().all()
    assert len(table3[table3["path"] == pdf]) == 175


def test_eval_scores_table_cells_in_every_form():
    import json

    from typer.testing import CliRunner

    from nlp_reports.cli import app

    result = CliRunner().invoke(app, ["eval", str(CORPORA / "tables"), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["cell_documents"] == 9
    for template in ("ogi.table2", "ogi.table3", "ogi.table4"):
        assert scores["cells"][template]["recall"] == 1.0
        assert scores["cells"][template]["precision"] == 1.0


def test_check_recomputes_table_verdicts_for_an_edited_report():
    report = nlp_reports.extract(CORPORA / "tables" / "huaian-2024.txt").model_copy(deep=True)
    table3 = _table(report, "ogi.table3")
    table3.cells["apps.result.granted.legal_law_firm"] = 51
    failing = {c.rule for c in nlp_reports.check(report) if c.status == "fail"}
    assert {"ogi.table3.row_total.v1", "ogi.table3.outcomes_total.v1"} <= failing
