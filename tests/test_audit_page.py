"""The audit page without a browser: layout, escaping, policy, words, files and the --html option.

The layout must show every character of the report once, every fact once, and mark exactly the
text each check used; the HTML must carry report text only as escaped text. What a person sees
and does in a real browser is in test_audit_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

import nlp_reports
from nlp_reports.audit import AuditPages, page_name, render_page
from nlp_reports.audit.layout import (
    Heading,
    TableGrid,
    TableLines,
    block_runs,
    layout_blocks,
)
from nlp_reports.audit.render import check_groups, display_value
from nlp_reports.audit.words import _read_words_file, load_words
from nlp_reports.cli import app
from nlp_reports.errors import OptionError, ProfileError
from nlp_reports.records import Check, Fact, Table
from tests.conftest import CORPORA, GOLD_PATHS, SEED, corpus_id

SEED_TEXT = SEED.read_text(encoding="utf-8")
HOSTILE_LINES = (
    "<script>window.__pwned = 1</script>",
    '</textarea><img src=x onerror="window.__pwned = 2">',
    '<style>body{display:none}</style><a href="javascript:window.__pwned=3">點我</a>',
)


def hostile_seed_text() -> str:
    """The seed report with markup in a paragraph, a line of its own and a heading."""
    return (
        SEED_TEXT.replace("基本介紹", "基本介紹" + HOSTILE_LINES[0], 1)
        .replace("全文\n", "全文\n" + HOSTILE_LINES[1] + "\n", 1)
        .replace(
            "四、政府信息公開的收費及減免情況",
            "四、政府信息公開的收費及減免情況" + HOSTILE_LINES[2],
            1,
        )
    )


def shown_text(blocks) -> str:
    return "".join(run.text for block in blocks for run in block_runs(block))


@pytest.mark.parametrize("gold_path", GOLD_PATHS, ids=corpus_id)
def test_layout_shows_every_character_and_every_fact_once(corpus_reports, gold_path):
    _, report = corpus_reports[corpus_id(gold_path)]
    blocks = layout_blocks(report)
    assert re.sub(r"\s", "", shown_text(blocks)) == re.sub(r"\s", "", report.text)
    anchored = [run.fact.id for block in blocks for run in block_runs(block) if run.starts_fact]
    assert sorted(anchored) == sorted(fact.id for fact in report.facts)
    for block in blocks:
        for run in block_runs(block):
            if run.fact:
                assert run.text == run.fact.text


@pytest.mark.parametrize("gold_path", GOLD_PATHS, ids=corpus_id)
def test_evidence_pieces_are_exactly_the_text_each_check_used(corpus_reports, gold_path):
    _, report = corpus_reports[corpus_id(gold_path)]
    pieces = [
        piece
        for block in layout_blocks(report)
        for run in block_runs(block)
        for piece in run.pieces
    ]
    for check in report.checks:
        marked = "".join(piece.text for piece in pieces if check.id in piece.evidence)
        used = "".join(report.text[a:b] for a, b in sorted(set(check.spans)))
        assert marked == used, check.id


def test_failing_seed_check_marks_its_three_facts():
    report = nlp_reports.extract(SEED_TEXT.replace("即辦件24633件", "即辦件24663件"))
    failing = [check for check in report.checks if check.status == "fail"]
    assert [check.rule for check in failing] == ["parts_sum.v1", "share.v1"]
    html = render_page(report)
    parts_sum = failing[0]
    marked = re.findall(
        rf'<span class="ev" data-ev="[^"]*\b{parts_sum.id}\b[^"]*">([^<]*)</span>', html
    )
    assert marked == ["127676件", "24663件", "103043件"]


class _Elements(HTMLParser):
    """Counts start tags by (tag, class) and keeps the text, as a browser would parse it."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = tag

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in in ("script", "style"):
            self.scripts.append(data)
        else:
            self.text.append(data)


def parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def test_report_markup_is_text_on_the_page(tmp_path: Path):
    report = nlp_reports.extract(hostile_seed_text())
    html = render_page(report)
    elements = parse(html)
    assert not [tag for tag, _ in elements.tags if tag in {"img", "textarea"}]
    assert not [attrs for tag, attrs in elements.tags if "javascript" in (attrs.get("href") or "")]
    assert sum(1 for tag, _ in elements.tags if tag == "script") == 2
    assert sum(1 for tag, _ in elements.tags if tag == "style") == 1
    text = "".join(elements.text)
    for line in HOSTILE_LINES:
        assert line in text
    assert "&lt;script&gt;window.__pwned = " in html


def test_hostile_file_name_is_escaped_in_the_page(tmp_path: Path):
    path = tmp_path / '<img src=x onerror="window.__pwned=4">.txt'
    path.write_text(SEED_TEXT, encoding="utf-8")
    html = render_page(nlp_reports.extract(path))
    assert not [tag for tag, _ in parse(html).tags if tag == "img"]
    assert "&lt;img src=x onerror=&#34;window.__pwned=4&#34;&gt;.txt" in html


def test_policy_allows_only_the_page_own_style_and_script(seed_report):
    html = render_page(seed_report)
    policy = unescape(
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    )
    assert "default-src 'none'" in policy
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    for source in (style, script):
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "http://" not in policy and "https://" not in policy
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)


def test_page_shows_metadata_summary_outline_and_groups(seed_report):
    html = render_page(seed_report)
    assert '<html lang="zh-Hant">' in html
    assert "<h1>雲浮市人民政府辦公室2015年政府信息公開工作年度報告</h1>" in html
    assert seed_report.source.sha256 in html
    assert f"事實 {len(seed_report.facts)} 項" in html
    assert f"核查 {len(seed_report.checks)} 項" in html
    passing = sum(1 for check in seed_report.checks if check.status == "pass")
    assert f'<span class="verdict-count status-pass">通過 {passing}</span>' in html
    assert (
        '<a href="#sec-s13">存在問題及改進措施</a> <span class="section-type">存在的主要問題及改進情況</span>'
        in html
    )
    assert html.count('class="check-select"') == len(seed_report.checks)
    assert html.count("<mark class=") == len(seed_report.facts)


def test_page_language_follows_the_report_script(corpus_reports):
    _, simplified = corpus_reports["ogi-prose-19"]
    assert simplified.script == "simplified"
    assert '<html lang="zh-Hans">' in render_page(simplified)
    english = nlp_reports.extract("Annual report 2015. Received 4 requests.")
    html = render_page(english)
    assert '<html lang="en">' in html and "Consistency audit" in html


def test_checks_are_grouped_failing_first_errors_first():
    def check(number: int, status: str, severity: str) -> Check:
        return Check(id=f"c{number}", rule="r.v1", status=status, severity=severity, message="")

    checks = [
        check(1, "pass", "info"),
        check(2, "unverifiable", "info"),
        check(3, "fail", "warning"),
        check(4, "fail", "error"),
    ]
    groups = [(status, [c.id for c in members]) for status, members in check_groups(checks)]
    assert groups == [("fail", ["c4", "c3"]), ("unverifiable", ["c2"]), ("pass", ["c1"])]


TABLE_TEXT = "三、收到和处理政府信息公开申请情况\n项目\t自然人\t总计\n本年新收申请数量\t12件\t12件\n结转下年度\t<b>0</b>\t0\n"


def table_report(grid: list[list[str]]):
    report = nlp_reports.extract(TABLE_TEXT)
    start = TABLE_TEXT.index("项目")
    key_start = TABLE_TEXT.index("12件")
    table = Table(
        id="t1",
        template="ogi.table3",
        version="2021",
        grid=grid,
        cells={"apps.new_received.natural_person": 12},
        cell_spans={"apps.new_received.natural_person": (key_start, key_start + 3)},
        span=(start, len(TABLE_TEXT)),
    )
    return report.model_copy(update={"tables": [table]})


