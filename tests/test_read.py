"""read: encodings detected and recorded; every unreadable input is one clear InputError."""

from __future__ import annotations

from pathlib import Path

import pytest

import nlp_reports
from nlp_reports.errors import InputError
from nlp_reports.read import read_path

SENTENCE = "市府辦受理政府信息公開申請4宗,已全部在規定時間內作出答覆。"


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (SENTENCE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"), "utf-8-sig"),
        (SENTENCE.encode("utf-16"), "utf-16"),
        ("市府办受理政府信息公开申请4宗,已全部在规定时间内作出答复。".encode("gb18030"), "gb18030"),
        (SENTENCE.encode("big5"), "big5"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "gb18030", "big5"],
)
def test_text_encodings_are_detected_and_recorded(tmp_path: Path, encoded: bytes, encoding: str):
    path = tmp_path / "report.txt"
    path.write_bytes(encoded)
    document = read_path(path)
    assert document.encoding == encoding
    assert "4宗" in document.text
    assert document.format == "text"
    assert document.size == len(encoded)


def test_a_real_gbk_report_decodes_to_the_same_text(tmp_path: Path):
    original = (Path(__file__).parent.parent / "corpora" / "ogi-prose-02.txt").read_text(
        encoding="utf-8"
    )
    path = tmp_path / "gbk.txt"
    path.write_bytes(original.encode("gbk", errors="strict"))
    document = read_path(path)
    assert document.text == original
    assert document.encoding == "gb18030"


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes), not text"),
        (b"\xff\xfe\x3d\xd8\x3d\xd8", "invalid UTF-16"),
        (b"\x81\x30\xff\xff\xfe\x80\x80\xa1", "undecodable bytes"),
    ],
    ids=["binary", "broken-utf-16", "undecodable"],
)
def test_unreadable_bytes_raise_one_line_errors_naming_the_file(
    tmp_path: Path, content: bytes, cause: str
):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        read_path(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert cause in message
    assert "\n" not in message


def test_missing_file_and_directory_are_errors(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "absent.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_path(tmp_path)


def test_too_large_file_is_an_error(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_text("共4件。" * 100, encoding="utf-8")
    with pytest.raises(InputError, match="too large: 1000 bytes, the limit is 10"):
        read_path(path, max_bytes=10)


def test_empty_file_is_a_document_with_a_problem(tmp_path: Path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    document = read_path(path)
    assert document.text == ""
    assert [problem.message for problem in document.problems] == ["empty input: no text to extract"]


def test_a_str_with_lone_surrogates_still_gives_a_json_record():
    """A str can hold what no encoding writes; the record must still serialise, spans in place."""
    report = nlp_reports.extract("提前办结率\ud8f692.5%")
    assert report.text == "提前办结率\ufffd92.5%"
    assert [fact.span for fact in report.facts] == [(6, 11)]
    assert "lone surrogate" in report.problems[0].message
    assert '"92.5%"' in report.model_dump_json()
