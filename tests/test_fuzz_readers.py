"""A bounded fuzz run of the readers: whatever bytes arrive, reading ends as a document or a one-line
InputError, and a document that was read goes through the whole pipeline.

The readers are called directly, not through the batch, which turns any exception into an error
record and would hide a crash. Inputs: real files of each format (a page of the corpus PDF, the
corpus HTML, a Word document built from corpus text, corpus text in each encoding) with bytes
flipped, cut, repeated and spliced; HTML trees built from hostile parts (deep nesting, absurd
spans, unclosed tags, entities, scripts); Word packages whose XML is damaged the same way; any
bytes behind each format's signature. Example counts and deadlines keep the run to seconds.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from nlp_reports.errors import InputError
from nlp_reports.pipeline import extract_document
from nlp_reports.read import Document, decode, read_bytes
from tests.conftest import CORPORA, SEED

TABLES = CORPORA / "tables"
FUZZ = settings(
    max_examples=60,
    deadline=3000,  # ms; parsing one mutated page of PDF takes a fifth of that
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Bytes that mean something to one of the parsers, for insertion at random places.
TOKENS = (
    b"\x00", b"\xff", b"\xef\xbb\xbf", b"\xe4\xb8", b"<", b">", b"</div>", b"<table>", b"<td",
    b" colspan=999999", b"&#99999999;", b"&bogus;", b"<!ENTITY", b"<![CDATA[", b"-->",
    b"%PDF-", b"endobj", b"stream", b"xref", b"trailer", b"<<", b">>", b"/Length 999999999",
    b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06", b"\n", b"\r", "共4件".encode(),
    "萬億".encode("big5"), "其中".encode("gb18030"),
)  # fmt: skip


def assert_read_or_refused(data: bytes, name: str) -> Document | None:
    """Reading gives a well-formed document, or a one-line InputError naming the input."""
    try:
        document = read_bytes(data, name)
    except InputError as error:
        message = str(error)
        assert message.startswith(f"{name}: ") and "\n" not in message, message
        return None
    text = document.text
    assert isinstance(text, str)
    for table in document.tables:
        assert 0 <= table.span[0] <= table.span[1] <= len(text)
        for start, end in table.cell_spans.values():
            assert 0 <= start <= end <= len(text)
    return document


def assert_extracts(document: Document) -> None:
    """The whole pipeline takes any document that was read, and its spans slice the text."""
    report = extract_document(document)
    assert report.text == document.text
    for fact in report.facts:
        assert document.text[fact.span[0] : fact.span[1]] == fact.text


def assert_handled(data: bytes, name: str) -> None:
    """Read or refused; if read, extracted. Hypothesis's statistics show how often each."""
    document = assert_read_or_refused(data, name)
    event("refused" if document is None else f"read as {document.format}")
    if document is not None:
        assert_extracts(document)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """``original`` with a few byte-level accidents: flips, cuts, repeats, splices, tokens."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["flip", "cut", "delete", "repeat", "insert", "token"]))
        if kind == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "cut":
            del data[at:]
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 256))] * draw(st.integers(2, 20))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            data[at:at] = draw(st.sampled_from(TOKENS))
    return bytes(data)


@cache
def pdf_page() -> bytes:
    """The first page of the corpus PDF, as a PDF of its own (one page parses in a fifth of a
    second, the six in half a second)."""
    pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 (pdfplumber's renderer) cuts pages")
    source = pdfium.PdfDocument(str(TABLES / "huaian-2024.pdf"))
    page = pdfium.PdfDocument.new()
    page.import_pages(source, [0])
    buffer = io.BytesIO()
    page.save(buffer)
    return buffer.getvalue()


@cache
def word_document() -> bytes:
    """A Word document from corpus text: a heading, paragraphs, a table with merged cells."""
    import docx

    document = docx.Document()
    document.add_heading("雲浮市人民政府辦公室2015年政府信息公開工作年度報告", level=1)
    for line in SEED.read_text(encoding="utf-8").splitlines()[:12]:
        document.add_paragraph(line)
    table = document.add_table(rows=4, cols=3)
    for row, values in enumerate([("项目", "件数", "占比"), ("即办件", "24633", "19.29%")]):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    table.cell(2, 0).merge(table.cell(3, 0))
    table.cell(2, 1).merge(table.cell(2, 2))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _repackaged(package: bytes, xml: bytes) -> bytes:
    """The Word package with another word/document.xml."""
    source = zipfile.ZipFile(io.BytesIO(package))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = xml if member.filename == "word/document.xml" else source.read(member)
            target.writestr(member.filename, content)
    return buffer.getvalue()


@st.composite
def damaged_word_xml(draw: st.DrawFn) -> bytes:
    """The Word package, its document XML damaged: spans out of range, tags lost, entities."""
    package = word_document()
    xml = zipfile.ZipFile(io.BytesIO(package)).read("word/document.xml").decode("utf-8")
    value = st.sampled_from(["0", "-1", "999999", "abc", "", "restart", "continue"])
    xml = regex.sub(r'(w:gridSpan w:val=)"\d+"', lambda m: f'{m[1]}"{draw(value)}"', xml)
    xml = regex.sub(r'(<w:vMerge)(?: w:val="\w+")?', lambda m: f'{m[1]} w:val="{draw(value)}"', xml)
    damage = draw(st.sampled_from(["spans only", "a tag lost", "entities"]))
    if damage == "a tag lost":
        at = draw(st.sampled_from([m.start() for m in regex.finditer(r"</?w:\w+", xml)]))
        xml = xml[:at] + xml[at:].split(">", 1)[-1]
    if damage == "entities":
        entity = draw(
            st.sampled_from(['<!ENTITY e "共4件">', '<!ENTITY e SYSTEM "file:///etc/passwd">'])
        )
        xml = xml.replace("?>", f"?><!DOCTYPE w:document [{entity}]>", 1)
        xml = xml.replace("<w:t>", "<w:t>&e;", 1)
    return _repackaged(package, xml.encode("utf-8"))


TEXT_LEAF = st.one_of(
    st.sampled_from(["共4件", "其中即办件24633件,占总数19.29%", "2015年", "萬億", " ", "\n"]),
    st.sampled_from(["&nbsp;", "&#20849;", "&#x4e00;", "&#99999999;", "&bogus;", "&amp;"]),
    st.sampled_from(["<!-- 注释 -->", "<![CDATA[ 共5件 ]]>", "<br>", "<br/>", "</p>", "<td>"]),
    st.text(max_size=12),
)
CONTAINERS = ("div", "p", "span", "table", "tbody", "tr", "td", "th", "b", "font", "ul", "li")
NEVER_TEXT = ("script", "style", "noscript", "template", "iframe", "title", "caption")
TAGS = st.sampled_from((*CONTAINERS, *NEVER_TEXT))
SPAN = st.one_of(st.integers(-3, 12).map(str), st.sampled_from(["999999", "1e9", "x", ""]))


@st.composite
def element(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    tag = draw(TAGS)
    attributes = ""
    if tag in {"td", "th"}:
        attributes = f' rowspan="{draw(SPAN)}" colspan="{draw(SPAN)}"'
    inner = "".join(draw(st.lists(children, max_size=5)))
    closing = f"</{tag}>" if draw(st.integers(0, 4)) else ""  # now and then left open
    return f"<{tag}{attributes}>{inner}{closing}"


HTML_TREES = st.recursive(TEXT_LEAF, lambda children: element(children), max_leaves=40).map(
    lambda body: f"<!DOCTYPE html><html><head><title>报告</title></head><body>{body}</body></html>"
)


@FUZZ
@given(HTML_TREES)
@example("<html><body>" + "<div>" * 999 + "共4件" + "</div>" * 999 + "</body></html>")
@example("<html><body><table><tr><td rowspan=1000000 colspan=1000000>1</td></tr></table>")
def test_generated_html_is_read_or_refused(page: str):
    assert_handled(page.encode("utf-8"), "page.html")


@FUZZ
@given(st.sampled_from(sorted(TABLES.glob("*.html"))).flatmap(lambda p: mutated(p.read_bytes())))
def test_damaged_html_is_read_or_refused(data: bytes):
    assert_handled(data, "page.html")


@settings(FUZZ, max_examples=15)
@given(st.builds(pdf_page).flatmap(mutated))
def test_damaged_pdf_is_read_or_refused(data: bytes):
    assert_handled(data, "report.pdf")


@settings(FUZZ, max_examples=30)
@given(st.one_of(damaged_word_xml(), st.builds(word_document).flatmap(mutated)))
def test_damaged_word_documents_are_read_or_refused(data: bytes):
    assert_handled(data, "report.docx")


def _with_doctype(doctype: str, reference: str) -> bytes:
    package = word_document()
    xml = zipfile.ZipFile(io.BytesIO(package)).read("word/document.xml").decode("utf-8")
    xml = xml.replace("?>", f"?><!DOCTYPE w:document [{doctype}]>", 1)
    return _repackaged(package, xml.replace("<w:t>", f"<w:t>{reference}", 1).encode("utf-8"))


def test_a_word_document_that_reads_a_local_file_through_an_entity_does_not():
    entity = '<!ENTITY xxe SYSTEM "file:///etc/passwd">'
    document = assert_read_or_refused(_with_doctype(entity, "&xxe;"), "report.docx")
    assert document is not None
    assert "root:" not in document.text
    assert "政府信息公開工作年度報告" in document.text


def test_a_word_document_whose_entities_multiply_is_refused():
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(9))
    with pytest.raises(InputError, match=r"^report\.docx: not a readable Word document: "):
        read_bytes(_with_doctype(laughs, "&l8;"), "report.docx")


def test_the_intact_samples_are_read():
    """The fuzzed originals themselves are read, so the damage, not the sample, makes errors."""
    for data, name, expected in [
        (pdf_page(), "report.pdf", "2024 年政府信息公开工作年度报告"),
        (word_document(), "report.docx", "24633"),
        ((TABLES / "shuyang-fgj-2023.html").read_bytes(), "page.html", "政府信息公开"),
    ]:
        document = assert_read_or_refused(data, name)
        assert document is not None and expected in document.text


ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "big5", "utf-16")


@st.composite
def encoded_corpus_text(draw: st.DrawFn) -> bytes:
    """A stretch of a corpus text in one of the encodings reports come in, then damaged."""
    text = draw(st.sampled_from(sorted(CORPORA.glob("*.txt")))).read_text(encoding="utf-8")
    start = draw(st.integers(0, max(0, len(text) - 400)))
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text[start : start + 400].encode(encoding, errors="replace")
    return draw(mutated(data)) if draw(st.booleans()) else data


@FUZZ
@given(st.one_of(encoded_corpus_text(), st.binary(max_size=600)))
def test_any_bytes_decode_or_are_refused(data: bytes):
    try:
        decoded = decode(data, "input.txt")
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert isinstance(decoded.text, str)
    if decoded.problems:
        assert all(problem.stage == "read" for problem in decoded.problems)


@FUZZ
@given(
    st.sampled_from([b"%PDF-1.7\n", b"PK\x03\x04", b"<html>", b"<?xml version='1.0'?>", b""]),
    st.binary(max_size=2000),
)
def test_any_bytes_behind_a_format_signature_are_read_or_refused(signature: bytes, rest: bytes):
    for name in ("input.txt", "input.pdf", "input.docx", "input.html", "input.md"):
        assert_handled(signature + rest, name)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_undamaged_text_decodes_to_itself(encoding: str):
    text = SEED.read_text(encoding="utf-8")
    if encoding in {"gb18030", "big5"}:
        text = text.encode(encoding, errors="ignore").decode(encoding)
    decoded = decode(text.encode(encoding), "input.txt")
    assert decoded.text == text
    assert decoded.problems == ()


def test_read_bytes_names_its_input_in_every_error(tmp_path: Path):
    """The error message's prefix, on which the fuzz properties rely."""
    with pytest.raises(InputError, match=r"^x\.pdf: not a readable PDF: "):
        read_bytes(b"%PDF-1.7\nnot really", "x.pdf")
