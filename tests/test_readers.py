"""readers: HTML, DOCX, PDF and Markdown into text with tables as grids; hostile inputs refused.

The published forms come from corpora/tables (real reports); the DOCX form is built inside the
tests from the real 淮安 figures (tests/forms.py), since no real Word report is bundled.
"""

from __future__ import annotations

import builtins
import io
import zipfile
from pathlib import Path

import pytest

from nlp_reports.errors import InputError, MissingExtraError
from nlp_reports.read import read_bytes, read_path
from nlp_reports.readers import docx as docx_reader
from nlp_reports.readers.html import read_html
from tests.conftest import CORPORA
from tests.forms import huaian_docx

TABLES = CORPORA / "tables"


def test_html_page_keeps_the_report_and_drops_the_page_around_it():
    document = read_path(TABLES / "shuyang-fgj-2023.html")
    text = document.text
    assert document.format == "html"
    assert text.startswith("沭阳县发展和改革局2023年政府信息公开年度报告\n")
    assert "统计时限为2023年1月1日至2023年12月31日" in text  # 20</span><span>23 joined
    for page_furniture in ("繁體版", "无障碍", "智能问答", "索引号", "采集时间", "getFullYear"):
        assert page_furniture not in text
    assert "六、其他需要报告的事项" in text


def test_html_tables_become_grids_with_merged_cells_expanded():
    document = read_path(TABLES / "shanghai-bgt-2019.html")
    table3 = document.tables[1]
    header = table3.grid[0]
    assert (
        header[:3] == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] * 3
    )
    assert header[3:] == ["申请人情况"] * 7
    withheld = next(row for row in table3.grid if row[2] == "2.其他法律行政法规禁止公开")
    assert withheld[:2] == ["三、本年度办理结果", "（三）不予公开"]  # rowspan 20 and 8
    assert withheld[3:] == [""] * 7  # &nbsp; cells are blank
    for row, spans in zip(table3.grid, table3.grid_spans, strict=True):
        for cell, (start, end) in zip(row, spans, strict=True):
            assert document.text[start:end] == cell


def test_html_cell_lines_put_every_number_on_its_own():
    text = read_path(TABLES / "shanghai-bgt-2019.html").text
    assert "一、本年新收政府信息公开申请数量\t821\t35\t\t\t2\t1\t859\n" in text
    assert "政府集中采购\t6\t251000元\n" in text


