"""Bytes to text: the format and the encoding of an input, detected and recorded.

Plain text comes in UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK or Big5. UTF-8 is
tried strictly first because it is both the common case and self-validating; only when it fails
does charset-normalizer choose among the Chinese legacy encodings. Anything that is not text
(NUL bytes, undecodable bytes, a file too large) is an :class:`InputError` naming the file and the
cause, never a half-read document. Other formats (HTML, DOCX, PDF, Markdown tables) are handed to
readers registered in :data:`READERS`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nlp_reports.errors import InputError
from nlp_reports.limits import DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES  # re-exported: its old home
from nlp_reports.records import Problem, SourceFormat, Table

_LEGACY_ENCODINGS = ("gb18030", "big5")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Possessive runs of white space: two runs that may split the same spaces between them made a
# line of 150 KB of spaces take minutes.
_MARKDOWN_DELIMITER = re.compile(
    rb"^[ \t]*+\|?[ \t]*:?-{3,}:?[ \t]*+(?:\|[ \t]*:?-{3,}:?[ \t]*+)+\|?[ \t]*$", re.M
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")


@dataclass
class Document:
    """What the read stage hands on: the text every later span indexes, and its provenance."""

    text: str
    path: str | None
    sha256: str
    format: SourceFormat
    encoding: str | None
    size: int
    tables: list[Table] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


Reader = Callable[[bytes, str], Document]
READERS: dict[SourceFormat, Reader] = {}


def detect_format(data: bytes) -> SourceFormat:
    """The format of an input from its first bytes.

    >>> detect_format(b"%PDF-1.7")
    'pdf'
    >>> detect_format("<html><body>报告</body></html>".encode())
    'html'
    >>> detect_format("一、总体情况".encode())
    'text'
    """
    head = data[:4096].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    lowered = head[:2048].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or any(
        tag in lowered for tag in (b"<html", b"<body", b"<table", b"<div", b"<p>", b"<p ")
    ):
        return "html"
    return "text"


def _is_markdown(data: bytes, name: str) -> bool:
    """A .md file, or text with a Markdown table delimiter row (|---|---|)."""
    if Path(name).suffix.lower() in {".md", ".markdown"}:
        return True
    return bool(_MARKDOWN_DELIMITER.search(data[:262144]))


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Text and encoding name of plain-text bytes; an InputError when they are not text.

    >>> decode_text("政府信息公开".encode("gb18030"), "x")
    ('政府信息公开', 'gb18030')
    >>> decode_text("政府信息公開".encode("big5"), "x")
    ('政府信息公開', 'big5')
    >>> decode_text(b"\\xef\\xbb\\xbf2015", "x")
    ('2015', 'utf-8-sig')
    """
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise InputError(name, f"invalid UTF-16 at byte {error.start}") from error
    if b"\x00" in data:
        raise InputError(name, "binary file (contains NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise InputError(
                name, f"invalid UTF-8 at byte {error.start + 3} after a UTF-8 BOM"
            ) from error
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        return _decode_legacy(data, name, utf8_error)


def _decode_legacy(data: bytes, name: str, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    import charset_normalizer

    decodable = []
    for encoding in _LEGACY_ENCODINGS:
        try:
            decodable.append((encoding, data.decode(encoding)))
        except UnicodeDecodeError:
            continue
    if not decodable:
        raise InputError(
            name,
            f"undecodable bytes: not UTF-8 (byte {utf8_error.start}), GB18030 or Big5",
        )
    if len(decodable) == 1:
        return decodable[0][1], decodable[0][0]
    best = charset_normalizer.from_bytes(data, cp_isolation=list(_LEGACY_ENCODINGS)).best()
    chosen = best.encoding if best is not None else _LEGACY_ENCODINGS[0]
    for encoding, text in decodable:
        if encoding == chosen or (chosen in {"gbk", "gb2312"} and encoding == "gb18030"):
            return text, encoding
    return decodable[0][1], decodable[0][0]


def _control_characters(text: str) -> int:
    """How many C0 control characters other than line breaks, tabs and form feeds."""
    return len(_CONTROL.findall(text))


def read_text_bytes(data: bytes, name: str) -> Document:
    """A plain-text document from its bytes."""
    text, encoding = decode_text(data, name)
    if text and _control_characters(text) > max(8, len(text) // 100):
        raise InputError(name, "binary file (control characters), not text")
    problems = []
    if not text.strip():
        problems.append(Problem(stage="read", message="empty input: no text to extract"))
    return Document(
        text=text,
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        format="text",
        encoding=encoding,
        size=len(data),
        problems=problems,
    )


def read_bytes(data: bytes, name: str) -> Document:
    """A document from bytes of any supported format."""
    import nlp_reports.readers  # noqa: F401  (registers the readers of the other formats)

    source_format = detect_format(data)
    if source_format == "text" and _is_markdown(data, name):
        source_format = "markdown"
    if source_format == "text":
        return read_text_bytes(data, name)
    reader = READERS.get(source_format)
    if reader is None:
        raise InputError(name, f"{source_format.upper()} input is not supported by this version")
    return reader(data, name)


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """A document from a file, with a one-line InputError for every way a file can be unreadable."""
    return read_bytes(read_file_bytes(path, max_bytes), str(path))


def read_file_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a file, or a one-line InputError: missing, a directory, too large, denied."""
    name = str(path)
    try:
        if path.is_dir():
            raise InputError(name, "is a directory, not a file")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(name, f"too large: {size} bytes, the limit is {max_bytes}")
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise InputError(name, "no such file") from error
    except PermissionError as error:
        raise InputError(name, "permission denied") from error
    except OSError as error:
        raise InputError(name, error.strerror or str(error)) from error
    return data


def read_string(text: str) -> Document:
    """A document from a str, which is always text, never a path."""
    return Document(
        text=text,
        path=None,
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        format="text",
        encoding=None,
        size=len(text.encode("utf-8", "surrogatepass")),
        problems=[]
        if text.strip()
        else [Problem(stage="read", message="empty input: no text to extract")],
    )