def test_table_is_shown_as_a_grid_with_its_facts_and_keys():
    report = table_report(
        [
            ["项目", "自然人", "总计"],
            ["本年新收申请数量", "12件", "12件"],
            ["结转下年度", "<b>0</b>", "0"],
        ]
    )
    assert [f.text for f in report.facts if f.kind == "count"] == ["12件", "12件"]
    blocks = layout_blocks(report)
    assert isinstance(blocks[0], Heading)
    grid = blocks[1]
    assert isinstance(grid, TableGrid)
    assert [[cell.text for cell in row] for row in grid.rows][1] == [
        "本年新收申请数量",
        "12件",
        "12件",
    ]
    assert grid.rows[1][1].key == "apps.new_received.natural_person"
    assert grid.rows[1][1].runs[0].fact.text == "12件"
    html = render_page(report)
    assert (
        '<td data-key="apps.new_received.natural_person" title="apps.new_received.natural_person"><mark'
        in html
    )
    assert re.search(r"<td>&lt;b&gt;<mark [^>]*>0</mark>&lt;/b&gt;</td>", html)
    assert not [tag for tag, _ in parse(html).tags if tag == "b"]


MERGED_TEXT = "项目\t申请人情况\n自然人\t法人\t总计\n本年新收申请数量\t12件\t3件\t15件\n"


def test_expanded_merged_cells_are_shown_as_copies_without_facts():
    report = nlp_reports.extract(MERGED_TEXT)
    start = MERGED_TEXT.index("项目")
    grid = [
        ["项目", "申请人情况", "申请人情况", "申请人情况"],
        ["项目", "自然人", "法人", "总计"],
        ["本年新收申请数量", "12件", "3件", "15件"],
    ]
    table = Table(id="t1", grid=grid, span=(start, len(MERGED_TEXT)))
    block = layout_blocks(report.model_copy(update={"tables": [table]}))[0]
    assert isinstance(block, TableGrid)
    assert [[cell.merged for cell in row] for row in block.rows] == [
        [False, False, True, True],
        [True, False, False, False],
        [False, False, False, False],
    ]
    assert [run.fact.text for cell in block.rows[2] for run in cell.runs if run.fact] == [
        "12件",
        "3件",
        "15件",
    ]
    html = render_page(report.model_copy(update={"tables": [table]}))
    assert (
        html.count(
            '<th scope="col" class="merged" title="与左侧或上方的单元格合并">申请人情况</th>'
        )
        == 2
    )


def test_table_whose_cells_are_not_in_the_text_is_shown_as_its_lines():
    report = table_report([["项目", "自然人", "总计"], ["本年新收申请数量", "13件", "12件"]])
    table = layout_blocks(report)[1]
    assert isinstance(table, TableLines)
    assert "".join(run.text for run in table.lines[1]) == "本年新收申请数量\t12件\t12件"
    assert [run.fact.text for run in table.lines[1] if run.fact and run.fact.kind == "count"] == [
        "12件",
        "12件",
    ]
    assert "按原文逐行显示" in render_page(report)


def test_overlapping_facts_mark_the_first_and_link_only_to_marked_ones(seed_report):
    year = next(fact for fact in seed_report.facts if fact.text == "2015年")
    inner = year.model_copy(
        update={"id": "f999", "text": "2015", "span": (year.span[0], year.span[0] + 4)}
    )
    check = Check(
        id="c99",
        rule="r.v1",
        status="pass",
        severity="info",
        message="",
        facts=["f999"],
        spans=[inner.span],
    )
    report = seed_report.model_copy(
        update={"facts": [*seed_report.facts, inner], "checks": [check]}
    )
    runs = [run for block in layout_blocks(report) for run in block_runs(block) if run.fact]
    assert [run.fact.id for run in runs if run.fact.id in (year.id, "f999")] == [year.id]
    html = render_page(report)
    assert 'id="fact-f999"' not in html
    assert re.search(r'<p class="evidence-links">.*?<span>2015</span>', html, re.S)


def test_a_line_break_inside_a_fact_does_not_split_the_paragraph():
    text = "二、依申请公开情况\n共受理申请12\n件,均已办结。\n无其他事项。"
    report = nlp_reports.extract(text)
    start = text.index("12\n件")
    broken = Fact(
        id="f99", kind="count", value=12, unit="件", text="12\n件", span=(start, start + 4)
    )
    report = report.model_copy(update={"facts": [broken]})
    paragraphs = [block for block in layout_blocks(report) if not isinstance(block, Heading)]
    assert ["".join(run.text for run in block.runs) for block in paragraphs] == [
        "共受理申请12\n件,均已办结。",
        "无其他事项。",
    ]
    assert [run.fact.id for run in paragraphs[0].runs if run.fact] == ["f99"]