@pytest.mark.parametrize(
    ("markup", "cause"),
    [
        ("<div>" * 1500 + "深" + "</div>" * 1500, "HTML nested deeper than 1000 elements"),
        (
            '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            "<html><body><p>&xxe;报告</p></body></html>",
            "HTML declares XML entities",
        ),
    ],
    ids=["deeply-nested", "external-entity"],
)
def test_hostile_html_is_a_one_line_error_naming_the_file(tmp_path: Path, markup: str, cause: str):
    path = tmp_path / "page.html"
    path.write_text(markup, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_path(path)
    assert str(raised.value).startswith(f"{path}: {cause}")
    assert "\n" not in str(raised.value)


def test_scripts_styles_and_menus_never_reach_the_text():
    page = (
        "<html><head><style>p{color:red}</style><script>var x='报告';</script></head><body>"
        "<nav><a href='/'>首页</a><a href='/a'>政务公开</a></nav>"
        "<div id='main'><p>一、总体情况</p><p>本年度共受理政府信息公开申请4件。</p>"
        "<script>document.write('受理申请999件')</script><noscript>请启用脚本</noscript></div>"
        "<form><select><option>2019年报</option></select><button>搜索</button></form>"
        "</body></html>"
    )
    document = read_html(page.encode(), "page.html")
    assert document.text == "一、总体情况\n本年度共受理政府信息公开申请4件。\n"


def test_docx_paragraphs_and_tables_in_document_order_with_merges():
    document = read_bytes(huaian_docx(), "huaian.docx")
    assert document.format == "docx"
    lines = document.text.splitlines()
    assert lines[0] == "淮安市人民政府2024年政府信息公开工作年度报告"
    assert lines.index("三、收到和处理政府信息公开申请情况") < lines.index(
        "一、本年新收政府信息公开申请数量\t3001\t53\t0\t0\t61\t4\t3119"
    )
    table3 = document.tables[1]
    secret = next(row for row in table3.grid if row[2] == "1.属于国家秘密")
    assert secret[:2] == ["三、本年度办理结果", "（三）不予公开"]  # vertical merges
    first = table3.grid[3]
    assert first[:3] == ["一、本年新收政府信息公开申请数量"] * 3  # horizontal merge


def test_docx_zip_bomb_is_refused_before_decompressing(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_EXPANDED_BYTES", 1_000_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 5_000_000)
    path = tmp_path / "bomb.docx"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 20_000
    with pytest.raises(InputError, match=r"DOCX would expand to 5000000 bytes, more than"):
        read_path(path)


def test_a_zip_that_is_not_a_word_document_is_an_error(tmp_path: Path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
    path = tmp_path / "book.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError, match="not a Word document"):
        read_path(path)


def test_pdf_text_and_ruled_tables_with_merged_cells_across_a_page_break():
    document = read_path(TABLES / "huaian-2024.pdf")
    assert document.format == "pdf"
    assert "- 4 -" not in document.text and "- 5 -" not in document.text
    assert "全市共受理政府信息公开申请 3119 件，答复 3050 件" in document.text  # one paragraph
    table3 = next(t for t in document.tables if any("（七）总计" in row for row in t.grid))
    labels = [row[2] for row in table3.grid]
    assert "2.没有现成信息需要另行制作" in labels  # the part after the page break joined on
    assert table3.grid[-1][-1] == "103"


def test_a_file_that_claims_to_be_a_pdf_but_is_not(tmp_path: Path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7\n%garbage that is no PDF at all\n")
    with pytest.raises(InputError) as raised:
        read_path(path)
    assert str(raised.value).startswith(f"{path}: not a readable PDF")


def test_a_scanned_pdf_without_text_says_ocr_is_needed(tmp_path: Path):
    import pypdfium2

    pdf = pypdfium2.PdfDocument.new()
    pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    document = read_bytes(buffer.getvalue(), "scan.pdf")
    assert document.text == ""
    assert [p.message for p in document.problems] == [
        "PDF has no text layer (scanned images): OCR is needed to read it"
    ]


def test_markdown_keeps_its_text_and_finds_pipe_tables_with_blank_cells():
    path = TABLES / "shanghai-bgt-2019.md"
    document = read_path(path)
    assert document.format == "markdown"
    assert document.text == path.read_text(encoding="utf-8")
    table3 = document.tables[1]
    row = next(r for r in table3.grid if r[0] == "一、本年新收政府信息公开申请数量")
    assert row == ["一、本年新收政府信息公开申请数量", "", "", "821", "35", "", "", "2", "1", "859"]
    spans = table3.grid_spans[table3.grid.index(row)]
    assert [document.text[s:e] for s, e in spans][3:5] == ["821", "35"]


@pytest.mark.parametrize(
    ("module", "data", "extra"),
    [
        ("selectolax", b"<html><body><p>x</p></body></html>", "html"),
        ("pdfplumber", b"%PDF-1.7\n", "pdf"),
        ("docx", huaian_docx(), "docx"),
    ],
    ids=["html", "pdf", "docx"],
)
def test_a_missing_extra_is_a_one_line_message_naming_it(monkeypatch, module, data, extra):
    real_import = builtins.__import__

    def refuse(name, *args, **kwargs):
        if name == module or name.startswith(module + "."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    with pytest.raises(MissingExtraError) as raised:
        read_bytes(data, "input")
    message = str(raised.value)
    assert message.endswith(f"needs the '{extra}' extra: pip install 'nlp-reports[{extra}]'")
    assert "\n" not in message