def test_layout_needs_the_report_text(seed_report):
    with pytest.raises(ValueError, match="needs a Report that carries its text"):
        layout_blocks(seed_report.model_copy(update={"text": None}))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (127676.0, "127676"),
        (19.293368, "19.293368"),
        (0.005, "0.005"),
        (24633, "24633"),
        (None, ""),
    ],
)
def test_values_are_shown_without_float_noise(value, shown):
    assert display_value(value) == shown


def test_words_exist_in_every_language_and_traditional_is_converted():
    english, simplified, traditional = (load_words(lang) for lang in ("en", "zh-Hans", "zh-Hant"))
    assert english.keys() == simplified.keys() == traditional.keys()
    assert simplified["checks"] == "核查结果"
    assert traditional["checks"] == "核查結果"
    assert traditional["status"]["unverifiable"] == "無法核驗"
    assert english["kind"]["percentage_point"] == "percentage point"


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        (
            "words: {}\nkind: {}\nstatus: {}\nseverity: {}\napprox: {}\nscript: {}\n",
            "words.yaml: kind: no words for count, date",
        ),
        ("words:\n  a: {en: '{n} facts', zh-Hans: 事实}\n", "have different placeholders"),
        ("words: [unclosed\n", "not valid YAML"),
    ],
)
def test_a_broken_words_file_is_one_line_naming_the_file(tmp_path: Path, content, cause):
    path = tmp_path / "words.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ProfileError) as raised:
        _read_words_file(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert cause in message
    assert "\n" not in message


def test_page_names_are_unique_and_safe():
    taken: set[str] = set()
    names = [
        page_name(path, taken) for path in ("a/报告.txt", "b/报告.txt", "index.txt", "x/..txt")
    ]
    assert names == ["报告.html", "报告-2.html", "index-report.html", "report.html"]


def test_one_page_file_for_many_inputs_is_refused(tmp_path: Path):
    with pytest.raises(OptionError, match="one page file holds one report, but 2 inputs"):
        AuditPages(tmp_path / "out.html", inputs=2)


runner = CliRunner()


def test_check_html_writes_one_page_for_one_input(tmp_path: Path):
    out = tmp_path / "pages" / "seed.html"
    result = runner.invoke(app, ["check", str(SEED), "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert f"audit page: {out}" in result.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "全部文件" not in html


def test_check_html_folder_has_a_page_per_report_and_an_index(tmp_path: Path):
    altered = tmp_path / "altered.txt"
    altered.write_text(SEED_TEXT.replace("即辦件24633件", "即辦件24663件"), encoding="utf-8")
    missing = tmp_path / "absent.txt"
    out = tmp_path / "audit"
    result = runner.invoke(
        app,
        [
            "check",
            str(SEED),
            str(altered),
            str(CORPORA / "ogi-prose-14.txt"),
            str(missing),
            "--html",
            str(out),
        ],
    )
    assert result.exit_code == 2, result.output
    assert f"audit pages: {out / 'index.html'} (3 pages)" in result.stderr
    assert sorted(path.name for path in out.iterdir()) == [
        "000_2e44ad171ca045ec.html",
        "altered.html",
        "index.html",
        "ogi-prose-14.html",
    ]
    index = (out / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr class=\"([^\"]*)\">\s*<th scope=\"row\" data-sort=\"([^\"]+)\">", index)
    assert rows == [
        ("", str(SEED)),
        ("has-fail", str(altered)),
        ("has-fail", str(CORPORA / "ogi-prose-14.txt")),
        ("has-error", str(missing)),
    ]
    assert '<a href="altered.html">' in index
    assert "read: no such file" in index
    assert '<a href="index.html">' in (out / "altered.html").read_text(encoding="utf-8")


def test_check_html_file_for_a_folder_is_a_usage_error(tmp_path: Path):
    result = runner.invoke(app, ["check", str(CORPORA), "--html", str(tmp_path / "one.html")])
    assert result.exit_code == 2
    assert "one page file holds one report" in " ".join(
        re.sub(r"[│╭╮╰╯─]", " ", result.output).split()
    )
    assert not (tmp_path / "one.html").exists()
